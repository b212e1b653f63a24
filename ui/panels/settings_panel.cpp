#include "ui/panels/settings_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>

#include "core/pipeline/generation_request.h"
#include "core/schedulers/scheduler_names.h"
#include "ui/panels/init_image_box.h"
#include "ui/panels/seed_controls.h"
#include "ui/panels/variation_controls.h"

namespace sd::ui {

namespace {
// A spin box over a setting's range (core/pipeline/setting_limits.h), at its default.
QSpinBox* spin(const SettingRange<int>& range, int step, const QString& tip, const QString& name) {
  auto* s = new QSpinBox;
  s->setRange(range.min, range.max);
  s->setSingleStep(step);
  s->setValue(range.fallback);
  s->setToolTip(tip);
  s->setObjectName(name);
  return s;
}
}  // namespace

SettingsPanel::SettingsPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("SettingsPanel");
  m_width = spin(settings::kImageSide, settings::kImageSideStep, tr("Image width in pixels (a multiple of 8)"),
                 "widthSpin");
  m_height = spin(settings::kImageSide, settings::kImageSideStep, tr("Image height in pixels (a multiple of 8)"),
                  "heightSpin");
  m_steps = spin(settings::kSteps, 1, tr("Denoising steps: 20–30 suit DPM++ 2M Karras"), "stepsSpin");
  m_guidance = new QDoubleSpinBox;
  m_guidance->setObjectName("guidanceSpin");
  m_guidance->setRange(settings::kGuidanceScale.min, settings::kGuidanceScale.max);
  m_guidance->setSingleStep(0.5);
  m_guidance->setValue(settings::kGuidanceScale.fallback);
  m_guidance->setToolTip(tr("Classifier-free guidance (CFG scale): how strongly the prompt steers; ≤ 1 turns it off"));
  m_scheduler = new QComboBox;
  m_scheduler->setObjectName("schedulerCombo");
  m_scheduler->setToolTip(tr("Sampler, named as in AUTOMATIC1111"));
  for (const SchedulerInfo& info : knownSchedulers())
    m_scheduler->addItem(QString::fromStdString(a1111Label(info)), QString::fromStdString(info.id));
  setScheduler(settings::kScheduler);
  m_clipSkip =
      spin(settings::kClipSkip, 1, tr("Clip skip (A1111): 1 uses CLIP's last layer, 2 the one before"), "clipSkipSpin");
  m_batch = spin(settings::kBatch, 1, tr("Images per prompt, at seeds seed, seed+1, …"), "batchSpin");
  m_seed = new SeedControls;
  m_variation = new VariationControls;
  m_initBox = new InitImageBox;
  // Render at the init image's size, as diffusers does unless told otherwise.
  connect(m_initBox, &InitImageBox::initImageChanged, this, [this](const QImage& image) {
    if (image.isNull()) return;
    const auto size = sizeForInitImage(image.width(), image.height());
    setSize(size.width, size.height);
  });
  connect(m_initBox, &InitImageBox::useSelectedRequested, this, &SettingsPanel::useSelectedAsInitRequested);
  // Score trajectory (issue 12): recorded only while a CLIP model is loaded.
  m_trajectoryEvery = spin({5, 0, settings::kSteps.max}, 1, tr("Score trajectory every N steps (0 = off): with a CLIP model loaded, "
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
  layout->addWidget(m_initBox);
  layout->addStretch(1);
}

void SettingsPanel::applyTo(GenerationRequest& r) const {
  r.width = renderSize().width();
  r.height = renderSize().height();
  r.steps = m_steps->value();
  r.guidanceScale = m_guidance->value();
  r.scheduler = parseScheduler(schedulerId().toStdString());
  r.clipSkip = m_clipSkip->value();
  r.batch = m_batch->value();
  r.trajectoryEvery = m_trajectoryEvery->value();
  r.trajectoryDecoder = EstimateDecoder(m_trajectoryDecoder->currentData().toInt());
  m_variation->applyTo(r);
  m_initBox->applyTo(r);
}

void SettingsPanel::setFrom(const GenerationRequest& r) {
  setSize(r.width, r.height);
  m_steps->setValue(r.steps);
  m_guidance->setValue(r.guidanceScale);
  setScheduler(r.scheduler);
  m_clipSkip->setValue(r.clipSkip);
  m_variation->setFrom(r);
}

void SettingsPanel::setSize(int width, int height) {
  m_width->setValue(width);
  m_height->setValue(height);
}

QSize SettingsPanel::renderSize() const {
  const int step = settings::kImageSideStep;
  return {m_width->value() / step * step, m_height->value() / step * step};
}

void SettingsPanel::setSteps(int steps) { m_steps->setValue(steps); }
void SettingsPanel::setBatch(int batch) { m_batch->setValue(batch); }
int SettingsPanel::batch() const { return m_batch->value(); }
QString SettingsPanel::schedulerId() const { return m_scheduler->currentData().toString(); }

void SettingsPanel::setScheduler(const QString& nameOrId) {
  if (const auto info = findScheduler(nameOrId.toStdString())) setScheduler(info->kind);
}

void SettingsPanel::setScheduler(SchedulerKind kind) {
  const int index = m_scheduler->findData(QString::fromStdString(sd::schedulerId(kind)));
  if (index >= 0) m_scheduler->setCurrentIndex(index);
}

void SettingsPanel::setInitImage(const QImage& image, const QString& source) { m_initBox->setInitImage(image, source); }
void SettingsPanel::clearInitImage() { m_initBox->clearInitImage(); }
bool SettingsPanel::hasInitImage() const { return m_initBox->hasInitImage(); }
const QImage& SettingsPanel::initImage() const { return m_initBox->initImage(); }

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
  m_initBox->save(s);
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
  setSize(s.value("width", m_width->value()).toInt(), s.value("height", m_height->value()).toInt());
  m_steps->setValue(s.value("steps", m_steps->value()).toInt());
  m_guidance->setValue(s.value("guidance", m_guidance->value()).toDouble());
  setScheduler(s.value("scheduler", schedulerId()).toString());
  m_clipSkip->setValue(s.value("clipSkip", m_clipSkip->value()).toInt());
  m_batch->setValue(s.value("batch", m_batch->value()).toInt());
  m_initBox->restore(s);
  m_trajectoryEvery->setValue(s.value("trajectoryEvery", 5).toInt());
  m_trajectoryDecoder->setCurrentIndex(qBound(0, s.value("trajectoryDecoder", 0).toInt(), 1));
  m_seed->setLocked(s.value("seedLocked", false).toBool());
  m_seed->setIncrementsPerImage(s.value("seedIncrement", false).toBool());
  if (m_seed->isLocked()) m_seed->setSeed(s.value("seed").toULongLong());
  return true;
}

}  // namespace sd::ui
