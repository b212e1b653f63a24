// A1111 prompt syntax: the parse of tricky prompts, as stable-diffusion-webui's
// prompt_parser.parse_prompt_attention returns them (values obtained by
// running it), except where prompt_syntax.h says we differ (marked "ours").
// Weights are built with A1111's operations in its order so that merges of
// equal weights agree; they compare within 1e-12.
#include <QtTest>

#include <cmath>
#include <sstream>

#include "core/pipeline/generation_request.h"
#include "core/text/prompt_syntax.h"
#include "core/util/error.h"

using namespace sd;

Q_DECLARE_METATYPE(std::vector<PromptFragment>)

namespace {

constexpr double kUp = 1.1;
constexpr double kDown = 1.0 / 1.1;
const PromptFragment kBreakMark{"", 1.0, true};

std::string describe(const std::vector<PromptFragment>& fragments) {
  std::ostringstream out;
  out.precision(17);
  for (const auto& f : fragments) out << (f.isBreak ? std::string("BREAK") : "'" + f.text + "'") << ":" << f.weight << " ";
  return out.str();
}

bool sameParse(const std::vector<PromptFragment>& a, const std::vector<PromptFragment>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].isBreak != b[i].isBreak || a[i].text != b[i].text || std::abs(a[i].weight - b[i].weight) > 1e-12)
      return false;
  return true;
}

}  // namespace

