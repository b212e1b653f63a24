#include "ui/get_models_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <filesystem>

#include "core/catalogue/model_file_verify.h"
#include "core/catalogue/model_install.h"
#include "ui/model_install_job.h"

namespace sd::ui {

namespace {

QString bytesText(uint64_t bytes) { return QString::fromStdString(formatBytes(bytes)); }

// "installed", "partly downloaded (1.2 GB of 4.3 GB)" or "not installed".
QString stateText(const InstallPlan& plan) {
  if (plan.installed()) return GetModelsDialog::tr("installed");
  uint64_t part = 0;
  for (const auto& f : plan.files) part += f.state == PlannedState::Partial ? f.partBytes : 0;
  if (part > 0) return GetModelsDialog::tr("partly downloaded (%1 of %2)").arg(bytesText(part), bytesText(plan.totalBytes()));
  return GetModelsDialog::tr("not installed");
}

}  // namespace

GetModelsDialog::GetModelsDialog(KnownModels catalogue, QString modelsDir, QWidget* parent)
    : QDialog(parent), m_catalogue(std::move(catalogue)), m_modelsDir(std::move(modelsDir)) {
  setWindowTitle(tr("Get models"));
  auto* layout = new QVBoxLayout(this);
  m_list = new QTreeWidget;
  m_list->setObjectName("modelList");
  m_list->setHeaderLabels({tr("Model"), tr("Size"), tr("State")});
  m_list->setRootIsDecorated(false);
  m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
  layout->addWidget(m_list);
  m_checks = new QLabel;
  m_checks->setObjectName("checksLabel");
  m_checks->setTextFormat(Qt::PlainText);
  layout->addWidget(m_checks);
  auto* form = new QFormLayout;
  m_source = new QLineEdit;
  m_source->setObjectName("sourceEdit");
  m_source->setPlaceholderText(tr("the publisher (Hugging Face); or a mirror URL or a folder to import from"));
  form->addRow(tr("Source:"), m_source);
  form->addRow(tr("Installs into:"), new QLabel(m_modelsDir));
  m_replace = new QCheckBox(tr("Replace files that differ from the catalogue's (e.g. your own fine-tuned UNet)"));
  m_replace->setObjectName("replaceCheck");
  form->addRow(QString(), m_replace);
  layout->addLayout(form);
  m_bar = new QProgressBar;
  m_bar->setRange(0, 1000);
  m_bar->setValue(0);
  m_bar->setTextVisible(false);
  layout->addWidget(m_bar);
  m_status = new QLabel(tr("Choose a model and press Download. Each file is checked before it is used: by its "
                            "sha256 where the catalogue knows it, else by its size and tensors."));
  m_status->setObjectName("statusLabel");
  m_status->setTextFormat(Qt::PlainText);  // error text names files and servers: never markup
  m_status->setWordWrap(true);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(m_status);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
  m_download = buttons->addButton(tr("&Download"), QDialogButtonBox::ActionRole);
  m_cancel = buttons->addButton(tr("&Cancel download"), QDialogButtonBox::ActionRole);
  m_download->setObjectName("downloadButton");
  m_cancel->setObjectName("cancelButton");
  connect(m_download, &QPushButton::clicked, this, &GetModelsDialog::download);
  connect(m_cancel, &QPushButton::clicked, this, &GetModelsDialog::cancel);
  connect(buttons, &QDialogButtonBox::rejected, this, &GetModelsDialog::reject);
  layout->addWidget(buttons);
  connect(m_list, &QTreeWidget::currentItemChanged, this, [this] {
    m_download->setEnabled(!isBusy() && selected());
    m_checks->setText(selected() ? QString::fromStdString("Checks: " + describeChecks(*selected()) + ".") : QString());
  });
  refreshStates();
  setBusy(false);
  resize(720, 420);
}

GetModelsDialog::~GetModelsDialog() = default;

void GetModelsDialog::refreshStates() {
  const QString current = m_list->currentItem() ? m_list->currentItem()->data(0, Qt::UserRole).toString() : QString();
  m_list->clear();
  for (const auto& m : m_catalogue.models()) {
    if (!m.loadable) continue;  // a pickle: listed by `models list`, never offered here
    const InstallPlan plan = planInstall(m, m_modelsDir.toStdString(), false);
    const bool exact = std::all_of(m.files.begin(), m.files.end(), [](const auto& f) { return f.size.has_value(); });
    auto* item = new QTreeWidgetItem(m_list, {QString::fromStdString(m.name), (exact ? "" : "~") + bytesText(plan.totalBytes()),
                                              stateText(plan)});
    item->setData(0, Qt::UserRole, QString::fromStdString(m.id));
    item->setToolTip(0, QString::fromStdString(m.id + " — " + m.source));
    if (QString::fromStdString(m.id) == current) m_list->setCurrentItem(item);
  }
}

void GetModelsDialog::selectModel(const QString& id) {
  for (int i = 0; i < m_list->topLevelItemCount(); ++i)
    if (m_list->topLevelItem(i)->data(0, Qt::UserRole).toString() == id) m_list->setCurrentItem(m_list->topLevelItem(i));
}

void GetModelsDialog::setSource(const QString& source) { m_source->setText(source); }
QString GetModelsDialog::statusText() const { return m_status->text(); }
bool GetModelsDialog::isBusy() const { return m_busy; }

const KnownModel* GetModelsDialog::selected() const {
  if (!m_list->currentItem()) return nullptr;
  return m_catalogue.find(m_list->currentItem()->data(0, Qt::UserRole).toString().toStdString());
}

void GetModelsDialog::setBusy(bool busy) {
  m_busy = busy;
  m_download->setEnabled(!busy && selected());
  m_cancel->setEnabled(busy);
  m_list->setEnabled(!busy);
  m_source->setEnabled(!busy);
  m_replace->setEnabled(!busy);
}

void GetModelsDialog::showError(const QString& message) {
  m_status->setStyleSheet("color: #b00020");
  m_status->setText(message);
}

void GetModelsDialog::download() {
  const KnownModel* model = selected();
  if (!model || isBusy() || (m_job && m_job->isRunning())) return;
  m_status->setStyleSheet({});
  m_status->setText(tr("Starting…"));
  m_file.clear();
  m_job = std::make_unique<ModelInstallJob>(*model, m_modelsDir, m_source->text().trimmed(), m_replace->isChecked());
  const QString kind = QString::fromStdString(model->kind);
  const bool single = model->layout == "single-file";
  const QString fileName = QString::fromStdString(model->files.front().path);
  connect(m_job.get(), &ModelInstallJob::progress, this, &GetModelsDialog::showProgress);
  connect(m_job.get(), &ModelInstallJob::note, this, [this](const QString& line) { m_status->setText(line); });
  connect(m_job.get(), &ModelInstallJob::installed, this, [=, this](const QString& folder) {
    setBusy(false);
    m_bar->setValue(m_bar->maximum());
    m_status->setText(tr("Installed in %1 (%2).").arg(folder, QString::fromStdString(describeChecks(m_job->model()))));
    refreshStates();
    Q_EMIT modelInstalled(single ? folder + "/" + fileName : folder, kind);
  });
  connect(m_job.get(), &ModelInstallJob::failed, this, [this](const QString& message) {
    setBusy(false);
    showError(message);
    refreshStates();
  });
  connect(m_job.get(), &ModelInstallJob::cancelled, this, [this] {
    setBusy(false);
    m_status->setText(tr("Cancelled. What was downloaded is kept: Download resumes it."));
    refreshStates();
  });
  setBusy(true);
  m_job->start();
}

void GetModelsDialog::cancel() {
  if (m_job) m_job->cancel();
}

void GetModelsDialog::reject() {
  if (isBusy()) {
    cancel();
    m_status->setText(tr("Cancelling…"));
    return;  // closes once the job has stopped: press Close again
  }
  QDialog::reject();
}

void GetModelsDialog::showProgress(const QString& file, const QString& phase, qint64 done, qint64 total) {
  if (m_file.isEmpty()) m_meter.start(uint64_t(total), uint64_t(done));
  m_file = file;
  m_meter.setTotal(uint64_t(total));
  m_meter.update(uint64_t(done));
  m_bar->setValue(total > 0 ? int(1000.0 * double(done) / double(total)) : 0);
  const QString what = phase == "verifying" ? tr("Verifying %1").arg(file) : tr("Downloading %1").arg(file);
  m_status->setText(what + " — " + QString::fromStdString(m_meter.describe()));
}

}  // namespace sd::ui
