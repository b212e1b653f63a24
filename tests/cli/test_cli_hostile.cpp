// sdstudio-cli on hostile files, as issue 15 found them by hand: `info` and
// `inspect` end with a named error or a warning (never a crash, a hang or a
// cut-short output), one bad file among several costs only itself, escape
// sequences from files never reach the terminal, and `generate` refuses an
// invalid UTF-8 prompt before it loads the model.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QDir>
#include <QtTest>

#include <sys/stat.h>

#include <fstream>

#include "support/cli_process.h"

namespace {

using sd::test::runCli;

// Generous: the CLI starts LibTorch (about 1.5 s here) before it reads anything.
constexpr int kTimeoutMs = 60'000;
constexpr qint64 kQuickMs = 15'000;

std::string chunk(const std::string& type, const std::string& body) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((body.size() >> shift) & 0xFF);
  return out + type + body + std::string(4, '\0');  // CRCs are not checked by the metadata reader
}

std::string png(const std::vector<std::pair<std::string, std::string>>& text) {
  std::string out = "\x89PNG\r\n\x1a\n" + chunk("IHDR", std::string("\0\0\0\1\0\0\0\1\x08\x02\0\0\0", 13));
  for (const auto& [key, value] : text) out += chunk("tEXt", key + '\0' + value);
  return out + chunk("IEND", "");
}

std::string safetensors(const std::string& header, std::size_t dataBytes = 0) {
  std::string out;
  for (int i = 0; i < 8; ++i) out += static_cast<char>((uint64_t(header.size()) >> (8 * i)) & 0xFF);
  return out + header + std::string(dataBytes, '\0');
}

}  // namespace

