#include "ui/panels/model_panel.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QTextDocument>
#include <QToolButton>

#include "core/nn/device_preference.h"
#include "ui/demo_models.h"

namespace sd::ui {

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("ModelPanel");
  m_sd = new QComboBox;
  m_sd->setObjectName("sdModelCombo");
  m_sd->setToolTip(tr("Stable Diffusion v1.x: a diffusers folder or a single .safetensors checkpoint"));
  m_clip = new QComboBox;
  m_clip->setObjectName("clipModelCombo");
  m_clip->setToolTip(tr("CLIP model (transformers folder) that scores every image against the comparison prompts"));
  m_device = new QComboBox;
  m_device->setObjectName("deviceCombo");
  m_device->addItem(tr("Auto (CPU)"), int(DevicePreference::Auto));
  m_device->addItem(tr("CPU"), int(DevicePreference::Cpu));
  if (cpuHasFastBfloat16()) {
    m_device->addItem(tr("CPU, fast (bfloat16)"), int(DevicePreference::CpuBf16));
    m_device->setItemData(m_device->count() - 1,
                          tr("The UNet and the VAE in bfloat16: about twice as fast on this CPU and half the memory, "
                             "but the images differ slightly from the exact (float32) ones, so a seed does not "
                             "reproduce an image made in float32 exactly"),
                          Qt::ToolTipRole);
  }
  m_device->setToolTip(tr("Where inference runs; changing it reloads the models"));
  m_deviceLine = new QLabel;
  m_deviceLine->setObjectName("deviceLine");
  m_deviceLine->setWordWrap(true);
  m_deviceLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_load = new QPushButton(tr("Load"));
  m_load->setObjectName("loadModels");
  m_load->setToolTip(tr("Load the chosen models on the chosen device"));
  m_progress = new QProgressBar;
  m_progress->setRange(0, 0);
  m_progress->setMaximumHeight(8);
  m_progress->setTextVisible(false);
  m_progress->hide();
  m_status = new QLabel;
  m_status->setObjectName("modelStatus");
  m_status->setWordWrap(true);
  m_status->setTextFormat(Qt::RichText);
  m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_sd->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_clip->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_sd->setMinimumContentsLength(12);  // a long path must not widen the window
  m_clip->setMinimumContentsLength(12);

  const QString demoSd = demoSdModelPath();
  if (!demoSd.isEmpty()) addPath(m_sd, demoSd, demoSdModelLabel());
  const QString demoClip = demoClipModelPath();
  m_clip->addItem(tr("None (no CLIP bars)"), QString());
  if (!demoClip.isEmpty()) addPath(m_clip, demoClip, demoClipModelLabel());

  QSettings s;
  for (const QString& p : s.value("models/recentSd").toStringList()) addPath(m_sd, p);
  for (const QString& p : s.value("models/recentClip").toStringList()) addPath(m_clip, p);
  selectSdModel(s.value("models/sd", demoSd).toString());
  selectClipModel(s.value("models/clip", demoClip).toString());
  m_savedDevice = s.value("models/device", 0).toInt();
  m_device->setCurrentIndex(qMax(0, m_device->findData(m_savedDevice)));

  auto* form = new QFormLayout;
  form->addRow(tr("Model"), modelRow(m_sd, tr("Stable Diffusion model"), true));
  form->addRow(tr("CLIP"), modelRow(m_clip, tr("CLIP model"), false));
  auto* deviceRow = new QHBoxLayout;
  deviceRow->addWidget(m_device, 1);
  deviceRow->addWidget(m_load);
  form->addRow(tr("Device"), deviceRow);
  form->addRow(QString(), m_deviceLine);
  render();
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(m_progress);
  layout->addWidget(m_status);
  connect(m_load, &QPushButton::clicked, this, &ModelPanel::loadSelected);
  // Picking another model or device loads it: no separate step to forget.
  connect(m_sd, qOverload<int>(&QComboBox::activated), this, &ModelPanel::loadSelected);
  connect(m_clip, qOverload<int>(&QComboBox::activated), this, [this] {
    if (clipModelPath().isEmpty()) {
      remember();
      return;
    }
    m_pendingLoads = 1;
    m_requestedClip = clipModelPath();
    m_error.clear();
    setLoading(true);
    Q_EMIT loadClipRequested(clipModelPath(), device());
  });
  connect(m_device, qOverload<int>(&QComboBox::activated), this, &ModelPanel::loadSelected);
  connect(m_device, qOverload<int>(&QComboBox::currentIndexChanged), this, &ModelPanel::renderDevice);
}

