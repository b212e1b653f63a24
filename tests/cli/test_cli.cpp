// sdstudio-cli as a user runs it: help, version, inspect, exit codes.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "support/cli_process.h"

namespace {

using Result = sd::test::CliResult;
Result run(const QStringList& args) { return sd::test::runCli(args); }

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

  void generateWithClipScores() {
    QTemporaryDir out;
    const auto r = run({"generate", "--model", SD_TEST_DATA_DIR "/tiny-sd", "--clip", SD_TEST_DATA_DIR "/tiny-clip",
                        "--prompt", "a lion", "--prompt", "a brownstone", "--steps", "3", "--seed", "7", "--batch", "2",
                        "--width", "64", "--height", "72", "--device", "cpu", "--out", out.path()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char* name : {"p0-s7.png", "p0-s8.png", "p1-s7.png", "p1-s8.png"})
      QVERIFY2(QFile::exists(out.path() + "/" + name), name);
    const auto info = run({"info", "--json", out.path() + "/p1-s8.png"});
    QCOMPARE(info.exitCode, 0);
    QVERIFY2(info.out.contains("a brownstone") && info.out.contains("probabilities"), qPrintable(info.out));
    // Nothing is overwritten silently.
    const auto again = run({"generate", "--model", SD_TEST_DATA_DIR "/tiny-sd", "--prompt", "a lion", "--steps", "1",
                            "--seed", "7", "--width", "64", "--height", "64", "--out", out.path()});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains("already exists"), qPrintable(again.err));
  }

  void generateRejectsBadInput_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    const QString model = SD_TEST_DATA_DIR "/tiny-sd";
    QTest::newRow("size") << QStringList{"--model", model, "--prompt", "x", "--width", "65"} << "multiples of 8";
    QTest::newRow("steps") << QStringList{"--model", model, "--prompt", "x", "--steps", "0"} << "--steps must be";
    QTest::newRow("scheduler") << QStringList{"--model", model, "--prompt", "x", "--scheduler", "warp"}
                               << "unknown scheduler 'warp'";
    QTest::newRow("no prompt") << QStringList{"--model", model} << "--prompt is required";
    QTest::newRow("missing model") << QStringList{"--model", "/nonexistent/model", "--prompt", "x"} << "does not exist";
    QTest::newRow("strength alone") << QStringList{"--model", model, "--prompt", "x", "--strength", "0.5"}
                                    << "--strength needs --init-image";
  }

  void generateRejectsBadInput() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QTemporaryDir out;
    const auto r = run(QStringList{"generate"} + args + QStringList{"--out", out.path()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
  }

  void generateRefusesPickles() {
    QTemporaryDir dir;
    const auto ckpt = dir.path() + "/model.ckpt";
    std::ofstream(ckpt.toStdString()) << "not really a pickle";
    const auto r = run({"generate", "--model", ckpt, "--prompt", "x", "--out", dir.path()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("never loads pickle") && r.err.contains("safetensors"), qPrintable(r.err));
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
