// Prompts from a text file (core/text/prompts_file.h): A1111's reading (one
// prompt per non-blank line, trimmed), BOM and CRLF, and the refusals.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "core/text/prompts_file.h"
#include "core/util/error.h"

namespace {

QString refusal(std::string_view text) {
  try {
    sd::parsePromptLines(text, "prompts.txt");
  } catch (const sd::Error& e) {
    return QString::fromUtf8(e.what());
  }
  return {};
}

}  // namespace

class TestPromptsFile : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void oneNonBlankLineEach() {
    const auto prompts = sd::parsePromptLines("\xEF\xBB\xBF  a red fox \r\n\r\n\ta cat, (detailed:1.2)\r\n  \nlast", "f");
    QCOMPARE(prompts, (std::vector<std::string>{"a red fox", "a cat, (detailed:1.2)", "last"}));
    QCOMPARE(sd::parsePromptLines("caf\xC3\xA9\n", "f"), std::vector<std::string>{"caf\xC3\xA9"});
    // Every break Python's splitlines() knows: a lone CR, U+2028, form feed.
    QCOMPARE(sd::parsePromptLines("mac\rline\xE2\x80\xA8sep\fff", "f"),
             (std::vector<std::string>{"mac", "line", "sep", "ff"}));
  }

  void refusalsNameTheFileAndLine() {
    QVERIFY(refusal("\n \n\r\n").contains("prompts.txt holds no prompt"));
    QVERIFY(refusal("ok\nbad \xFF byte\n").contains("prompts.txt, line 2: not UTF-8"));
    QVERIFY(refusal(std::string_view("a\0b", 3)).contains("NUL"));
    // Issue 30, item 8: UTF-16 (with or without its BOM) is named as such,
    // not as "holds NUL bytes".
    QVERIFY(refusal(std::string_view("\xFF\xFE" "a\0 \0c\0a\0t\0", 12)).contains("prompts.txt is UTF-16 text"));
    QVERIFY(refusal(std::string_view("a\0 \0c\0a\0t\0", 10)).contains("is UTF-16 text: save it as UTF-8"));
    std::string many;
    for (std::size_t i = 0; i <= sd::kMaxPromptsInFile; ++i) many += "p\n";
    QVERIFY(refusal(many).contains("more than 10000 prompts"));
  }

  void readsAndWritesFiles() {
    QTemporaryDir dir;
    const std::filesystem::path path = dir.filePath("set.txt").toStdString();
    const std::vector<std::string> set{"a fox", "a cat\nwith a hat", "  "};
    std::ofstream(path) << sd::formatPromptLines(set);
    QCOMPARE(sd::readPromptsFile(path), (std::vector<std::string>{"a fox", "a cat with a hat"}));
    try {
      sd::readPromptsFile(dir.filePath("missing.txt").toStdString());
      QFAIL("a missing file was read");
    } catch (const sd::Error& e) {
      QVERIFY(QString::fromUtf8(e.what()).contains("missing.txt"));
    }
  }
};

QTEST_GUILESS_MAIN(TestPromptsFile)
#include "test_prompts_file.moc"
