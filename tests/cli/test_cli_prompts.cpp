// sdstudio-cli and prompts as people write them: A1111 emphasis and long
// prompts in tokenize; why an image matches its prompt: generate --clip
// --trajectory stores the trajectory and which words matter, info --json
// shows them, explain recomputes them, the HTML export draws them.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "support/cli_process.h"

namespace {

using sd::test::runCli;
const QString kModel = SD_TEST_DATA_DIR "/tiny-sd";
const QString kClip = SD_TEST_DATA_DIR "/tiny-clip";
constexpr int kBos = 49406;

QJsonArray tokenizeJson(const QStringList& texts) {
  const auto r = runCli(QStringList{"tokenize", "--tokenizer", kModel, "--json"} + texts);
  if (r.exitCode != 0) qWarning("%s", qPrintable(r.err));
  return QJsonDocument::fromJson(r.out.toUtf8()).array();
}

}  // namespace

class TestCliPrompts : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void tokenizeReadsEmphasisAsWeightsNotWords() {
    const auto lists = tokenizeJson({"a (red:1.5) [fox]", "a red fox"});
    QCOMPARE(lists.size(), 2);
    QCOMPARE(lists[0].toArray().size(), 77);
    QCOMPARE(lists[0], lists[1]);
  }

  void tokenizeChunksALongPrompt() {
    QStringList words;
    for (int i = 0; i < 80; ++i) words << "cat";
    const auto lists = tokenizeJson({words.join(' '), "a BREAK b"});
    for (const auto& list : lists) {
      const auto ids = list.toArray();
      QCOMPARE(ids.size(), 154);
      QCOMPARE(ids[77].toInt(), kBos);  // the second chunk starts afresh
    }
    const auto r = runCli({"tokenize", "--tokenizer", kModel, words.join(' ')});
    QVERIFY2(r.err.contains("80 tokens in 2 chunks"), qPrintable(r.err));
  }

  // <lora:…> tags: applied from --lora-dir, kept in the prompt, hashed as A1111 does.
  void generateWithLora() {
    QTemporaryDir dir;
    const QString loras = SD_TEST_DATA_DIR "/lora";
    const QString prompt = "a fox <lora:tiny_kohya:0.8> <lora:tiny_peft:0.5>";
    auto r = runCli({"generate", "--model", kModel, "--lora-dir", loras, "--prompt", prompt, "--prompt", "a fox",
                     "--steps", "2", "--width", "64", "--height", "64", "--device", "cpu", "--out", dir.path()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = runCli({"info", "--json", dir.path() + "/p0-s0.png"});
    const auto info = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(info["prompt"].toString(), prompt);
    QCOMPARE(info["lora_hashes"].toString(), QString("tiny_kohya: 7221074cf9fc, tiny_peft: 5404e0c18127"));
    r = runCli({"info", "--json", dir.path() + "/p1-s0.png"});
    QVERIFY(!QJsonDocument::fromJson(r.out.toUtf8()).object().contains("lora_hashes"));

    r = runCli({"generate", "--model", kModel, "--lora-dir", loras, "--prompt", "<lora:absent>", "--steps", "1",
                "--width", "64", "--height", "64", "--device", "cpu", "--out", dir.path() + "/x"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("LoRA 'absent' not found") && r.err.contains(loras), qPrintable(r.err));
  }

  void generateRecordsTheTrajectoryAndTheWords() {
    QTemporaryDir dir;
    const auto out = dir.path() + "/run";
    auto r = runCli({"generate", "--model", kModel, "--clip", kClip, "--prompt", "a (red:1.3) fox, [snow]", "--prompt",
                     "a castle", "--steps", "5", "--trajectory", "2", "--width", "64", "--height", "64", "--device",
                     "cpu", "--out", out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = runCli({"info", "--json", out + "/p0-s0.png"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto info = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const auto trajectory = info["trajectory"].toObject();
    QCOMPARE(trajectory["steps"].toArray(), (QJsonArray{2, 4, 5}));
    QCOMPARE(trajectory["decoder"].toString(), QString("approximation"));
    const auto rows = trajectory["probabilities"].toArray();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[0].toArray().size(), 2);  // one probability per prompt
    const auto row = rows[2].toArray();
    QVERIFY(qAbs(row[0].toDouble() + row[1].toDouble() - 1.0) < 1e-5);
    const auto units = info["explanation"].toObject()["units"].toArray();
    QCOMPARE(units.size(), 4);  // a, (red:1.3), fox, [snow]
    QCOMPARE(units[1].toObject()["text"].toString(), QString("(red:1.3)"));

    // explain recomputes the same numbers from the stored embedding.
    r = runCli({"explain", out + "/p0-s0.png", "--clip", kClip, "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto fresh = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(fresh["units"].toArray().size(), 4);
    for (int i = 0; i < 4; ++i)
      QVERIFY(qAbs(fresh["units"][i]["probability"].toDouble() - units[i]["probability"].toDouble()) < 1e-6);
    r = runCli({"explain", out + "/p0-s0.png", "--clip", kClip});
    QVERIFY2(r.exitCode == 0 && r.out.contains("Left out") && r.out.contains("(red:1.3)"), qPrintable(r.out + r.err));

    r = runCli({"export", out, "--to", dir.path() + "/export", "--html"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QFile html(dir.path() + "/export/index.html");
    QVERIFY(html.open(QIODevice::ReadOnly));
    const auto page = QString::fromUtf8(html.readAll());
    QVERIFY(page.contains("<svg class=\"trajectory\"") && page.contains("<svg class=\"words\""));
  }

  // generate and score take prompts from a file, one per line (A1111 #8085).
  void promptsFromAFile() {
    QTemporaryDir dir;
    QFile file(dir.filePath("prompts.txt"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("a red fox\r\n\r\n  a lighthouse at dusk  \n");
    file.close();
    auto r = runCli({"generate", "--model", kModel, "--prompt", "a cat", "--prompts-file", file.fileName(), "--steps",
                     "1", "--width", "64", "--height", "64", "--device", "cpu", "--out", dir.path() + "/run"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char* name : {"p0-s0.png", "p1-s0.png", "p2-s0.png"}) QVERIFY2(QFile::exists(dir.path() + "/run/" + name), name);
    r = runCli({"info", "--json", dir.path() + "/run/p2-s0.png"});
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["prompt"].toString(), QString("a lighthouse at dusk"));
    r = runCli({"score", "--clip", kClip, "--json", "--image", dir.path() + "/run/p0-s0.png", "--prompts-file",
                file.fileName()});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object()["prompts"].toArray().size(), 2);
    r = runCli({"generate", "--model", kModel, "--prompts-file", dir.path() + "/missing.txt", "--out", dir.path() + "/x"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("missing.txt"), qPrintable(r.err));
    r = runCli({"generate", "--model", kModel, "--out", dir.path() + "/x"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--prompt TEXT or --prompts-file FILE"), qPrintable(r.err));
  }

  void trajectoryNeedsClip() {
    QTemporaryDir dir;
    const auto r = runCli({"generate", "--model", kModel, "--prompt", "x", "--trajectory", "2", "--out", dir.path()});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--trajectory needs --clip"), qPrintable(r.err));
  }

  // Without --clip, explain looks in the model folders and says so when
  // none holds a CLIP model.
  void explainAsksForAClipModel() {
    QTemporaryDir dir;
    auto r = runCli({"generate", "--model", kModel, "--prompt", "a fox", "--steps", "1", "--width", "64", "--height",
                     "64", "--device", "cpu", "--out", dir.path() + "/run"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"SDSTUDIO_MODELS_DIR", "XDG_DATA_HOME", "XDG_DATA_DIRS"}) env.insert(name, dir.path());
    env.insert("HOME", dir.path());
    p.setProcessEnvironment(env);
    p.start(SD_CLI_PATH, {"explain", dir.path() + "/run/p0-s0.png"});
    p.waitForFinished(60'000);
    QCOMPARE(p.exitCode(), 2);
    QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("give --clip DIR"));
  }
};

QTEST_APPLESS_MAIN(TestCliPrompts)
#include "test_cli_prompts.moc"
