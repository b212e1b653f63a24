// sdstudio-cli score as a user runs it, on the tiny CLIP: the JSON matrix
// equals transformers' probs_T10 (tests/data/goldens/tiny-clip/clip.json,
// atol 1e-5), the table is readable, and mistakes give exit code 1 with a
// message naming the culprit. Also bench-clip's option checking.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/cli_process.h"

namespace {

using Result = sd::test::CliResult;
Result run(const QStringList& args) { return sd::test::runCli(args); }

nlohmann::json goldenJson() {
  std::ifstream in(SD_TEST_DATA_DIR "/goldens/tiny-clip/clip.json");
  return nlohmann::json::parse(in);
}

QStringList scoreArgs(const nlohmann::json& golden) {
  QStringList args{"score", "--clip", SD_TEST_DATA_DIR "/tiny-clip", "--device", "cpu"};
  for (const auto& image : golden.at("images"))
    args << "--image" << QString::fromStdString(SD_TEST_DATA_DIR "/goldens/tiny-clip/" + image.get<std::string>());
  for (const auto& prompt : golden.at("prompts")) args << "--prompt" << QString::fromStdString(prompt.get<std::string>());
  return args;
}

}  // namespace

class TestCliScore : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void jsonMatchesTransformers() {
    const auto golden = goldenJson();
    const auto r = run(scoreArgs(golden) << "--json");
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto out = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(out.at("prompts"), golden.at("prompts"));
    QCOMPARE(out.at("images").size(), std::size_t(4));
    const auto& expected = golden.at("probs_T10");
    double worst = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      QCOMPARE(out.at("logits").at(i).size(), std::size_t(5));
      for (std::size_t p = 0; p < 5; ++p)
        worst = std::max(worst, std::abs(out.at("probabilities").at(i).at(p).get<double>() -
                                         expected.at(i).at(p).get<double>()));
    }
    qInfo("CLI probabilities vs probs_T10: max |d| %.3g (atol 1e-5)", worst);
    QVERIFY(worst <= 1e-5);
  }

  void tableShowsPercentagesAndBars() {
    auto args = scoreArgs(goldenJson());
    const auto r = run(args << "--temperature" << "10");
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains("img3_rgba_150x100.png"));
    QVERIFY(r.out.contains("21.75%"));  // probs_T10[0][2] = 0.21755
    QVERIFY(r.out.contains("* a diagram with colored stripes"));
    QVERIFY(r.out.contains(QString::fromUtf8("\u2588")));
  }

  void mistakesAreReported() {
    auto r = run({"score", "--clip", SD_TEST_DATA_DIR "/tiny-clip", "--prompt", "x"});
    QCOMPARE(r.exitCode, 2);  // usage errors exit 2, files the program cannot use 1
    QVERIFY2(r.err.contains("--image"), qPrintable(r.err));
    QTemporaryDir dir;
    const auto bad = dir.path() + "/broken.png";
    std::ofstream(bad.toStdString()) << "not a png";
    r = run({"score", "--clip", SD_TEST_DATA_DIR "/tiny-clip", "--image", bad, "--prompt", "x", "--device", "cpu"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(bad), qPrintable(r.err));
    r = run({"score", "--clip", dir.path(), "--image", bad, "--prompt", "x"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("config.json"), qPrintable(r.err));
    r = run({"score", "--clip", SD_TEST_DATA_DIR "/tiny-clip", "--image", bad, "--prompt", "x", "--temperature", "0"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--temperature"), qPrintable(r.err));
    r = run({"bench-clip", "--batch", "0"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--batch"), qPrintable(r.err));
  }

  // Issue 30, item 8: one unreadable image among several costs only itself:
  // the others are scored (exactly as without it), the bad one is named,
  // and the exit status says something failed.
  void oneBadImageCostsOnlyItself() {
    QTemporaryDir dir;
    const auto bad = dir.path() + "/broken.png";
    std::ofstream(bad.toStdString()) << "not a png";
    const auto golden = goldenJson();
    auto args = scoreArgs(golden);
    args.insert(args.indexOf("--image") + 1, bad);  // the first of the images
    const auto r = run(args << "--json");
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(bad) && r.err.contains("1 of 5 images could not be read"), qPrintable(r.err));
    const auto out = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(out.at("images").size(), std::size_t(4));
    for (std::size_t i = 0; i < 4; ++i)
      for (std::size_t p = 0; p < 5; ++p)
        QVERIFY(std::abs(out.at("probabilities").at(i).at(p).get<double>() -
                         golden.at("probs_T10").at(i).at(p).get<double>()) <= 1e-5);
  }

  void helpListsTheCommands() {
    const auto r = run({"--help"});
    QVERIFY(r.out.contains("score") && r.out.contains("bench-clip"));
    QVERIFY(run({"score", "--help"}).out.contains("--temperature T"));
  }
};

QTEST_GUILESS_MAIN(TestCliScore)
#include "test_cli_score.moc"