class TestCliHostile : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

  QString file(const char* name, const std::string& bytes) {
    const QString path = m_dir.path() + "/" + name;
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
    return path;
  }

 private Q_SLOTS:
  // One bad file among three: the JSON array stays whole and says null or
  // a warning for it; the good files are read.
  void infoOfSeveralFiles() {
    const auto good = file("good.png", png({{"parameters", "a cat\nSteps: 2, Seed: 3, Size: 64x64"}}));
    const auto typeError = file("type.png", png({{"prompt", R"({"1":{"class_type":5}})"}}));
    const auto deep = file("deep.png", png({{"sdstudio", std::string(100'000, '[') + std::string(100'000, ']')}}));
    const auto huge = file("huge.png", png({{"parameters", std::string(40u << 20, 'a')}}));
    const auto r = runCli({"info", "--json", good, typeError, deep, huge, good}, kTimeoutMs);
    QVERIFY2(r.finished, qPrintable(r.err));
    QCOMPARE(r.exitCode, 1);  // huge.png could not be read
    QJsonParseError error{};
    const auto array = QJsonDocument::fromJson(r.out.toUtf8(), &error).array();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + "\n" + r.out.left(500)));
    QCOMPARE(array.size(), 5);
    QCOMPARE(array[0].toObject()["seed"].toInteger(), 3);
    QCOMPARE(array[4].toObject()["seed"].toInteger(), 3);
    QVERIFY(array[3].isNull());
    QVERIFY2(r.err.contains("huge.png") && r.err.contains("limit"), qPrintable(r.err));
    QVERIFY2(!r.err.contains("json.exception"), qPrintable(r.err));
  }

  void noEscapesReachTheTerminal() {
    const std::string evil = "\x1b]0;owned\x07\x1b[2J";
    const auto image = file("ansi.png", png({{"parameters", evil + "a cat\nSteps: 2, Seed: 3, Size: 64x64"}}));
    const auto weights = file("ansi.safetensors",
                              safetensors("{\"__metadata__\":{\"x\":\"\\u001b[31mred\\u0007\"},\"\\u001b[2Jt\":"
                                          "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
    const auto broken = file("ansi-error.safetensors",
                             safetensors("{\"t\":{\"dtype\":\"\\u001b]0;x\\u0007\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
    for (const QStringList& args : {QStringList{"info", image}, QStringList{"inspect", weights}, QStringList{"inspect", broken}}) {
      const auto r = runCli(args, kTimeoutMs);
      QVERIFY2(r.finished, qPrintable(args.join(' ')));
      QVERIFY2(!(r.out + r.err).contains(QChar(0x1b)) && !(r.out + r.err).contains(QChar(0x07)), qPrintable(args.join(' ')));
      QVERIFY2((r.out + r.err).contains("\\x1B"), qPrintable(r.out + r.err));
    }
  }

  // Issue 30, item 6: every path that prints text from a file goes through
  // one filter: a config value and a LoRA key in error messages, a path
  // given on the command line, a file name in generate's progress.
  void escapesInErrorMessagesAndPaths() {
    const QString model = m_dir.path() + "/escape-model";
    QVERIFY(QProcess::execute("cp", {"-rL", SD_TEST_DATA_DIR "/tiny-sd", model}) == 0);
    const QString config = model + "/text_encoder/config.json";
    QFile in(config);
    QVERIFY(in.open(QIODevice::ReadOnly));
    auto json = QJsonDocument::fromJson(in.readAll()).object();
    in.close();
    json["hidden_act"] = QString("\x1b]0;owned\x07gelu");
    QFile out(config);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(QJsonDocument(json).toJson());
    out.close();
    file("evil.safetensors", safetensors("{\"lora_unet_\\u001b[2Jx.lora_down.weight\":"
                                         "{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]}}", 4));
    const QString render = " --steps 1 --width 64 --height 64 --out " + m_dir.path() + "/escape-out";
    const QString escapedName = m_dir.path() + "/a\x1b]0;x\x07.png";
    const QList<QStringList> runs = {
        QStringList{"generate", "--model", model, "--prompt", "x"} + render.split(' ', Qt::SkipEmptyParts),
        QStringList{"generate", "--model", SD_TEST_DATA_DIR "/tiny-sd", "--prompt", "x <lora:evil:1>", "--lora-dir",
                    m_dir.path()} + render.split(' ', Qt::SkipEmptyParts),
        QStringList{"score", "--clip", SD_TEST_DATA_DIR "/tiny-clip", "--image", escapedName, "--prompt", "a"},
    };
    for (const auto& args : runs) {
      const auto r = runCli(args, kTimeoutMs);
      QVERIFY2(r.finished, qPrintable(args.join(' ')));
      QCOMPARE(r.exitCode, 1);
      QVERIFY2(!(r.out + r.err).contains(QChar(0x1b)) && !(r.out + r.err).contains(QChar(0x07)), qPrintable(r.err));
      QVERIFY2(r.err.contains("\\x1B"), qPrintable(r.err));
    }
  }

  // Issue 30, item 1: a config within the bounds but far larger than its
  // weights (16 layers a block, 16 transformer layers each) is checked
  // against the weights' names and shapes before a tensor is allocated or
  // read: a named error at once, not gigabytes.
  void configLargerThanItsWeightsIsRefusedAtOnce() {
    const QString model = m_dir.path() + "/big-config-model";
    QVERIFY(QProcess::execute("cp", {"-rL", SD_TEST_DATA_DIR "/tiny-sd", model}) == 0);
    QFile in(model + "/unet/config.json");
    QVERIFY(in.open(QIODevice::ReadOnly));
    auto json = QJsonDocument::fromJson(in.readAll()).object();
    in.close();
    json["layers_per_block"] = 16;
    json["transformer_layers_per_block"] = 16;
    QFile out(model + "/unet/config.json");
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(QJsonDocument(json).toJson());
    out.close();
    const auto r = runCli({"generate", "--model", model, "--prompt", "x", "--steps", "1", "--width", "64", "--height",
                           "64", "--out", m_dir.path() + "/big-config-out"},
                          kTimeoutMs);
    QVERIFY2(r.finished && r.ms < kQuickMs, qPrintable(QString("%1 ms").arg(r.ms)));
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("UNet") && (r.err.contains("weight(s) missing") || r.err.contains("the model's config needs")),
             qPrintable(r.err));
  }

  // Issue 30, item 7: --save-latents no longer overwrites latents of an
  // earlier run without --force (the image beside them was already guarded).
  void latentsAreNotOverwrittenUnasked() {
    const QString out = m_dir.path() + "/latents-out";
    QDir().mkpath(out);
    file("latents-out/p0-s1.latents.safetensors", "earlier run");
    const QStringList args{"generate", "--model", SD_TEST_DATA_DIR "/tiny-sd", "--prompt", "x", "--steps", "1",
                           "--width", "64", "--height", "64", "--seed", "1", "--save-latents", "--out", out};
    auto r = runCli(args, kTimeoutMs);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("p0-s1.latents.safetensors already exists (use --force"), qPrintable(r.err));
    QFile kept(out + "/p0-s1.latents.safetensors");
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("earlier run"));
    r = runCli(args + QStringList{"--force"}, kTimeoutMs);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
  }

  void hostileModelFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const std::string deep(100'000, '[');
    QTest::newRow("nested 100,000 deep") << QByteArray::fromStdString(safetensors(
        R"({"t":{"dtype":"F32","shape":)" + deep + std::string(100'000, ']') + R"(,"data_offsets":[0,0]}})"))
                                         << "not a list of sizes";
    QTest::newRow("duplicate names") << QByteArray::fromStdString(safetensors(
        R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})", 2))
                                     << "listed twice";
    QTest::newRow("pickle") << QByteArray("\x80\x02}q\x00.", 6) << "Python pickle";
    QTest::newRow("zip") << QByteArray("PK\x03\x04\x14\x00\x00\x00", 8) + QByteArray(64, 'z') << "zip archive";
  }
  void hostileModelFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const auto path = file("model.safetensors", bytes.toStdString());
    for (const char* command : {"inspect", "generate"}) {
      const QStringList args = QString(command) == "inspect"
                                   ? QStringList{"inspect", path}
                                   : QStringList{"generate", "--model", path, "--prompt", "x", "--steps", "1", "--width",
                                                 "64", "--height", "64", "--out", m_dir.path() + "/never"};
      const auto r = runCli(args, kTimeoutMs);
      QVERIFY2(r.finished && r.ms < kQuickMs, qPrintable(QString("%1: %2 ms").arg(command).arg(r.ms)));
      QCOMPARE(r.exitCode, 1);
      QVERIFY2(r.err.contains(expected) && r.err.contains("model.safetensors"), qPrintable(r.err));
    }
  }

  // A FIFO given as a model or an image is refused at once.
  void fifos() {
    const auto fifo = m_dir.path() + "/pipe";
    QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
    for (const QStringList& args : {QStringList{"info", fifo}, QStringList{"inspect", fifo}}) {
      const auto r = runCli(args, kTimeoutMs);
      QVERIFY2(r.finished && r.ms < kQuickMs, qPrintable(args.join(' ')));
      QCOMPARE(r.exitCode, 1);
      QVERIFY2(r.err.contains("not a regular file"), qPrintable(r.err));
    }
  }

  // Invalid UTF-8 in a prompt is refused with the settings, before the
  // model loads (it used to render a whole image, then fail on metadata).
  void invalidUtf8Prompt() {
    QProcess shell;
    shell.start("/bin/sh", {"-c", "exec \"$0\" generate --model \"$1\" --prompt \"a $(printf '\\377') cat\" --steps 1 "
                                  "--width 64 --height 64 --out \"$2\"",
                            SD_CLI_PATH, QString(SD_TEST_DATA_DIR) + "/tiny-sd", m_dir.path() + "/utf8"});
    QVERIFY(shell.waitForFinished(kTimeoutMs));
    const QString err = QString::fromUtf8(shell.readAllStandardError());
    QCOMPARE(shell.exitCode(), 2);
    QVERIFY2(err.contains("not valid UTF-8"), qPrintable(err));
    QVERIFY2(!err.contains("Model:"), qPrintable(err));
    QVERIFY(!QFileInfo::exists(m_dir.path() + "/utf8"));
  }
};

QTEST_GUILESS_MAIN(TestCliHostile)
#include "test_cli_hostile.moc"
