#include "ui/panels/settings_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>

#include "core/pipeline/generation_request.h"
#include "core/schedulers/scheduler_names.h"
#include "ui/panels/seed_controls.h"
#include "ui/panels/variation_controls.h"

namespace sd::ui {

namespace {
QSpinBox* spin(int min, int max, int step, int value, const QString& tip, const QString& name) {
  auto* s = new QSpinBox;
  s->setRange(min, max);
  s->setSingleStep(step);
  s->setValue(value);
  s->setToolTip(tip);
  s->setObjectName(name);
  return s;
}
}  // namespace

SettingsPanel::SettingsPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("SettingsPanel");
  m_width = spin(64, 2048, 8, 512, tr("Image width in pixels (a multiple of 8)"), "widthSpin");
  m_height = spin(64, 2048, 8, 512, tr("Image height in pixels (a multiple of 8)"), "heightSpin");
  m_steps = spin(1, 150, 1, 25, tr("Denoising steps: 20–30 suit DPM++ 2M Karras"), "stepsSpin");
  m_guidance = new QDoubleSpinBox;
  m_guidance->setObjectName("guidanceSpin");
  m_guidance->setRange(0, 30);
  m_guidance->setSingleStep(0.5);
  m_guidance->setValue(7.5);
  m_guidance->setToolTip(tr("Classifier-free guidance (CFG scale): how strongly the prompt steers; ≤ 1 turns it off"));
  m_scheduler = new QComboBox;
  m_scheduler->setObjectName("schedulerCombo");
  m_scheduler->setToolTip(tr("Sampler, named as in AUTOMATIC1111"));
  for (const SchedulerInfo& info : knownSchedulers())
    m_scheduler->addItem(QString::fromStdString(a1111Label(info)), QString::fromStdString(info.id));
  setScheduler("dpmpp_2m_karras");
  m_clipSkip = spin(1, 4, 1, 1, tr("Clip skip (A1111): 1 uses CLIP's last layer, 2 the one before"), "clipSkipSpin");
  m_batch = spin(1, 16, 1, 1, tr("Images per prompt, at seeds seed, seed+1, …"), "batchSpin");
  m_seed = new SeedControls;
  m_variation = new VariationControls;
  // Score trajectory (issue 12): recorded only while a CLIP model is loaded.
  m_trajectoryEvery = spin(0, 150, 1, 5, tr("Score trajectory every N steps (0 = off): with a CLIP model loaded, "
                                            "the image-to-be is scored every N steps and drawn in the Insight tab"),
                           "trajectorySpin");
  m_trajectoryDecoder = new QComboBox;
  m_trajectoryDecoder->setObjectName("trajectoryDecoderCombo");
  m_trajectoryDecoder->addItem(tr("Approximation"), int(EstimateDecoder::Approximation));
  m_trajectoryDecoder->addItem(tr("VAE"), int(EstimateDecoder::Vae));
  m_trajectoryDecoder->setToolTip(tr("How each step's estimate becomes pixels for CLIP: the linear approximation "
                                     "costs nothing, the VAE is exact but costs a decode per scored step"));

  auto* size = new QHBoxLayout;
  size->addWidget(m_width);
  size->addWidget(new QLabel("×"));
  size->addWidget(m_height);
  auto* form = new QFormLayout;
  form->addRow(tr("Size"), size);
  form->addRow(tr("Sampler"), m_scheduler);
  form->addRow(tr("Steps"), m_steps);
  form->addRow(tr("CFG scale"), m_guidance);
  form->addRow(tr("Clip skip"), m_clipSkip);
  form->addRow(tr("Batch"), m_batch);
  form->addRow(tr("Seed"), m_seed);
  form->addRow(tr("Variation"), m_variation);
  auto* trajectory = new QHBoxLayout;
  trajectory->addWidget(m_trajectoryEvery);
  trajectory->addWidget(m_trajectoryDecoder, 1);
  form->addRow(tr("Trajectory"), trajectory);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(buildImg2ImgBox());
  layout->addStretch(1);
}

QWidget* SettingsPanel::buildImg2ImgBox() {
  m_img2img = new QGroupBox(tr("img2img"));
  m_img2img->setObjectName("img2imgBox");
  m_img2img->setToolTip(tr("Start from an image instead of pure noise"));
  m_initThumb = new QLabel;
  m_initThumb->setFixedSize(56, 56);
  m_initThumb->setFrameShape(QFrame::StyledPanel);
  m_initSource = new QLabel(tr("No init image: text to image"));
  m_initSource->setWordWrap(true);
  auto* fromFile = new QPushButton(tr("File…"));
  fromFile->setToolTip(tr("Use an image file as the starting point"));
  auto* fromGallery = new QPushButton(tr("Selected"));
  fromGallery->setToolTip(tr("Use the image selected in the gallery"));
  auto* clear = new QPushButton(tr("Clear"));
  m_strength = new QSlider(Qt::Horizontal);
  m_strength->setObjectName("strengthSlider");
  m_strength->setRange(0, 100);
  m_strength->setValue(75);
  m_strength->setToolTip(tr("Denoising strength: 0 keeps the image, 1 ignores it"));
  m_strengthValue = new QLabel("0.75");

  auto* top = new QHBoxLayout;
  top->addWidget(m_initThumb);
  top->addWidget(m_initSource, 1);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(fromFile);
  buttons->addWidget(fromGallery);
  buttons->addWidget(clear);
  auto* strength = new QHBoxLayout;
  strength->addWidget(new QLabel(tr("Strength")));
  strength->addWidget(m_strength, 1);
  strength->addWidget(m_strengthValue);
  auto* box = new QVBoxLayout(m_img2img);
  box->addLayout(top);
  box->addLayout(buttons);
  box->addLayout(strength);

  connect(fromFile, &QPushButton::clicked, this, &SettingsPanel::openInitFile);
  connect(fromGallery, &QPushButton::clicked, this, &SettingsPanel::useSelectedAsInitRequested);
  connect(clear, &QPushButton::clicked, this, &SettingsPanel::clearInitImage);
  connect(m_strength, &QSlider::valueChanged, this,
          [this](int v) { m_strengthValue->setText(QString::number(v / 100.0, 'f', 2)); });
  return m_img2img;
}

