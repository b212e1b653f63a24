// sdstudio-cli as a user runs it: help, version, inspect, exit codes.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "core/image/png_io.h"
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
    r = run({"genrate", "--help"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("unknown command 'genrate'; did you mean 'generate'?"), qPrintable(r.err));
    r = run({"inspect", "--bogus", "x"});
    QCOMPARE(r.exitCode, 2);  // a usage error
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
    QTest::addColumn<int>("exitCode");  // 2: the command line is wrong; 1: a file is
    const QString model = SD_TEST_DATA_DIR "/tiny-sd";
    QTest::newRow("size") << QStringList{"--model", model, "--prompt", "x", "--width", "65"} << "multiples of 8" << 2;
    QTest::newRow("steps") << QStringList{"--model", model, "--prompt", "x", "--steps", "0"} << "--steps must be" << 2;
    QTest::newRow("scheduler") << QStringList{"--model", model, "--prompt", "x", "--scheduler", "warp"}
                               << "unknown scheduler 'warp'" << 2;
    QTest::newRow("no prompt") << QStringList{"--model", model} << "give a prompt: --prompt TEXT or --prompts-file FILE" << 2;
    QTest::newRow("missing model") << QStringList{"--model", "/nonexistent/model", "--prompt", "x"} << "does not exist"
                                   << 1;
    QTest::newRow("strength alone") << QStringList{"--model", model, "--prompt", "x", "--strength", "0.5"}
                                    << "--strength needs --init-image" << 2;
    QTest::newRow("variation strength range")
        << QStringList{"--model", model, "--prompt", "x", "--variation-seed", "3", "--variation-strength", "1.5"}
        << "--variation-strength must be between 0 and 1" << 2;
    QTest::newRow("variation strength alone") << QStringList{"--model", model, "--prompt", "x", "--variation-strength", "0.2"}
                                              << "--variation-strength needs --variation-seed" << 2;
    QTest::newRow("variation seed alone") << QStringList{"--model", model, "--prompt", "x", "--variation-seed", "4"}
                                          << "--variation-seed needs --variation-strength" << 2;
    QTest::newRow("missing init image") << QStringList{"--model", model, "--prompt", "x", "--init-image", "/nonexistent.png"}
                                        << "/nonexistent.png" << 1;
    const QString init = SD_TEST_DATA_DIR "/goldens/inpaint/init_image_64x64.png";
    QTest::newRow("mask without init image") << QStringList{"--model", model, "--prompt", "x", "--mask", init}
                                             << "--mask needs --init-image" << 2;
    QTest::newRow("missing mask") << QStringList{"--model", model, "--prompt", "x", "--init-image", init, "--mask",
                                                 "/nonexistent-mask.png"}
                                  << "/nonexistent-mask.png" << 1;
    QTest::newRow("mask size") << QStringList{"--model", model, "--prompt", "x", "--init-image", init, "--mask",
                                              SD_TEST_DATA_DIR "/goldens/tiny-clip/images/img0_rgb_320x240.png"}
                               << "img0_rgb_320x240.png is 320×240 but the init image" << 1;  // two files disagree: exit 1
    QTest::newRow("mask blur alone") << QStringList{"--model", model, "--prompt", "x", "--mask-blur", "2"}
                                     << "--mask-blur needs --mask" << 2;
    QTest::newRow("padding without only masked")
        << QStringList{"--model", model, "--prompt", "x", "--init-image", init, "--mask", init, "--only-masked-padding", "8"}
        << "--only-masked-padding needs --inpaint-only-masked" << 2;
  }

  // Inpainting end to end: the infotext carries A1111's keys, and with
  // "only masked" every pixel the blurred mask leaves at 0 is the init
  // image's own.
  void inpaintEndToEnd() {
    QTemporaryDir out;
    const QString init = SD_TEST_DATA_DIR "/goldens/inpaint/init_image_64x64.png";
    const QStringList common{"generate", "--model", SD_TEST_DATA_DIR "/tiny-sd", "--prompt", "a fox", "--steps", "3",
                             "--seed", "5", "--device", "cpu", "--init-image", init,
                             "--mask", SD_TEST_DATA_DIR "/goldens/inpaint/mask_64x64.png"};
    const auto whole = run(common + QStringList{"--out", out.path() + "/whole"});
    QVERIFY2(whole.exitCode == 0, qPrintable(whole.err));
    const auto only = run(common + QStringList{"--inpaint-only-masked", "--only-masked-padding", "8", "--mask-blur", "2",
                                               "--out", out.path() + "/only"});
    QVERIFY2(only.exitCode == 0, qPrintable(only.err));
    const auto parameters = [](const QString& path) {
      for (const auto& [key, value] : sd::readPng(path.toStdString()).text)
        if (key == "parameters") return QString::fromStdString(value);
      return QString();
    };
    const auto wholeText = parameters(out.path() + "/whole/p0-s5.png");
    QVERIFY2(wholeText.contains("Mask blur: 4") && !wholeText.contains("Inpaint area"), qPrintable(wholeText));
    const auto onlyText = parameters(out.path() + "/only/p0-s5.png");
    QVERIFY2(onlyText.contains("Mask blur: 2, Inpaint area: Only masked, Masked area padding: 8"), qPrintable(onlyText));
    const auto original = sd::readPng(init.toStdString()).image;
    const auto painted = sd::readPng((out.path() + "/only/p0-s5.png").toStdString()).image;
    QCOMPARE(painted.width, original.width);
    QVERIFY(painted.pixels != original.pixels);
    for (int y : {0, 63})  // rows the blurred mask never reaches (it spans rows 8..39, blur 2 → 5 px)
      QVERIFY(std::equal(original.row(y), original.row(y) + 64 * 3, painted.row(y)));
    const auto info = run({"info", out.path() + "/only/p0-s5.png"});
    QVERIFY2(info.out.contains("Inpainting: mask blur 2, only masked (padding 8)"), qPrintable(info.out));
  }

  void generateRejectsBadInput() {
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QFETCH(int, exitCode);
    QTemporaryDir out;
    const QString dir = out.path() + "/run";
    const auto r = run(QStringList{"generate"} + args + QStringList{"--out", dir});
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY2(!QFileInfo::exists(dir), "a failed run left its --out folder behind");
  }

  // A1111's variation seeds: the seed stays, the variation seed counts up,
  // the infotext says both, and strength 0 is the plain image's bytes.
  void generateWithAVariationSeed() {
    QTemporaryDir out;
    const QStringList common{"generate", "--model", SD_TEST_DATA_DIR "/tiny-sd", "--prompt", "a lion", "--steps", "3",
                             "--seed", "7", "--width", "64", "--height", "64", "--device", "cpu"};
    const auto r = run(common + QStringList{"--variation-seed", "100", "--variation-strength", "0.25", "--batch", "2",
                                            "--out", out.path() + "/vary"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char* name : {"p0-s7-v100.png", "p0-s7-v101.png"})
      QVERIFY2(QFile::exists(out.path() + "/vary/" + name), name);
    const auto info = run({"info", out.path() + "/vary/p0-s7-v101.png"});
    QVERIFY2(info.out.contains("Seed: 7\n") && info.out.contains("Variation seed: 101 (strength 0.25)"),
             qPrintable(info.out));
    const auto chunks = sd::readPng((out.path() + "/vary/p0-s7-v101.png").toStdString()).text;
    bool found = false;
    for (const auto& [key, value] : chunks)
      if (key == "parameters") found = value.find("Seed: 7,") != std::string::npos &&
                                       value.find("Variation seed: 101, Variation seed strength: 0.25") != std::string::npos;
    QVERIFY(found);
    QVERIFY(run(common + QStringList{"--out", out.path() + "/plain"}).exitCode == 0);
    QVERIFY(run(common + QStringList{"--variation-seed", "100", "--variation-strength", "0", "--out", out.path() + "/zero"})
                .exitCode == 0);
    const auto plain = sd::readPng((out.path() + "/plain/p0-s7.png").toStdString()).image.pixels;
    QVERIFY(sd::readPng((out.path() + "/zero/p0-s7.png").toStdString()).image.pixels == plain);
    QVERIFY(sd::readPng((out.path() + "/vary/p0-s7-v100.png").toStdString()).image.pixels != plain);
  }

  void img2imgKeepsTheInitImageSize() {
    // diffusers renders an init image at its own size rounded down to a
    // multiple of 8 when no size is given: 100×70 -> 96×64, not 512×512.
    QTemporaryDir dir;
    const auto init = dir.path() + "/init.png";
    sd::writePng(init.toStdString(), sd::RgbImage::blank(100, 70));
    const auto r = run({"generate", "--model", SD_TEST_DATA_DIR "/tiny-sd", "--prompt", "x", "--steps", "2",
                        "--init-image", init, "--device", "cpu", "--out", dir.path() + "/out"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto image = sd::readPng((dir.path() + "/out/p0-s0.png").toStdString()).image;
    QCOMPARE(image.width, 96);
    QCOMPARE(image.height, 64);
  }

  // Generation reads a long prompt whole (75-token chunks); only CLIP
  // scoring cuts it, so only a run with --clip warns, naming what is unscored.
  void generateWarnsOnlyAboutWhatScoringCuts() {
    QTemporaryDir dir;
    QStringList words;
    for (int i = 0; i < 80; ++i) words << "cat";
    words << "(unicorn:1.2)";
    const QStringList common{"generate", "--model", SD_TEST_DATA_DIR "/tiny-sd", "--prompt", words.join(' '),
                             "--steps", "1", "--width", "64", "--height", "64", "--device", "cpu"};
    auto r = run(common + QStringList{"--out", dir.path() + "/plain"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(!r.err.contains("warning"), qPrintable(r.err));
    r = run(common + QStringList{"--clip", SD_TEST_DATA_DIR "/tiny-clip", "--out", dir.path() + "/scored"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("warning: prompt \"cat cat") &&
                 r.err.contains("has 81 tokens; CLIP scoring reads the first 75"),
             qPrintable(r.err));
    QVERIFY2(r.err.contains("leaves out: \"cat cat cat cat cat unicorn\""), qPrintable(r.err));
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
