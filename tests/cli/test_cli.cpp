// sdstudio-cli as a user runs it: help, version, inspect, exit codes.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

namespace {

struct Result {
  int exitCode;
  QString out;
  QString err;
};

Result run(const QStringList& args) {
  QProcess process;
  process.start(SD_CLI_PATH, args);
  process.waitForFinished(120'000);
  return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
          QString::fromUtf8(process.readAllStandardError())};
}

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void versionAndHelp() {
    auto r = run({"--version"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("sdstudio-cli "));
    r = run({"--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("inspect"));
    r = run({"inspect", "--help"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Usage: sdstudio-cli inspect"));
    r = run({"inspect", "--version"});
    QCOMPARE(r.exitCode, 0);
  }

  void unknownCommandAndOption() {
    auto r = run({"frobnicate"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("unknown command 'frobnicate'"));
    r = run({"inspect", "--bogus", "x"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("unknown option --bogus"));
  }

  void inspectGoodFile() {
    const auto r = run({"inspect", SD_TEST_DATA_DIR "/tiny-sd/vae/diffusion_pytorch_model.safetensors"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("decoder.conv_in.weight  F32 [32, 4, 3, 3]"));
    QVERIFY(r.out.contains("metadata format = pt"));
  }

  void inspectBadFile() {
    QTemporaryDir dir;
    const auto path = dir.path() + "/bad.safetensors";
    std::ofstream(path.toStdString(), std::ios::binary) << std::string("\x10\0\0\0\0\0\0\0{\"a\":", 14);
    const auto r = run({"inspect", path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(path), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
