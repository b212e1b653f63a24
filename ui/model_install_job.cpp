#include "ui/model_install_job.h"

#include <QThread>
#include <chrono>

#include "core/catalogue/model_install.h"
#include "core/util/error.h"
#include "net/http_model_source.h"
#include "net/model_sources.h"

namespace sd::ui {

ModelInstallJob::ModelInstallJob(KnownModel model, QString modelsDir, QString source, bool replace, QObject* parent)
    : QObject(parent),
      m_model(std::move(model)),
      m_modelsDir(std::move(modelsDir)),
      m_source(std::move(source)),
      m_replace(replace) {}

ModelInstallJob::~ModelInstallJob() {
  cancel();
  if (m_thread) {
    m_thread->wait();
    delete m_thread;
  }
}

void ModelInstallJob::start() {
  if (isRunning()) return;
  delete m_thread;
  m_cancel = false;
  net::useProxiesFromEnvironment();
  m_thread = QThread::create([this] { run(); });
  m_thread->start();
}

void ModelInstallJob::cancel() { m_cancel = true; }

bool ModelInstallJob::isRunning() const { return m_thread && m_thread->isRunning(); }

void ModelInstallJob::run() {
  // Signals emitted here reach the window queued (the receivers live there).
  try {
    auto source = net::modelSourceFor(m_model, m_source.toStdString());
    if (const auto warning = net::plainHttpWarning(m_model, m_source.toStdString()); !warning.empty())
      Q_EMIT note(QString::fromStdString(warning));
    InstallOptions options;
    options.cancel = &m_cancel;
    options.replace = m_replace;
    auto last = std::chrono::steady_clock::time_point{};
    options.progress = [&](const InstallProgress& p) {
      const auto now = std::chrono::steady_clock::now();
      const bool phaseChange = p.phase != std::string("downloading");
      if (!phaseChange && now - last < std::chrono::milliseconds(100)) return;  // at most 10 a second
      last = now;
      Q_EMIT progress(QString::fromStdString(p.file), QString::fromStdString(p.phase), qint64(p.done), qint64(p.total));
    };
    options.note = [this](const std::string& line) { Q_EMIT note(QString::fromStdString(line)); };
    const InstallResult r = installModel(m_model, m_modelsDir.toStdString(), *source, options);
    Q_EMIT installed(QString::fromStdString(r.folder.string()));
  } catch (const Cancelled&) {
    Q_EMIT cancelled();
  } catch (const DifferentFilesPresent& e) {
    Q_EMIT failed(QString::fromStdString(e.what()) + tr(" (tick “Replace files that differ”)."));
  } catch (const std::exception& e) {
    Q_EMIT failed(QString::fromStdString(e.what()));
  }
}

}  // namespace sd::ui