QWidget* ModelPanel::modelRow(QComboBox* combo, const QString& what, bool allowFile) {
  auto* row = new QWidget;
  auto* h = new QHBoxLayout(row);
  h->setContentsMargins(0, 0, 0, 0);
  h->addWidget(combo, 1);
  auto* folder = new QToolButton;
  folder->setText(tr("Folder…"));
  folder->setToolTip(tr("Choose a %1 folder").arg(what));
  h->addWidget(folder);
  connect(folder, &QToolButton::clicked, this, [this, combo] { browse(combo, false); });
  if (allowFile) {
    auto* file = new QToolButton;
    file->setText(tr("File…"));
    file->setToolTip(tr("Choose a single-file .safetensors checkpoint"));
    h->addWidget(file);
    connect(file, &QToolButton::clicked, this, [this, combo] { browse(combo, true); });
  }
  return row;
}

void ModelPanel::browse(QComboBox* combo, bool file) {
  const QString path = file ? QFileDialog::getOpenFileName(this, tr("Checkpoint"), {}, tr("safetensors (*.safetensors)"))
                            : QFileDialog::getExistingDirectory(this, tr("Model folder"));
  if (path.isEmpty()) return;
  addPath(combo, path);
  combo->setCurrentIndex(combo->findData(QFileInfo(path).absoluteFilePath()));
  loadSelected();
}

void ModelPanel::addPath(QComboBox* combo, const QString& path, const QString& label) {
  if (path.isEmpty()) return;
  const QString absolute = QFileInfo(path).absoluteFilePath();
  if (combo->findData(absolute) >= 0) return;
  combo->addItem(label.isEmpty() ? QFileInfo(absolute).fileName() : label, absolute);
  combo->setItemData(combo->count() - 1, QDir::toNativeSeparators(absolute), Qt::ToolTipRole);
}

QString ModelPanel::sdModelPath() const { return m_sd->currentData().toString(); }
QString ModelPanel::clipModelPath() const { return m_clip->currentData().toString(); }
int ModelPanel::device() const { return m_device->currentData().toInt(); }
QString ModelPanel::statusText() const {
  QTextDocument doc;
  doc.setHtml(m_status->text());
  return doc.toPlainText();
}

QString ModelPanel::loadedSummary() const {
  if (m_sdLoadedText.isEmpty()) return tr("no model loaded");
  return m_clipLoadedText.isEmpty() ? m_sdLoadedText : m_sdLoadedText + " · " + m_clipLoadedText;
}

void ModelPanel::setGpu(const GpuProbe& probe, bool cudaUsable) {
  m_gpu = probe;
  m_cudaUsable = cudaUsable;
  m_gpuKnown = true;
  const QString gpuName = QString::fromStdString(probe.gpuName.empty() ? "CUDA" : probe.gpuName);
  const int cuda = m_device->findData(int(DevicePreference::Cuda));
  if (cudaUsable && cuda < 0) m_device->addItem(tr("GPU: %1").arg(gpuName), int(DevicePreference::Cuda));
  if (!cudaUsable && cuda >= 0) m_device->removeItem(cuda);
  // Auto names what it picks: the GPU, else the CPU's fast mode where it has one.
  m_device->setItemText(0, cudaUsable          ? tr("Auto (GPU: %1)").arg(gpuName)
                           : cpuHasFastBfloat16() ? tr("Auto (CPU, fast)")
                                                  : tr("Auto (CPU)"));
  m_device->setToolTip(cudaUsable ? tr("Where inference runs; changing it reloads the models")
                                  : tr("Where inference runs: no GPU can be used here (the line below says why), "
                                       "so on the CPU"));
  m_device->setCurrentIndex(qMax(0, m_device->findData(m_savedDevice)));
  renderDevice();
}

void ModelPanel::renderDevice() {
  if (!m_gpuKnown) return;  // setGpu() comes right after construction
  const auto preference = static_cast<DevicePreference>(device());
  m_deviceLine->setText(QString::fromStdString(describeDeviceChoice(preference, m_gpu, m_cudaUsable, cpuHasFastBfloat16())));
  m_deviceLine->setToolTip(m_deviceLine->text());
  // A wrapped label only asks its layout for one line: at 1366x768 the dock
  // then drew the next row over the line's end (the driver it needs).
  // Reserve what the text takes at the panel's narrowest usual width (not
  // at width(): before the window is shown that is QWidget's default 640).
  constexpr int kNarrowestLine = 240;
  m_deviceLine->setMinimumHeight(m_deviceLine->heightForWidth(kNarrowestLine));
}