void SettingsPanel::applyTo(GenerationRequest& r) const {
  r.width = m_width->value() / 8 * 8;
  r.height = m_height->value() / 8 * 8;
  r.steps = m_steps->value();
  r.guidanceScale = m_guidance->value();
  r.scheduler = schedulerId().toStdString();
  r.clipSkip = m_clipSkip->value();
  r.batch = m_batch->value();
  r.strength = m_strength->value() / 100.0;
  r.trajectoryEvery = m_trajectoryEvery->value();
  r.trajectoryDecoder = EstimateDecoder(m_trajectoryDecoder->currentData().toInt());
  m_variation->applyTo(r);
  r.initImage.reset();
}

void SettingsPanel::setFrom(const GenerationRequest& r) {
  setSize(r.width, r.height);
  m_steps->setValue(r.steps);
  m_guidance->setValue(r.guidanceScale);
  setScheduler(QString::fromStdString(r.scheduler));
  m_clipSkip->setValue(r.clipSkip);
  m_variation->setFrom(r);
}

void SettingsPanel::setSize(int width, int height) {
  m_width->setValue(width);
  m_height->setValue(height);
}

void SettingsPanel::setSteps(int steps) { m_steps->setValue(steps); }
void SettingsPanel::setBatch(int batch) { m_batch->setValue(batch); }
int SettingsPanel::batch() const { return m_batch->value(); }
QString SettingsPanel::schedulerId() const { return m_scheduler->currentData().toString(); }

void SettingsPanel::setScheduler(const QString& nameOrId) {
  const auto info = findScheduler(nameOrId.toStdString());
  const int index = info ? m_scheduler->findData(QString::fromStdString(info->id)) : -1;
  if (index >= 0) m_scheduler->setCurrentIndex(index);
}

void SettingsPanel::setInitImage(const QImage& image, const QString& source) {
  if (image.isNull()) return;
  m_init = image;
  m_initThumb->setPixmap(QPixmap::fromImage(image.scaled(56, 56, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
  m_initSource->setText(tr("From %1 (%2×%3)").arg(source).arg(image.width()).arg(image.height()));
  // Render at the init image's size, as diffusers does unless told otherwise.
  const auto size = sizeForInitImage(image.width(), image.height());
  setSize(size.width, size.height);
}

void SettingsPanel::clearInitImage() {
  m_init = {};
  m_initThumb->clear();
  m_initSource->setText(tr("No init image: text to image"));
}

void SettingsPanel::openInitFile() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Init image"), {}, tr("Images (*.png *.jpg *.jpeg *.webp *.bmp)"));
  if (path.isEmpty()) return;
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QImage image = reader.read();
  if (!image.isNull()) setInitImage(image, QFileInfo(path).fileName());
}

void SettingsPanel::saveSettings() const {
  QSettings s;
  s.beginGroup("settings");
  s.setValue("width", m_width->value());
  s.setValue("height", m_height->value());
  s.setValue("steps", m_steps->value());
  s.setValue("guidance", m_guidance->value());
  s.setValue("scheduler", schedulerId());
  s.setValue("clipSkip", m_clipSkip->value());
  s.setValue("batch", m_batch->value());
  s.setValue("strength", m_strength->value());
  s.setValue("trajectoryEvery", m_trajectoryEvery->value());
  s.setValue("trajectoryDecoder", m_trajectoryDecoder->currentIndex());
  s.setValue("seedLocked", m_seed->isLocked());
  s.setValue("seedIncrement", m_seed->incrementsPerImage());
  s.setValue("seed", m_seed->seed());
}

bool SettingsPanel::restoreSettings() {
  QSettings s;
  s.beginGroup("settings");
  if (!s.contains("steps")) return false;  // first start: keep the defaults
  setSize(s.value("width", 512).toInt(), s.value("height", 512).toInt());
  m_steps->setValue(s.value("steps", 25).toInt());
  m_guidance->setValue(s.value("guidance", 7.5).toDouble());
  setScheduler(s.value("scheduler", "dpmpp_2m_karras").toString());
  m_clipSkip->setValue(s.value("clipSkip", 1).toInt());
  m_batch->setValue(s.value("batch", 1).toInt());
  m_strength->setValue(s.value("strength", 75).toInt());
  m_trajectoryEvery->setValue(s.value("trajectoryEvery", 5).toInt());
  m_trajectoryDecoder->setCurrentIndex(qBound(0, s.value("trajectoryDecoder", 0).toInt(), 1));
  m_seed->setLocked(s.value("seedLocked", false).toBool());
  m_seed->setIncrementsPerImage(s.value("seedIncrement", false).toBool());
  if (m_seed->isLocked()) m_seed->setSeed(s.value("seed").toULongLong());
  return true;
}

}  // namespace sd::ui
