#pragma once
// Models ▸ Get models…: the catalogue (known_models.json) with sizes and
// what is installed, and a Download that installs the chosen model into the
// user's models folder with a progress bar (bytes, rate, time left), Cancel
// (the .part files stay: Download again resumes), and errors shown here.
// The work runs in a ModelInstallJob on a worker thread.
#include <QDialog>
#include <memory>

#include "core/catalogue/known_models.h"
#include "core/util/transfer_meter.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace sd::ui {

class ModelInstallJob;

class GetModelsDialog : public QDialog {
  Q_OBJECT
 public:
  GetModelsDialog(KnownModels catalogue, QString modelsDir, QWidget* parent = nullptr);
  ~GetModelsDialog() override;

  void selectModel(const QString& id);
  void setSource(const QString& source);  // "" = the catalogue's address
  QString statusText() const;
  bool isBusy() const;

 public Q_SLOTS:
  void download();
  void cancel();
  void reject() override;  // Esc / Close while busy: cancels first, stays open
  // The job's progress. Public, with setBusy, so the screenshot tour can
  // show a download of SD v1.4 in progress without fetching 4 GB.
  void showProgress(const QString& file, const QString& phase, qint64 done, qint64 total);
  void setBusy(bool busy);

 Q_SIGNALS:
  // A model was installed: its folder (or file, for single-file models) and
  // its kind ("stable-diffusion" | "clip"), for the model picker.
  void modelInstalled(const QString& path, const QString& kind);

 private:
  void refreshStates();
  void showError(const QString& message);
  const KnownModel* selected() const;

  KnownModels m_catalogue;
  QString m_modelsDir;
  QTreeWidget* m_list = nullptr;
  QLineEdit* m_source = nullptr;
  QCheckBox* m_replace = nullptr;
  QProgressBar* m_bar = nullptr;
  QLabel* m_status = nullptr;
  QLabel* m_checks = nullptr;  // what is verified for the selected model
  QPushButton* m_download = nullptr;
  QPushButton* m_cancel = nullptr;
  std::unique_ptr<ModelInstallJob> m_job;
  TransferMeter m_meter;
  QString m_file;
  bool m_busy = false;  // from Download until the job's last signal has arrived
};

}  // namespace sd::ui
