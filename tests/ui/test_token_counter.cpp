// The prompt's token counter, A1111 style: "n/75" within one chunk, "n/150"
// for a prompt read in two (nothing is cut), the chunk boundaries and what
// CLIP scoring leaves out in the tooltip.
#include <QLabel>
#include <QtTest>

#include "ui/model/comparison_set.h"
#include "ui/model/gallery_model.h"
#include "ui/panels/prompt_panel.h"
#include "core/text/clip_tokenizer.h"
#include "ui/token_counter.h"

using namespace sd::ui;

class TestTokenCounter : public QObject {
  Q_OBJECT
  TokenCounter m_counter;

 private Q_SLOTS:
  void initTestCase() {
    m_counter.setTokenizer(std::make_shared<const sd::ClipTokenizer>(
        sd::ClipTokenizer::fromFolder(SD_TEST_DATA_DIR "/tiny-sd/tokenizer")));
  }

  void shortPromptIsOneChunk() {
    const auto length = m_counter.measure("a (red:1.3) fox");
    QCOMPARE(length.tokens, 3);  // the emphasis syntax is not counted
    QCOMPARE(length.capacity, 75);
    QCOMPARE(length.chunks, 1);
    QVERIFY(!length.scoringTruncated);
  }

  void longPromptShowsItsChunks() {
    const auto length = m_counter.measure(QString("cat ").repeated(80) + "unicorn");
    QCOMPARE(length.tokens, 81);
    QCOMPARE(length.capacity, 150);
    QCOMPARE(length.chunks, 2);
    QVERIFY(length.scoringTruncated);
    QVERIFY2(length.details.contains("Chunk 2 starts at “cat cat cat cat…”"), qPrintable(length.details));
    QVERIFY2(length.details.contains("leaves out “cat cat cat cat cat unicorn”"), qPrintable(length.details));
  }

  void breakStartsAChunk() {
    const auto length = m_counter.measure("a castle BREAK a dragon");
    QCOMPARE(length.chunks, 2);
    QCOMPARE(length.tokens, 77);  // the first chunk counts as full
    QVERIFY(!length.scoringTruncated);
    QVERIFY2(length.details.contains("Chunk 2 starts at “a dragon”"), qPrintable(length.details));
  }

  void galleryTooltipNotesWhatScoringCuts() {
    ComparisonSet set;
    GalleryModel model(&set);
    const QString longPrompt = QString("cat ").repeated(80);
    set.setExplicitPrompts({"a fox", longPrompt});
    set.addTextEmbeddings({{"a fox", longPrompt}, {{1, 0}, {0, 1}}, 100.f});
    GalleryItem item;
    item.prompt = "a fox";
    item.imageEmbedding = {1, 0};
    model.append(item);
    model.setScoringTokens([this](const QString& t) { return m_counter.scoringTokens(t); });
    const auto tip = model.data(model.index(0), Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains("(scored on its first 75 of 80 tokens)"), qPrintable(tip));
    QCOMPARE(tip.count("scored on its first"), 1);
  }

  void panelShowsIt() {
    PromptPanel panel;
    QCOMPARE(panel.promptCounterText(), QString("–/75"));
    panel.setTokenCounter([this](const QString& t) { return m_counter.measure(t); });
    panel.setPrompt(QString("cat ").repeated(90));
    QTRY_COMPARE_WITH_TIMEOUT(panel.promptCounterText(), QString("90/150"), 2000);
    QVERIFY(panel.findChild<QLabel*>("promptTokenCount")->toolTip().contains("2 chunks"));
  }
};

QTEST_MAIN(TestTokenCounter)
#include "test_token_counter.moc"
