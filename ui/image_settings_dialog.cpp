#include "ui/image_settings_dialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/metadata/recipe_request.h"
#include "core/metadata/settings_reader.h"
#include "core/metadata/settings_report.h"
#include "core/util/error.h"

namespace sd::ui {

ImageSettingsDialog::ImageSettingsDialog(const QString& imagePath, QWidget* parent)
    : QDialog(parent), m_preview(new QLabel(this)), m_text(new QPlainTextEdit(this)), m_use(nullptr) {
  setWindowTitle(tr("Image settings — %1").arg(QFileInfo(imagePath).fileName()));
  QString report;
  try {
    m_settings = readSettings(imagePath.toStdString());
    report = QString::fromStdString(formatSettingsText(m_settings));
  } catch (const Error& e) {
    report = tr("Cannot read this file: %1").arg(QString::fromUtf8(e.what()));
  }
  const QImage image(imagePath);
  if (!image.isNull())
    m_preview->setPixmap(QPixmap::fromImage(image.scaled(192, 192, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
  m_preview->setAlignment(Qt::AlignTop);
  m_text->setReadOnly(true);
  m_text->setPlainText(report);
  m_text->setMinimumWidth(420);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  m_use = buttons->addButton(tr("Use these settings"), QDialogButtonBox::AcceptRole);
  m_use->setEnabled(hasSettings());
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_use, &QPushButton::clicked, this, [this] {
    QStringList lost;
    for (const auto& what : whatCannotBeRestored(m_settings)) lost << QString::fromStdString(what);
    const bool fromImage = m_settings.recipe.denoisingStrength.has_value() && !usedHiresFix(m_settings);
    Q_EMIT useSettings(requestFromSettings(m_settings, m_base), lost, fromImage);
    accept();
  });

  auto* row = new QHBoxLayout;
  row->addWidget(m_preview);
  row->addWidget(m_text, 1);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(row);
  layout->addWidget(buttons);
}

QString ImageSettingsDialog::text() const { return m_text->toPlainText(); }

}  // namespace sd::ui
