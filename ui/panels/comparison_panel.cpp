#include "ui/panels/comparison_panel.h"

#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include "core/text/prompts_file.h"
#include "core/util/file_io.h"
#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/widgets/comparison_grid.h"
#include "ui/widgets/confusion_heat_map.h"

namespace sd::ui {

ComparisonPanel::ComparisonPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("ComparisonPanel");
  m_grid = new ComparisonGrid;
  auto* scroll = new QScrollArea;
  scroll->setWidget(m_grid);
  scroll->setWidgetResizable(false);
  m_heatMap = new ConfusionHeatMap;
  m_summary = new QLabel;
  m_summary->setObjectName("comparisonSummary");
  m_summary->setWordWrap(true);
  m_editTimer = new QTimer(this);
  m_editTimer->setSingleShot(true);
  m_editTimer->setInterval(300);

  auto* matrix = new QWidget;
  auto* matrixLayout = new QVBoxLayout(matrix);
  matrixLayout->setContentsMargins(0, 0, 0, 0);
  matrixLayout->addWidget(m_summary);
  matrixLayout->addWidget(m_heatMap, 1);
  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(scroll);
  right->addWidget(matrix);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 2);
  right->setSizes({560, 300});
  m_heatMap->setMaximumHeight(420);
  auto* split = new QSplitter(Qt::Horizontal);
  split->setObjectName("comparisonSplitter");
  split->addWidget(buildEditor());
  split->addWidget(right);
  split->setStretchFactor(1, 3);
  split->setSizes({180, 800});
  // The grid's cells follow the visible width (three columns at laptop sizes).
  m_gridScroll = scroll;
  scroll->viewport()->installEventFilter(this);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(split);
  connect(m_prompts, &QPlainTextEdit::textChanged, m_editTimer, qOverload<>(&QTimer::start));
  connect(m_editTimer, &QTimer::timeout, this, &ComparisonPanel::applyEdits);
}

bool ComparisonPanel::eventFilter(QObject* watched, QEvent* event) {
  if (m_gridScroll && watched == m_gridScroll->viewport() && event->type() == QEvent::Resize)
    m_grid->fitWidth(m_gridScroll->viewport()->width());
  return QWidget::eventFilter(watched, event);
}

QWidget* ComparisonPanel::buildEditor() {
  m_prompts = new QPlainTextEdit;
  m_prompts->setObjectName("comparisonPrompts");
  m_prompts->setPlaceholderText(tr("One prompt per line (2–8).\n\nEmpty: the gallery's own prompts are compared."));
  m_prompts->setToolTip(tr("The comparison set. Every image is scored against these prompts; editing them "
                           "re-scores the whole gallery instantly."));
  m_seeds = new QSpinBox;
  m_seeds->setObjectName("comparisonSeeds");
  m_seeds->setRange(1, 16);
  m_seeds->setValue(2);
  m_seeds->setToolTip(tr("How many seeds (grid rows) each prompt is rendered at"));
  m_temperature = new QDoubleSpinBox;
  m_temperature->setRange(0.5, 100);
  m_temperature->setValue(ComparisonSet::kDefaultTemperature);
  m_temperature->setToolTip(tr("Softmax temperature T: probabilities = softmax(CLIP logits / T); 10 as in the "
                               "transformers example, larger = flatter bars"));
  m_render = new QPushButton(tr("Render the set"));
  m_render->setObjectName("renderComparison");
  m_render->setToolTip(tr("Queue every prompt of the set at the same seeds (uses the current settings and seed)"));
  m_setStatus = new QLabel;
  m_setStatus->setWordWrap(true);
  auto* load = new QPushButton(tr("Load…"));
  load->setObjectName("loadComparisonSet");
  load->setToolTip(tr("Take the set from a text file: one prompt per line, blank lines skipped (as A1111's "
                      "prompts from file)"));
  auto* save = new QPushButton(tr("Save…"));
  save->setObjectName("saveComparisonSet");
  save->setToolTip(tr("Write the set to a text file, one prompt per line"));
  auto* files = new QHBoxLayout;
  files->addWidget(load);
  files->addWidget(save);
  auto* form = new QFormLayout;
  form->addRow(tr("Seeds"), m_seeds);
  form->addRow(tr("Temperature"), m_temperature);
  auto* editor = new QWidget;
  auto* layout = new QVBoxLayout(editor);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(new QLabel(tr("<b>Comparison set</b>")));
  layout->addWidget(m_prompts, 1);
  layout->addLayout(files);
  layout->addWidget(m_setStatus);
  layout->addLayout(form);
  layout->addWidget(m_render);
  connect(m_render, &QPushButton::clicked, this, [this] {
    applyEdits();
    if (m_set) Q_EMIT renderRequested(m_set->prompts(), seedCount());
  });
  connect(load, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Load a comparison set"), {},
                                                      tr("Text files (*.txt);;All files (*)"));
    if (!path.isEmpty()) loadPromptsFile(path);
  });
  connect(save, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the comparison set"), tr("comparison-set.txt"),
                                                      tr("Text files (*.txt)"));
    if (!path.isEmpty()) savePromptsFile(path);
  });
  connect(m_temperature, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double t) {
    if (m_set) m_set->setTemperature(t);
    QSettings().setValue("comparison/temperature", t);
  });
  connect(m_seeds, qOverload<int>(&QSpinBox::valueChanged), this,
          [](int n) { QSettings().setValue("comparison/seeds", n); });
  return editor;
}

