#include "ui/export_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
QCheckBox* option(const QString& text, const QString& tip, const QString& key, bool fallback) {
  auto* box = new QCheckBox(text);
  box->setToolTip(tip);
  box->setObjectName(key);
  box->setChecked(QSettings().value("export/" + key, fallback).toBool());
  return box;
}
}  // namespace

namespace {

// "<name>-2", "-3", …: the first that is not there yet.
QString freeFolderName(const QDir& parent, const QString& name) {
  for (int n = 2;; ++n) {
    const QString candidate = QStringLiteral("%1-%2").arg(name).arg(n);
    if (!parent.exists(candidate)) return candidate;
  }
}

}  // namespace

ExportDialog::ExportDialog(QWidget* parent, const QString& filter, const QString& galleryName)
    : QDialog(parent), m_filter(filter.trimmed()), m_galleryName(galleryName) {
  setWindowTitle(tr("Export gallery"));
  const ExportChoice defaults;
  QSettings s;
  m_folder = new QLineEdit(s.value("export/folder", QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                               .toString());
  m_folder->setObjectName("exportFolder");
  auto* browse = new QPushButton(tr("Browse…"));
  m_html = option(tr("HTML page"), tr("index.html: every image with its prompt, settings and bars"), "html", defaults.html);
  m_embed = option(tr("Images inside the page"), tr("One self-contained HTML file to mail (larger)"), "embed", defaults.embed);
  m_csv = option(tr("CSV table"), tr("scores.csv: one row per image and prompt"), "csv", defaults.csv);
  m_json = option(tr("JSON"), tr("scores.json: settings and scores of every image"), "json", defaults.json);
  m_sheet = option(tr("Contact sheet"), tr("contact-sheet.png: the gallery as one picture, bars as on screen"),
                   "contactSheet", defaults.contactSheet);
  m_zip = option(tr("Zip archive"), tr("Everything above in one .zip"), "zip", defaults.zip);
  m_embed->setEnabled(m_html->isChecked());
  connect(m_html, &QCheckBox::toggled, m_embed, &QWidget::setEnabled);

  auto* where = new QHBoxLayout;
  where->addWidget(m_folder, 1);
  where->addWidget(browse);
  auto* form = new QFormLayout;
  form->addRow(tr("To folder"), where);
  form->addRow(tr("Always"), new QLabel(tr("the images (PNG files with their settings)")));
  if (!m_filter.isEmpty()) {
    m_filtered = new QCheckBox(tr("Only the images the filter keeps: %1").arg(m_filter));
    m_filtered->setObjectName("exportFiltered");
    m_filtered->setChecked(true);
    m_filtered->setToolTip(tr("The gallery's filter is in force; unticked, every image of the gallery is exported"));
    form->addRow(tr("Which"), m_filtered);
  }
  for (QCheckBox* box : {m_html, m_embed, m_csv, m_json, m_sheet, m_zip}) form->addRow(QString(), box);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
  buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole)->setObjectName("exportButton");
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buttons);

  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the gallery to…"), m_folder->text());
    if (!dir.isEmpty()) m_folder->setText(QDir::toNativeSeparators(dir));
  });
  connect(buttons, &QDialogButtonBox::accepted, this, [this] {
    if (!settleExistingTarget()) return;
    remember();
    accept();
  });
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ExportChoice ExportDialog::choice() const {
  ExportChoice c;
  c.folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
  c.html = m_html->isChecked();
  c.embed = c.html && m_embed->isChecked();
  c.csv = m_csv->isChecked();
  c.json = m_json->isChecked();
  c.contactSheet = m_sheet->isChecked();
  c.zip = m_zip->isChecked();
  if (m_filtered && m_filtered->isChecked()) c.filter = m_filter;
  c.name = m_name;
  c.overwrite = m_overwrite;
  return c;
}

bool ExportDialog::settleExistingTarget() {
  m_name.clear();
  m_overwrite = false;
  if (m_galleryName.isEmpty()) return true;
  const QDir parent(QDir::fromNativeSeparators(m_folder->text().trimmed()));
  const QDir target(parent.filePath(m_galleryName));
  if (!target.exists() || target.isEmpty()) return true;
  const QString next = freeFolderName(parent, m_galleryName);
  QMessageBox box(QMessageBox::Question, tr("Export gallery"),
                  tr("%1 holds an earlier export.").arg(QDir::toNativeSeparators(target.path())), QMessageBox::NoButton,
                  this);
  box.setInformativeText(tr("Overwrite its files, or export into a new folder %1 beside it?").arg(next));
  QPushButton* overwrite = box.addButton(tr("Overwrite"), QMessageBox::DestructiveRole);
  overwrite->setObjectName("exportOverwrite");
  QPushButton* fresh = box.addButton(tr("New folder %1").arg(next), QMessageBox::AcceptRole);
  fresh->setObjectName("exportNewFolder");
  box.addButton(QMessageBox::Cancel)->setObjectName("exportBack");
  box.setDefaultButton(fresh);
  box.exec();
  if (box.clickedButton() == overwrite) m_overwrite = true;
  else if (box.clickedButton() == fresh) m_name = next;
  else return false;
  return true;
}

void ExportDialog::remember() const {
  QSettings s;
  s.setValue("export/folder", m_folder->text().trimmed());
  for (QCheckBox* box : {m_html, m_embed, m_csv, m_json, m_sheet, m_zip}) s.setValue("export/" + box->objectName(), box->isChecked());
}

}  // namespace sd::ui
