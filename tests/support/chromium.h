#pragma once
// Headless Chromium for tests that must see a page as a browser does
// (exported HTML). Empty path when it is not installed: the test skips and
// says so (apt-get install chromium).
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace sd::test {

inline QString findChromium() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
    const auto path = QStandardPaths::findExecutable(name);
    if (!path.isEmpty()) return path;
  }
  return {};
}

// Chromium's switches for a quiet, offline, throw-away run, plus `extra`.
inline QStringList chromiumArgs(const QTemporaryDir& profile, const QStringList& extra) {
  return QStringList{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--user-data-dir=" + profile.path()} +
         extra;
}

// The page's DOM after its scripts (if any could run) had `budgetMs` to act.
inline QString dumpDom(const QString& chromium, const QString& file, int budgetMs = 2000) {
  QTemporaryDir profile;
  QProcess browser;
  browser.start(chromium, chromiumArgs(profile, {"--virtual-time-budget=" + QString::number(budgetMs), "--dump-dom",
                                                 "file://" + file}));
  browser.waitForFinished(120'000);
  return QString::fromUtf8(browser.readAllStandardOutput());
}

}  // namespace sd::test