class TestPromptSyntax : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void parse_data() {
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<std::vector<PromptFragment>>("expected");
    const auto row = [](const char* name, const char* prompt, std::vector<PromptFragment> expected) {
      QTest::newRow(name) << QString::fromUtf8(prompt) << expected;
    };
    row("plain", "normal text", {{"normal text"}});
    row("round", "an (important) word", {{"an "}, {"important", kUp}, {" word"}});
    row("double round", "((a))", {{"a", kUp * kUp}});
    row("square", "[[a]]", {{"a", kDown * kDown}});
    row("doctest nesting", "a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).",
        {{"a "}, {"house", 1.3 * kUp * kUp}, {" ", kUp}, {"on", kDown * kUp}, {" a ", kUp}, {"hill", 0.5 * kUp},
         {", sun, ", kUp}, {"sky", kUp * kUp * kUp * kUp}, {".", kUp}});
    row("weight inside weight", "((a:2):3)", {{"a", 6.0}});
    row("weight then text", "(a:1.5)b", {{"a", 1.5}, {"b"}});
    row("commas inside", "a, b (c, d:1.2)", {{"a, b "}, {"c, d", 1.2}});
    row("adjacent groups merge", "(unnecessary)(parens)", {{"unnecessaryparens", kUp}});
    row("weight zero", "(a:0)", {{"a", 0.0}});
    row("weight minus one", "(a:-1)", {{"a", -1.0}});
    row("weight plus sign", "(a:+2.5)", {{"a", 2.5}});
    row("weight leading dot", "(a:.5)", {{"a", 0.5}});
    row("weight 1e3 is text", "(a:1e3)", {{"a:1e3", kUp}});
    row("space before weight is text", "(a: 1.5)", {{"a: 1.5", kUp}});
    row("square takes no weight", "[a:1.5]", {{"a:1.5", kDown}});
    row("empty weight", "(a:)", {{"a:", kUp}});
    row("weight without bracket is text", "a:1.2)", {{"a:1.2)"}});
    row("unbalanced open round", "(unbalanced", {{"unbalanced", kUp}});
    row("unbalanced open square", "[unbalanced", {{"unbalanced", kDown}});
    row("stray closer", "unbalanced)", {{"unbalanced)"}});
    row("stray square closer", "a]b", {{"a]b"}});
    row("crossed brackets", "([a)]", {{"a", kUp * kDown}});
    row("interleaved", "(a [b) c]", {{"a ", kUp}, {"b", kDown * kUp}, {" c", kDown}});
    row("square in round", "[(a)]", {{"a", kUp * kDown}});
    row("escaped brackets", "\\(literal\\]", {{"(literal]"}});
    row("escaped in group", "(a \\(b\\))", {{"a (b)", kUp}});
    row("escaped backslash", "\\\\", {{"\\"}});
    row("lone backslash vanishes", "a\\b", {{"ab"}});
    row("trailing backslash", "\\", {{""}});
    row("BREAK", "x BREAK y", {{"x"}, kBreakMark, {"y"}});
    row("BREAK alone", "BREAK", {{""}, kBreakMark, {""}});
    row("BREAK at the end", "a BREAK", {{"a"}, kBreakMark, {""}});
    row("BREAK inside a word", "xBREAK y", {{"xBREAK y"}});
    row("BREAK lowercase is text", "x break y", {{"x break y"}});
    row("empty", "", {{""}});
    row("only brackets", "()", {{""}});
    // ours: A1111 turns this BREAK into text of weight −1.1
    row("BREAK in brackets (ours)", "(x BREAK y)", {{"x", kUp}, kBreakMark, {"y", kUp}});
    // ours: float() raises on these in A1111
    row("two dots (ours)", "(a:1.2.3)", {{"a:1.2.3", kUp}});
    row("dot alone (ours)", "(a:.)", {{"a:.", kUp}});
    row("overflowing weight (ours)", ("(a:" + std::string(400, '9') + ")").c_str(), {{"a:" + std::string(400, '9'), kUp}});
    // ours: A1111 multiplies on to infinity (NaN image); weights are held to ±1e6
    row("huge weight held (ours)", "(a:99999999) (b:-99999999)", {{"a", kMaxPromptWeight}, {" "}, {"b", -kMaxPromptWeight}});
    row("deep nesting held (ours)", (std::string(8000, '(') + "a").c_str(), {{"a", kMaxPromptWeight}});
    // A1111 removes extra-network tags before the emphasis parse.
    row("lora tag removed", "a (cat:1.2) <lora:film_grain:0.7>, 4k", {{"a "}, {"cat", 1.2}, {" , 4k"}});
    row("tag inside brackets", "(a <lora:x> b)", {{"a  b", kUp}});
    row("deep nesting down (ours)", (std::string(8000, '[') + "a").c_str(), {{"a", std::pow(kDown, 8000)}});
  }

  void parse() {
    QFETCH(QString, prompt);
    QFETCH(std::vector<PromptFragment>, expected);
    const auto actual = parsePromptWeights(prompt.toStdString());
    QVERIFY2(sameParse(actual, expected), ("got " + describe(actual) + "\nwant " + describe(expected)).c_str());
  }

  // Issue 30, item 8: hostile prompts cost linear time, and a request's
  // prompts are bounded before any token is made.
  void hostilePromptsAreBounded() {
    std::string escapes;
    for (int i = 0; i < 500'000; ++i) escapes += "\\(";
    const auto parsed = parsePromptWeights(escapes);  // was minutes (one erase per fragment)
    QCOMPARE(parsed.size(), std::size_t(1));
    QCOMPARE(parsed[0].text, std::string(500'000, '('));
    QCOMPARE(parsePromptWeights(std::string(400'000, ':')).size(), std::size_t(1));

    GenerationRequest r;
    r.prompts = {std::string(40'000, 'a')};
    QVERIFY_THROWS_EXCEPTION(Error, validateRequest(r));
    try {
      validateRequest(r);
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("prompt 1 is 40000 bytes, over the limit of 32768"), e.what());
    }
    std::string breaks = "a";
    for (int i = 0; i < 65; ++i) breaks += " BREAK a";
    r.prompts = {"a cat"};
    r.negativePrompt = breaks;
    try {
      validateRequest(r);
      QFAIL("65 BREAKs accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("the negative prompt has 65 BREAKs, over the limit of 64"), e.what());
    }
    r.negativePrompt = "blurry";
    validateRequest(r);  // an ordinary request passes
  }

  void plainText() {
    QCOMPARE(promptPlainText("a (red:1.3) fox BREAK [snow], \\(c\\)"), std::string("a red fox snow, (c)"));
    QCOMPARE(promptPlainText("plain words"), std::string("plain words"));
    QVERIFY(!hasPromptSyntax("a red fox, 4k"));
    QVERIFY(hasPromptSyntax("a (red) fox"));
    QVERIFY(hasPromptSyntax("a BREAK b"));
    QCOMPARE(promptPlainText("a fox <lora:grain:0.5>"), std::string("a fox "));
  }

  void units_data() {
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("words and groups") << "a (red:1.3) fox in [the snow], ((sharp focus))"
                                      << QStringList{"a", "(red:1.3)", "fox", "in", "[the snow]", "((sharp focus))"};
    QTest::newRow("commas separate") << "a,b , c" << QStringList{"a", "b", "c"};
    QTest::newRow("BREAK is no unit") << "x BREAK y" << QStringList{"x", "y"};
    QTest::newRow("escapes stay in words") << "a \\(literal\\) word" << QStringList{"a", "\\(literal\\)", "word"};
    QTest::newRow("unclosed group runs to the end") << "a (b c" << QStringList{"a", "(b c"};
    QTest::newRow("stray closer skipped") << "a ) b" << QStringList{"a", "b"};
    QTest::newRow("nested group") << "((a) [b]) c" << QStringList{"((a) [b])", "c"};
    QTest::newRow("LoRA tag is no unit") << "a <lora:grain:0.5> fox" << QStringList{"a", "fox"};
    QTest::newRow("empty") << "" << QStringList{};
  }

  void units() {
    QFETCH(QString, prompt);
    QFETCH(QStringList, expected);
    const auto text = prompt.toStdString();
    QStringList actual;
    for (const auto& u : promptUnits(text)) {
      actual << QString::fromStdString(u.text);
      QCOMPARE(text.substr(u.begin, u.end - u.begin), u.text);
      QCOMPARE(u.group, u.text.front() == '(' || u.text.front() == '[');
    }
    QCOMPARE(actual, expected);
  }

  void leavingOutAUnit() {
    const std::string prompt = "a (red:1.3) fox";
    const auto units = promptUnits(prompt);
    QCOMPARE(withoutUnit(prompt, units[1]), std::string("a  fox"));
    QCOMPARE(withoutUnit(prompt, units[2]), std::string("a (red:1.3) "));
  }
};

QTEST_APPLESS_MAIN(TestPromptSyntax)
#include "test_prompt_syntax.moc"
