#pragma once
#include <QWidget>

#include "ui/studio_types.h"

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace sd::ui {

// Which Stable Diffusion model and which CLIP model are loaded, on which
// device. Loading runs on the inference thread; this panel shows its
// progress and its errors. Choices are remembered.
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
  QString statusText() const;

 public Q_SLOTS:
  void loadSelected();      // SD model, then CLIP
  void showStatus(const QString& message);
  void showModelLoaded(const sd::ui::ModelSummary& model);
  void showClipLoaded(const sd::ui::ModelSummary& model);
  void showError(const QString& message);

 Q_SIGNALS:
  void loadModelRequested(const QString& path, int device);
  void loadClipRequested(const QString& path, int device);

 private:
  QWidget* modelRow(QComboBox* combo, const QString& what, bool allowFile);
  void browse(QComboBox* combo, bool file);
  void addPath(QComboBox* combo, const QString& path, const QString& label = {});
  void setLoading(bool loading);
  void remember() const;

  QComboBox* m_sd;
  QComboBox* m_clip;
  QComboBox* m_device;
  QPushButton* m_load;
  QProgressBar* m_progress;
  QLabel* m_status;
  QString m_loadedText;
  int m_pendingLoads = 0;
  bool m_loading = false;
};

}  // namespace sd::ui