void ComparisonPanel::setModels(ComparisonSet* set, GalleryModel* gallery) {
  m_set = set;
  m_gallery = gallery;
  m_grid->setModel(gallery);
  // The set, its seeds and temperature are as the last session left them.
  QSettings s;
  m_seeds->setValue(s.value("comparison/seeds", m_seeds->value()).toInt());
  m_temperature->setValue(s.value("comparison/temperature", m_temperature->value()).toDouble());
  set->setTemperature(m_temperature->value());
  m_prompts->setPlainText(s.value("comparison/prompts").toStringList().join('\n'));
  m_editTimer->stop();
  set->setExplicitPrompts(editedPrompts());
  connect(set, &ComparisonSet::changed, this, &ComparisonPanel::refresh);
  connect(gallery, &QAbstractItemModel::rowsInserted, this, &ComparisonPanel::refresh);
  connect(gallery, &QAbstractItemModel::rowsRemoved, this, &ComparisonPanel::refresh);
  connect(gallery, &QAbstractItemModel::dataChanged, this, &ComparisonPanel::refresh);
  connect(gallery, &GalleryModel::filterChanged, this, &ComparisonPanel::refresh);
  refresh();
}

QStringList ComparisonPanel::editedPrompts() const {
  QStringList lines;
  for (const QString& line : m_prompts->toPlainText().split('\n'))
    if (!line.trimmed().isEmpty()) lines << line.trimmed();
  return lines;
}

void ComparisonPanel::setPrompts(const QStringList& prompts) {
  m_prompts->setPlainText(prompts.join('\n'));
  applyEdits();
}

bool ComparisonPanel::loadPromptsFile(const QString& path) {
  try {
    QStringList prompts;
    for (const auto& prompt : readPromptsFile(path.toStdString())) prompts << QString::fromStdString(prompt);
    setPrompts(prompts);
    return true;
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Load a comparison set"), QString::fromUtf8(e.what()));
    return false;
  }
}

bool ComparisonPanel::savePromptsFile(const QString& path) {
  std::vector<std::string> prompts;
  for (const QString& p : editedPrompts()) prompts.push_back(p.toStdString());
  try {
    writeFileAtomically(path.toStdString(), formatPromptLines(prompts));
    return true;
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Save the comparison set"), QString::fromUtf8(e.what()));
    return false;
  }
}

int ComparisonPanel::seedCount() const { return m_seeds->value(); }
QString ComparisonPanel::summaryText() const { return m_summary->text(); }

void ComparisonPanel::applyEdits() {
  m_editTimer->stop();
  if (m_set) m_set->setExplicitPrompts(editedPrompts());
  QSettings().setValue("comparison/prompts", editedPrompts());
}

void ComparisonPanel::refresh() {
  if (!m_set || !m_gallery) return;
  const int edited = editedPrompts().size();
  m_setStatus->setText(m_set->isAutomatic()
                           ? tr("Automatic: the gallery's last %1 prompts.").arg(m_set->prompts().size())
                           : edited > ComparisonSet::kMaxPrompts
                               ? tr("Only the last %1 prompts are used.").arg(ComparisonSet::kMaxPrompts)
                               : tr("%1 prompts.").arg(m_set->prompts().size()));
  m_render->setEnabled(!m_set->prompts().isEmpty());
  const ConfusionMatrix matrix = m_gallery->confusion();
  m_heatMap->setMatrix(matrix);
  const QString filtered = m_gallery->isFiltered()
                               ? tr(" Filter: %1.").arg(m_gallery->filterQuery().toHtmlEscaped())
                               : QString();
  m_summary->setText((matrix.images == 0
                          ? tr("No scored images of these prompts yet (load a CLIP model to score them).")
                          : tr("Own prompt on top for <b>%1 of %2</b> images (%3%).")
                                .arg(matrix.ownTop).arg(matrix.images).arg(matrix.ownTopShare() * 100, 0, 'f', 0)) +
                     filtered);
}

}  // namespace sd::ui
