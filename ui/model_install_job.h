#pragma once
// One model install (core/catalogue/model_install.h) on a worker thread, so
// neither the download (net/, its own event loop there) nor the sha256 of a
// multi-GB file ever blocks the window. Progress, the end and errors come
// back as queued signals; cancel() stops within a moment and keeps the
// .part files for the next Download.
#include <QObject>
#include <QString>
#include <atomic>

#include "core/catalogue/known_models.h"

class QThread;

namespace sd::ui {

class ModelInstallJob : public QObject {
  Q_OBJECT
 public:
  // `source`: "" for the catalogue's address, else a mirror URL or a folder.
  // `replace`: replace files at catalogue paths that are not the catalogue's
  // (else the job fails naming them, before anything is fetched).
  ModelInstallJob(KnownModel model, QString modelsDir, QString source, bool replace = false, QObject* parent = nullptr);
  ~ModelInstallJob() override;  // cancels and waits for the thread

  void start();
  void cancel();
  bool isRunning() const;
  const KnownModel& model() const { return m_model; }

 Q_SIGNALS:
  void progress(const QString& file, const QString& phase, qint64 done, qint64 total);
  void note(const QString& line);
  void installed(const QString& folder);
  void failed(const QString& message);
  void cancelled();

 private:
  void run();  // on the worker thread
  KnownModel m_model;
  QString m_modelsDir;
  QString m_source;
  bool m_replace = false;
  std::atomic<bool> m_cancel{false};
  QThread* m_thread = nullptr;
};

}  // namespace sd::ui
