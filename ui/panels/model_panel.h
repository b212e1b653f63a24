#pragma once
#include <QWidget>

#include "core/nn/gpu_probe.h"
#include "ui/studio_types.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace sd::ui {

// Which Stable Diffusion model and which CLIP model are loaded, on which
// device. Loading runs on the inference thread; this panel shows its
// progress and its errors. A failed load leaves the model before in use, so
// the panel then says both: what failed, and what is still loaded (and the
// choice goes back to it). Choices are remembered.
class ModelPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ModelPanel(QWidget* parent = nullptr);

  QString sdModelPath() const;
  QString clipModelPath() const;
  int device() const;  // sd::DevicePreference
  void selectSdModel(const QString& path);
  void selectClipModel(const QString& path);

  bool isLoading() const { return m_loading; }
  QString statusText() const;  // plain text
  bool hasModel() const { return !m_sdLoadedPath.isEmpty(); }
  QString loadError() const { return m_error; }  // the last load's failure, "" when it worked
  // "Demo model (random weights) · CLIP: …", or "no model loaded".
  QString loadedSummary() const;
  // Offers "CUDA GPU" only where the engine has one; Auto then says CPU.
  // What the driver reported and whether LibTorch can use the GPU: the
  // device choices, and the line under them that says where inference runs.
  void setGpu(const sd::GpuProbe& probe, bool cudaUsable);
  QString deviceText() const;  // that line
  bool offersCuda() const;

 public Q_SLOTS:
  void loadSelected();      // SD model, then CLIP
  void showStatus(const QString& message);
  void showModelLoaded(const sd::ui::ModelSummary& model);
  void showClipLoaded(const sd::ui::ModelSummary& model);
  void showModelLoadFailed(const QString& message);
  void showClipLoadFailed(const QString& message);
  void showError(const QString& message);

 Q_SIGNALS:
  void loadModelRequested(const QString& path, int device);
  void loadClipRequested(const QString& path, int device);

 private:
  QWidget* modelRow(QComboBox* combo, const QString& what, bool allowFile);
  void browse(QComboBox* combo, bool file);
  void addPath(QComboBox* combo, const QString& path, const QString& label = {});
  void setLoading(bool loading);
  void loadDone();
  void select(QComboBox* combo, const QString& path);
  void render();
  void renderDevice();
  void remember() const;

  QComboBox* m_sd;
  QComboBox* m_clip;
  QComboBox* m_device;
  QPushButton* m_load;
  QProgressBar* m_progress;
  QLabel* m_status;
  QLabel* m_deviceLine;  // where inference runs and why (renderDevice)
  sd::GpuProbe m_gpu;
  bool m_cudaUsable = false;
  bool m_gpuKnown = false;
  QString m_sdLoadedText, m_sdLoadedPath;      // what is loaded now ("" = none)
  QString m_clipLoadedText, m_clipLoadedPath;
  QString m_requestedSd, m_requestedClip;      // what the loads under way were asked for
  QString m_error;                              // the last load's failure ("" = none)
  int m_savedDevice = 0;
  int m_pendingLoads = 0;
  bool m_loading = false;
};

}  // namespace sd::ui
