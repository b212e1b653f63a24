#include "ui/panels/init_image_box.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/painting/image_convert.h"
#include "ui/mask_painter_dialog.h"

namespace sd::ui {

namespace {

constexpr int kThumb = 56;

// The init image's thumbnail with the mask over it in red.
QPixmap thumbnail(const QImage& image, const QImage& mask) {
  QImage shown = image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
  if (!mask.isNull()) {
    QImage red(mask.size(), QImage::Format_ARGB32_Premultiplied);
    red.fill(QColor(230, 40, 40));
    red.setAlphaChannel(mask);
    QPainter painter(&shown);
    painter.setOpacity(0.55);
    painter.drawImage(0, 0, red);
  }
  return QPixmap::fromImage(shown.scaled(kThumb, kThumb, Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

// Nothing painted: no inpainting (an all-black mask would repaint nothing).
bool isBlank(const QImage& mask) {
  const QImage grey = mask.convertToFormat(QImage::Format_Grayscale8);
  for (int y = 0; y < grey.height(); ++y) {
    const uchar* row = grey.constScanLine(y);
    for (int x = 0; x < grey.width(); ++x)
      if (row[x]) return false;
  }
  return true;
}

}  // namespace

InitImageBox::InitImageBox(QWidget* parent) : QGroupBox(tr("img2img and inpainting"), parent) {
  setObjectName("img2imgBox");
  setToolTip(tr("Start from an image instead of pure noise; paint a mask to repaint only part of it"));
  m_strength = new QSlider(Qt::Horizontal);
  m_strength->setObjectName("strengthSlider");
  m_strength->setRange(0, 100);  // hundredths of settings::kStrength's range
  m_strength->setValue(qRound(settings::kStrength.fallback * 100));
  m_strength->setToolTip(tr("Denoising strength: 0 keeps the image, 1 ignores it"));
  m_strengthValue = new QLabel(QString::number(settings::kStrength.fallback, 'f', 2));
  auto* strength = new QHBoxLayout;
  strength->addWidget(new QLabel(tr("Strength")));
  strength->addWidget(m_strength, 1);
  strength->addWidget(m_strengthValue);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(buildInitRow());
  layout->addLayout(strength);
  layout->addLayout(buildMaskRows());
  connect(m_strength, &QSlider::valueChanged, this,
          [this](int v) {
            m_strengthValue->setText(QString::number(v / 100.0, 'f', 2));
            Q_EMIT modeChanged();
          });
  showMaskState();
}

QLayout* InitImageBox::buildInitRow() {
  m_thumb = new QLabel;
  m_thumb->setFixedSize(kThumb, kThumb);
  m_thumb->setFrameShape(QFrame::StyledPanel);
  m_source = new QLabel(tr("No init image: text to image"));
  m_source->setWordWrap(true);
  auto* fromFile = new QPushButton(tr("File…"));
  fromFile->setToolTip(tr("Use an image file as the starting point"));
  auto* fromGallery = new QPushButton(tr("Selected"));
  fromGallery->setToolTip(tr("Use the image selected in the gallery"));
  auto* clear = new QPushButton(tr("Clear"));
  clear->setToolTip(tr("No init image (and no mask): text to image"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(fromFile);
  buttons->addWidget(fromGallery);
  buttons->addWidget(clear);
  auto* top = new QHBoxLayout;
  top->addWidget(m_thumb);
  top->addWidget(m_source, 1);
  auto* row = new QVBoxLayout;
  row->addLayout(top);
  row->addLayout(buttons);
  connect(fromFile, &QPushButton::clicked, this, &InitImageBox::openFile);
  connect(fromGallery, &QPushButton::clicked, this, &InitImageBox::useSelectedRequested);
  connect(clear, &QPushButton::clicked, this, &InitImageBox::clearInitImage);
  return row;
}

QLayout* InitImageBox::buildMaskRows() {
  m_paint = new QPushButton(tr("Paint mask…"));
  m_paint->setObjectName("paintMask");
  m_paint->setToolTip(tr("Paint over the init image what is to be repainted (inpainting)"));
  m_clearMask = new QPushButton(tr("No mask"));
  m_clearMask->setObjectName("clearMask");
  m_clearMask->setToolTip(tr("Drop the mask: the whole image is repainted (img2img)"));
  m_maskBlur = new QSpinBox;
  m_maskBlur->setObjectName("maskBlurSpin");
  m_maskBlur->setRange(settings::kMaskBlur.min, settings::kMaskBlur.max);
  m_maskBlur->setValue(settings::kMaskBlur.fallback);
  m_maskBlur->setSuffix(tr(" px"));
  m_maskBlur->setToolTip(tr("Mask blur (A1111): how far the repainted area fades into the kept one"));
  m_onlyMasked = new QCheckBox(tr("Only masked"));
  m_onlyMasked->setObjectName("onlyMaskedCheck");
  m_onlyMasked->setToolTip(tr("A1111's \"Inpaint area: Only masked\": render just the masked area (plus the padding) "
                              "at the full size, then paste it back: more detail for small areas"));
  m_padding = new QSpinBox;
  m_padding->setObjectName("onlyMaskedPaddingSpin");
  m_padding->setRange(settings::kOnlyMaskedPadding.min, settings::kOnlyMaskedPadding.max);
  m_padding->setValue(settings::kOnlyMaskedPadding.fallback);
  m_padding->setSuffix(tr(" px"));
  m_padding->setToolTip(tr("Masked area padding (A1111): context around the mask for \"Only masked\""));
  m_overlay = new QCheckBox(tr("Keep the rest"));
  m_overlay->setObjectName("inpaintOverlayCheck");
  m_overlay->setChecked(true);
  m_overlay->setToolTip(tr("Whole picture: paste the init image back outside the blurred mask, as A1111 does, so "
                           "only the painted area changes. Off: the model's raw output everywhere (as diffusers), "
                           "which repaints the rest a little too"));
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(m_paint);
  buttons->addWidget(m_clearMask);
  buttons->addWidget(m_overlay);
  buttons->addStretch(1);
  auto* settings = new QHBoxLayout;
  settings->addWidget(new QLabel(tr("Blur")));
  settings->addWidget(m_maskBlur);
  settings->addWidget(m_onlyMasked);
  settings->addWidget(m_padding);
  settings->addStretch(1);
  auto* rows = new QVBoxLayout;
  rows->addLayout(buttons);
  rows->addLayout(settings);
  connect(m_paint, &QPushButton::clicked, this, &InitImageBox::paintMask);
  connect(m_clearMask, &QPushButton::clicked, this, &InitImageBox::clearMask);
  connect(m_onlyMasked, &QCheckBox::toggled, m_padding, &QWidget::setEnabled);
  // "Only masked" always pastes back: the choice is the whole picture's.
  connect(m_onlyMasked, &QCheckBox::toggled, m_overlay, &QWidget::setDisabled);
  m_padding->setEnabled(false);
  return rows;
}

void InitImageBox::setInitImage(const QImage& image, const QString& source) {
  if (image.isNull()) return;
  m_init = image;
  m_mask = {};
  m_sourceText = tr("From %1 (%2×%3)").arg(source).arg(image.width()).arg(image.height());
  showMaskState();
  Q_EMIT initImageChanged(m_init);
}

void InitImageBox::clearInitImage() {
  m_init = {};
  m_mask = {};
  m_sourceText.clear();
  showMaskState();
  Q_EMIT initImageChanged(m_init);
}

bool InitImageBox::setMask(const QImage& mask) {
  if (m_init.isNull() || mask.size() != m_init.size()) return false;
  m_mask = isBlank(mask) ? QImage() : mask.convertToFormat(QImage::Format_Grayscale8);
  showMaskState();
  return true;
}

void InitImageBox::clearMask() {
  m_mask = {};
  showMaskState();
}

void InitImageBox::paintMask() {
  if (m_init.isNull()) return;
  MaskPainterDialog dialog(m_init, m_mask, m_maskBlur->value(), this);
  if (dialog.exec() == QDialog::Accepted) setMask(dialog.mask());
}

bool InitImageBox::inpaint(const QImage& image, const QString& source) {
  if (image.isNull()) return false;
  MaskPainterDialog dialog(image, {}, m_maskBlur->value(), this);
  if (dialog.exec() != QDialog::Accepted) return false;
  setInitImage(image, source);
  setMask(dialog.mask());
  return true;
}

QString InitImageBox::modeText() const {
  if (m_init.isNull()) return tr("Text to image");
  const QString strength = QString::number(m_strength->value() / 100.0, 'f', 2);
  return (hasMask() ? tr("Inpainting %1 · strength %2") : tr("img2img %1 · strength %2"))
      .arg(m_sourceText.isEmpty() ? QString() : m_sourceText.at(0).toLower() + m_sourceText.mid(1), strength);
}

void InitImageBox::showMaskState() {
  m_thumb->setPixmap(m_init.isNull() ? QPixmap() : thumbnail(m_init, m_mask));
  m_paint->setEnabled(!m_init.isNull());
  m_clearMask->setEnabled(hasMask());
  m_source->setText(m_init.isNull() ? tr("No init image: text to image")
                    : hasMask()      ? tr("%1: inpainting the red area").arg(m_sourceText)
                                     : tr("%1: img2img (paint a mask to inpaint)").arg(m_sourceText));
  Q_EMIT modeChanged();
}

void InitImageBox::openFile() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Init image"), {}, tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"));
  if (path.isEmpty()) return;
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QImage image = reader.read();
  if (!image.isNull()) setInitImage(image, QFileInfo(path).fileName());
}

void InitImageBox::applyTo(GenerationRequest& r) const {
  r.strength = m_strength->value() / 100.0;
  r.maskBlur = m_maskBlur->value();
  r.inpaintOnlyMasked = m_onlyMasked->isChecked();
  r.onlyMaskedPadding = m_padding->value();
  r.inpaintOverlay = m_overlay->isChecked() || m_onlyMasked->isChecked();
  r.initImage.reset();
  r.mask.reset();
  if (m_init.isNull()) return;
  r.initImage = toRgbImage(m_init);
  if (!m_mask.isNull()) r.mask = toRgbImage(m_mask);
}

void InitImageBox::setSettingsFrom(const GenerationRequest& r) {
  m_strength->setValue(qRound(r.strength * 100));
  m_maskBlur->setValue(r.maskBlur);
  m_onlyMasked->setChecked(r.inpaintOnlyMasked);
  m_padding->setValue(r.onlyMaskedPadding);
  m_overlay->setChecked(r.inpaintOverlay);
}

void InitImageBox::save(QSettings& s) const {
  s.setValue("strength", m_strength->value());
  s.setValue("maskBlur", m_maskBlur->value());
  s.setValue("onlyMasked", m_onlyMasked->isChecked());
  s.setValue("onlyMaskedPadding", m_padding->value());
  s.setValue("inpaintOverlay", m_overlay->isChecked());
}

void InitImageBox::restore(const QSettings& s) {
  m_strength->setValue(s.value("strength", m_strength->value()).toInt());
  m_maskBlur->setValue(s.value("maskBlur", settings::kMaskBlur.fallback).toInt());
  m_onlyMasked->setChecked(s.value("onlyMasked", false).toBool());
  m_padding->setValue(s.value("onlyMaskedPadding", settings::kOnlyMaskedPadding.fallback).toInt());
  m_overlay->setChecked(s.value("inpaintOverlay", true).toBool());
}

}  // namespace sd::ui
