#pragma once
// Runs the built sdstudio-cli (SD_CLI_PATH, set by the test's CMake) as a
// user would and captures what it says.
#include <QElapsedTimer>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace sd::test {

struct CliResult {
  int exitCode;
  QString out;
  QString err;
  bool finished = true;  // false: still running after the timeout (then killed), or crashed
  qint64 ms = 0;         // how long it ran
};

inline CliResult runCli(const QStringList& args, int timeoutMs = 300'000) {
  QProcess process;
  QElapsedTimer timer;
  timer.start();
  process.start(SD_CLI_PATH, args);
  const bool finished = process.waitForFinished(timeoutMs) && process.exitStatus() == QProcess::NormalExit;
  CliResult result{process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
                   QString::fromUtf8(process.readAllStandardError())};
  result.finished = finished;
  result.ms = timer.elapsed();
  return result;
}

}  // namespace sd::test
