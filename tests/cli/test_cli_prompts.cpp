// sdstudio-cli and prompts as people write them: A1111 emphasis and long
// prompts in tokenize and generate.
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include "support/cli_process.h"

namespace {

using sd::test::runCli;
const QString kModel = SD_TEST_DATA_DIR "/tiny-sd";
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
};

QTEST_APPLESS_MAIN(TestCliPrompts)
#include "test_cli_prompts.moc"
