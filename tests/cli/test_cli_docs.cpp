// The documentation's facts held against the program: the README's command
// lines run as written, every SD Studio path that README.md, docs/ and the
// man pages name is one `sdstudio-cli paths` prints, and the exit statuses
// the man page and --help state are the ones the program returns.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include "support/cli_process.h"

namespace {

using sd::test::runCli;

const QString kSource = SD_SOURCE_DIR;

QString readText(const QString& relative) {
  QFile f(kSource + "/" + relative);
  if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(relative));
  return QString::fromUtf8(f.readAll());
}

// Man pages as text: roff escapes and font changes removed.
QString manText(const QString& relative) {
  QString t = readText(relative);
  t.replace("\\-", "-").replace("\\e", "\\").replace("\\(mu", "×");
  return t.remove(QRegularExpression(R"(\\f[BIRP])"));
}

QStringList documents() {
  return {readText("README.md"), readText("docs/export.md"), readText("docs/studio.md"), readText("models/README.md"),
          readText("packaging/README.md"), manText("packaging/man/sdstudio.1"), manText("packaging/man/sdstudio-cli.1")};
}

// bash -c, so globs (run/*.png) and quotes work as in a terminal.
sd::test::CliResult shell(const QString& line, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
  QProcess p;
  p.setWorkingDirectory(kSource);
  p.setProcessEnvironment(env);
  p.start("bash", {"-c", line});
  p.waitForFinished(600'000);
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

// `sdstudio-cli paths --json` as {key: [paths]} under a given environment.
QMultiMap<QString, QString> paths(const QProcessEnvironment& env) {
  QProcess p;
  p.setProcessEnvironment(env);
  p.start(SD_CLI_PATH, {"paths", "--json"});
  p.waitForFinished(60'000);
  QMultiMap<QString, QString> out;
  for (const auto& v : QJsonDocument::fromJson(p.readAllStandardOutput()).array()) {
    const auto entry = v.toObject();
    out.insert(entry["key"].toString(), entry["path"].toString());
  }
  return out;
}

QProcessEnvironment homeOnly(const QString& home) {
  auto env = QProcessEnvironment::systemEnvironment();
  for (const char* name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "SDSTUDIO_GALLERY_DIR",
                           "SDSTUDIO_MODELS_DIR", "SDSTUDIO_DATA_DIR", "XDG_DATA_DIRS"})
    env.remove(name);
  env.insert("HOME", home);
  return env;
}

// Whether a documented user path is one `paths` accounts for: a printed
// folder, a parent of one (".local/share/sdstudio": delete it to remove
// everything), something inside the models folder, or a gallery placeholder
// that names today's folder's form.
bool accountedFor(const QString& documented, const QMultiMap<QString, QString>& printed) {
  QString p = documented;
  while (p.endsWith('/') || p.endsWith('.') || p.endsWith(',')) p.chop(1);
  const QString today = printed.value("galleries.today");
  const QString settings = printed.value("settings.file"), hashes = printed.value("cache.hashes");
  for (const auto& known : {printed.value("models.user"), printed.value("galleries.root"), today, settings,
                            QFileInfo(settings).path(), hashes, QFileInfo(hashes).path()})
    if (p == known || known.startsWith(p + "/")) return true;
  if (p.startsWith(printed.value("models.user") + "/")) return true;
  const QString root = printed.value("galleries.root") + "/";
  static const QRegularExpression date(R"(^\d{4}-\d\d-\d\d$)");
  const bool placeholder = p == root + "<YYYY-MM-DD>" || p == root + "YYYY-MM-DD" || p == root + "…";
  return placeholder && date.match(today.mid(root.size())).hasMatch();
}

}  // namespace

class TestCliDocs : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readmeCommandLinesRunAsWritten() {
    // The block under "## The command line", continuation lines joined.
    const auto readme = readText("README.md");
    QString block = readme.section("## The command line\n", 1).section("\n\n", 0, 0);
    const auto lines = block.replace("\\\n", " ").split('\n', Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 7);
    QTemporaryDir tmp;
    QStringList outputs;
    for (QString line : lines) {
      if (line.trimmed().startsWith('#')) continue;
      line = line.trimmed().replace("build/app/sdstudio-cli", SD_CLI_PATH).replace("/tmp/run", tmp.path() + "/run");
      if (line.contains(" bench --full-size")) {
        // 3.4 GB and minutes: only its words are checked. They parse, so
        // the one out-of-range value appended is the only complaint.
        line = line.section('#', 0, 0) + " --repeats 0";
        const auto r = shell(line);
        QVERIFY2(r.exitCode == 2 && r.err.startsWith("error: --repeats must be"), qPrintable(line + "\n" + r.err));
        continue;
      }
      const auto r = shell(line);
      QVERIFY2(r.exitCode == 0, qPrintable(line + "\n" + r.err));
      outputs << r.out;
    }
    // score --image run/*.png scored every image, not only the first.
    const auto score = outputs.filter("CLIP on").value(0);
    for (const char* name : {"p0-s7.png", "p0-s8.png", "p1-s7.png", "p1-s8.png"})
      QVERIFY2(score.contains(QString("/run/") + name), qPrintable(score));
    QVERIFY(QFile::exists(tmp.path() + "/run-export/index.html"));
  }

  void firstRunCommandRunsAsWritten() {
    // README "First run" and the man page's first example name the
    // installed demo model; the package installs tests/data/tiny-sd there.
    const auto readme = readText("README.md");
    const auto start = readme.indexOf("    sdstudio-cli generate --model /usr/share/sdstudio/models/demo-sd");
    QVERIFY(start > 0);
    QString line = readme.mid(start).section("\n\n", 0, 0).replace("\\\n", " ").trimmed();
    auto withoutBreaks = [](QString text) { return text.remove('\\').simplified(); };
    QVERIFY2(withoutBreaks(manText("packaging/man/sdstudio-cli.1")).contains(withoutBreaks(line.section("--out", 0, 0))),
             "the man page's first example differs from the README's");
    QTemporaryDir tmp;
    line.replace("sdstudio-cli", SD_CLI_PATH).replace("/usr/share/sdstudio/models/demo-sd", SD_TEST_DATA_DIR "/tiny-sd");
    line.replace("/tmp/sd-demo", tmp.path() + "/demo");
    const auto r = shell(line);
    QVERIFY2(r.exitCode == 0, qPrintable(line + "\n" + r.err));
    QVERIFY(QFile::exists(tmp.path() + "/demo/p0-s0.png"));
  }

  void documentedPathsAreWhatPathsPrints() {
    QTemporaryDir home;
    const auto byDefault = paths(homeOnly(home.path()));
    QCOMPARE(byDefault.value("models.user"), home.path() + "/.local/share/sdstudio/models");
    QCOMPARE(byDefault.value("galleries.root"), home.path() + "/.local/share/sdstudio/galleries");
    auto xdgEnv = homeOnly(home.path());
    xdgEnv.insert("XDG_DATA_HOME", "/xdg/data");
    xdgEnv.insert("XDG_CONFIG_HOME", "/xdg/config");
    xdgEnv.insert("XDG_CACHE_HOME", "/xdg/cache");
    const auto xdg = paths(xdgEnv);
    QCOMPARE(xdg.value("galleries.root"), QString("/xdg/data/sdstudio/galleries"));
    QCOMPARE(byDefault.value("cache.hashes"), home.path() + "/.cache/sdstudio/file-hashes.json");
    QCOMPARE(xdg.value("cache.hashes"), QString("/xdg/cache/sdstudio/file-hashes.json"));

    // Every ~/… and $XDG_…/… path with "sdstudio" in it, in every document.
    // (A plain string: moc misreads quotes inside raw string literals.)
    const QString pathChar = "[^\\s`'\"()|*]*";
    const QRegularExpression mention("(~|\\$XDG_DATA_HOME|\\$XDG_CONFIG_HOME|\\$XDG_CACHE_HOME)(/" + pathChar + "sdstudio" +
                                     pathChar + ")");
    int checked = 0;
    for (const auto& text : documents()) {
      for (auto it = mention.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const bool isXdg = m.captured(1) != "~";
        const QString base = m.captured(1) == "~"                 ? home.path()
                             : m.captured(1) == "$XDG_DATA_HOME"   ? "/xdg/data"
                             : m.captured(1) == "$XDG_CACHE_HOME" ? "/xdg/cache"
                                                                  : "/xdg/config";
        const QString path = base + m.captured(2);
        QVERIFY2(accountedFor(path, isXdg ? xdg : byDefault),
                 qPrintable(m.captured(0) + " is named in the docs but `sdstudio-cli paths` prints no such place"));
        ++checked;
      }
    }
    QVERIFY2(checked >= 10, qPrintable(QString::number(checked)));
  }

  void installedDataIsWhereTheDocsSay() {
    const auto printed = paths(homeOnly("/home/nobody"));
    if (!printed.values("data.dir").contains("/usr/share/sdstudio"))
      QSKIP("this build's prefix is not /usr, so it does not look in /usr/share/sdstudio (packages do)");
    const QRegularExpression mention(R"(/usr/share/sdstudio/([A-Za-z_.-]+))");
    for (const auto& text : documents())
      for (auto it = mention.globalMatch(text); it.hasNext();) {
        const auto first = it.next().captured(1);
        QVERIFY2(first == "tokenizer" || first == "models", qPrintable("/usr/share/sdstudio/" + first));
      }
  }

  void settingsFileIsQtsOwn() {
    // The window keeps its settings with QSettings (organisation and
    // application "sdstudio"); `paths` names the same file.
    QSettings settings(QSettings::NativeFormat, QSettings::UserScope, "sdstudio", "sdstudio");
    const auto printed = paths(QProcessEnvironment::systemEnvironment());
    QCOMPARE(printed.value("settings.file"), settings.fileName());
  }

  void exitStatusesAreTheDocumentedOnes() {
    const auto man = manText("packaging/man/sdstudio-cli.1").simplified();
    QVERIFY(man.contains("0 on success, 1 on a runtime error"));
    QVERIFY(man.contains("2 on a usage error"));
    QVERIFY(man.contains("130 when interrupted"));
    const auto help = runCli({"--help"}).out.simplified();
    QVERIFY(help.contains("Exit status: 0 success, 1 runtime error"));
    QVERIFY(help.contains("2 usage error"));
    QVERIFY(readText("README.md").simplified().contains("Exit status: 0 success, 1 runtime error"));

    QCOMPARE(runCli({"--version"}).exitCode, 0);
    QCOMPARE(runCli({"paths"}).exitCode, 0);
    QTemporaryDir tmp;
    const QString never = tmp.path() + "/never";  // failed runs leave no --out folder behind
    QCOMPARE(runCli({"inspect", "/nonexistent/model.safetensors"}).exitCode, 1);
    QCOMPARE(runCli({"generate", "--model", "/nonexistent/model", "--prompt", "x", "--out", never}).exitCode, 1);
    QCOMPARE(runCli({}).exitCode, 2);
    QCOMPARE(runCli({"frobnicate"}).exitCode, 2);
    QCOMPARE(runCli({"generate"}).exitCode, 2);
    QCOMPARE(runCli({"inspect", "--bogus"}).exitCode, 2);
    QCOMPARE(runCli({"generate", "--model", "m", "--prompt", "x", "--width", "65", "--out", never}).exitCode, 2);
    QVERIFY(!QFileInfo::exists(never));
  }

  void aBuildFolderRunFindsTheShippedDataInTheSourceTree() {
    // Nothing installed (the prefix's share/sdstudio is absent here): the
    // tokenizer, the demo models and the catalogue come from the source
    // tree's resources/ and models/, the folders the package installs.
    QTemporaryDir home;
    const auto printed = paths(homeOnly(home.path()));
    const QString source = QDir(kSource).canonicalPath();
    for (const auto& dir : printed.values("data.dir"))
      if (QDir(dir).canonicalPath() != source && QDir(dir).exists())
        QSKIP("SD Studio's data is installed on this machine (it is found first)");
    QCOMPARE(QDir(printed.value("data.tokenizer")).canonicalPath(), source + "/resources/tokenizer");
    QCOMPARE(QDir(printed.value("data.demo-sd")).canonicalPath(), source + "/models/demo-sd");
    QCOMPARE(QDir(printed.value("data.demo-clip")).canonicalPath(), source + "/models/demo-clip");
    QCOMPARE(QFileInfo(printed.value("data.known-models")).canonicalFilePath(), source + "/models/known_models.json");
  }

  void versionVerboseSaysWhereFilesAre() {
    const auto r = runCli({"--version", "--verbose"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("galleries") && r.out.contains("models") && r.out.contains("tokenizer"), qPrintable(r.out));
  }
};

QTEST_GUILESS_MAIN(TestCliDocs)
#include "test_cli_docs.moc"
