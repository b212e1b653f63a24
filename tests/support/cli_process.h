#pragma once
// Runs the built sdstudio-cli (SD_CLI_PATH, set by the test's CMake) as a
// user would and captures what it says.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace sd::test {

struct CliResult {
  int exitCode;
  QString out;
  QString err;
};

inline CliResult runCli(const QStringList& args, int timeoutMs = 300'000) {
  QProcess process;
  process.start(SD_CLI_PATH, args);
  process.waitForFinished(timeoutMs);
  return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
          QString::fromUtf8(process.readAllStandardError())};
}

}  // namespace sd::test