QString ModelPanel::deviceText() const { return m_deviceLine->text(); }

bool ModelPanel::offersCuda() const { return m_device->findData(int(DevicePreference::Cuda)) >= 0; }

void ModelPanel::selectSdModel(const QString& path) { select(m_sd, path); }

void ModelPanel::selectClipModel(const QString& path) {
  if (path.isEmpty()) m_clip->setCurrentIndex(0);
  else select(m_clip, path);
}

void ModelPanel::select(QComboBox* combo, const QString& path) {
  addPath(combo, path);
  const int i = combo->findData(QFileInfo(path).absoluteFilePath());
  if (i >= 0) combo->setCurrentIndex(i);
}

void ModelPanel::loadSelected() {
  if (sdModelPath().isEmpty()) {
    showError(tr("Choose a Stable Diffusion model (a diffusers folder or a .safetensors file)."));
    return;
  }
  m_pendingLoads = clipModelPath().isEmpty() ? 1 : 2;
  m_requestedSd = sdModelPath();
  m_requestedClip = clipModelPath();
  m_error.clear();
  setLoading(true);
  Q_EMIT loadModelRequested(sdModelPath(), device());
  if (!clipModelPath().isEmpty()) Q_EMIT loadClipRequested(clipModelPath(), device());
}

void ModelPanel::showStatus(const QString& message) {
  render();
  m_status->setText(m_status->text() + "<br>" + message.toHtmlEscaped());
}

void ModelPanel::showModelLoaded(const ModelSummary& model) {
  const QString name = model.isDemo || isDemoPath(model.path) ? demoSdModelLabel() : model.name;
  m_sdLoadedText = tr("%1 · %2 · %3").arg(name, model.format, model.device);
  m_sdLoadedPath = m_requestedSd.isEmpty() ? model.path : m_requestedSd;
  m_savedDevice = device();
  loadDone();
}

void ModelPanel::showClipLoaded(const ModelSummary& model) {
  m_clipLoadedText = tr("CLIP: %1").arg(isDemoPath(model.path) ? demoClipModelLabel() : model.name);
  m_clipLoadedPath = m_requestedClip.isEmpty() ? model.path : m_requestedClip;
  loadDone();
}

// The choice goes back to what is loaded, so the panel never shows a model
// that is not the one in use, and the next start loads the working one.
void ModelPanel::showModelLoadFailed(const QString& message) {
  m_error = message;
  if (!m_sdLoadedPath.isEmpty()) selectSdModel(m_sdLoadedPath);
  m_device->setCurrentIndex(qMax(0, m_device->findData(m_savedDevice)));
  loadDone();
}

void ModelPanel::showClipLoadFailed(const QString& message) {
  m_error = message;
  selectClipModel(m_clipLoadedPath);
  loadDone();
}

void ModelPanel::showError(const QString& message) {
  m_error = message;
  m_pendingLoads = 0;
  setLoading(false);
  render();
}

void ModelPanel::loadDone() {
  if (--m_pendingLoads <= 0) {
    m_pendingLoads = 0;
    setLoading(false);
    remember();
  }
  render();
}

void ModelPanel::render() {
  QString html = m_sdLoadedText.isEmpty() ? tr("No model loaded") : tr("Loaded %1").arg(m_sdLoadedText.toHtmlEscaped());
  if (!m_clipLoadedText.isEmpty()) html += "<br>" + m_clipLoadedText.toHtmlEscaped();
  if (!m_error.isEmpty())
    html += QStringLiteral("<br><span style=\"color:#c62828\">%1</span>").arg(
        (m_sdLoadedText.isEmpty() ? m_error : tr("%1 — still using the model above.").arg(m_error)).toHtmlEscaped());
  m_status->setText(html);
}

void ModelPanel::setLoading(bool loading) {
  m_loading = loading;
  m_progress->setVisible(loading);
  m_load->setEnabled(!loading);
}

void ModelPanel::remember() const {
  QSettings s;
  s.setValue("models/sd", sdModelPath());
  s.setValue("models/clip", clipModelPath());
  s.setValue("models/device", device());
  QStringList sd, clip;
  for (int i = 0; i < m_sd->count(); ++i)
    if (!isDemoPath(m_sd->itemData(i).toString())) sd << m_sd->itemData(i).toString();
  for (int i = 1; i < m_clip->count(); ++i)
    if (!isDemoPath(m_clip->itemData(i).toString())) clip << m_clip->itemData(i).toString();
  s.setValue("models/recentSd", sd);
  s.setValue("models/recentClip", clip);
}

}  // namespace sd::ui
