// CLIP tokenizer against the reference cases of tests/data/tokenizer_cases.json
// (openai CLIP SimpleTokenizer with ftfy 6.1.1; see tests/data/README.md).
// Token ids must match exactly: there is no tolerance for a tokenizer.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/text/clip_tokenizer.h"
#include "core/util/error.h"

using namespace sd;

namespace {

const std::filesystem::path kTokenizerDir = SD_TEST_DATA_DIR "/tokenizer";
const std::filesystem::path kCasesFile = SD_TEST_DATA_DIR "/tokenizer_cases.json";
constexpr int64_t kBos = 49406;
constexpr int64_t kEos = 49407;

QList<qint64> toList(const std::vector<int64_t>& ids) { return QList<qint64>(ids.begin(), ids.end()); }

QList<qint64> jsonIds(const nlohmann::json& array) {
  QList<qint64> out;
  for (const auto& v : array) out.push_back(v.get<qint64>());
  return out;
}

// Runs `call` and returns the sd::Error message it throws (empty: none thrown).
template <typename F>
std::string errorOf(F&& call) {
  try {
    call();
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

void writeFile(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

}  // namespace

class TestClipTokenizer : public QObject {
  Q_OBJECT

 private:
  std::optional<ClipTokenizer> m_tokenizer;
  nlohmann::json m_cases;

 private Q_SLOTS:
  void initTestCase() {
    m_tokenizer.emplace(ClipTokenizer::fromFolder(kTokenizerDir));
    std::ifstream in(kCasesFile);
    QVERIFY2(in, "cannot open tokenizer_cases.json");
    in >> m_cases;
    QCOMPARE(m_cases["cases"].size(), size_t(46));
    QCOMPARE(m_tokenizer->bosId(), kBos);
    QCOMPARE(m_tokenizer->eosId(), kEos);
    QCOMPARE(m_tokenizer->padId(), kEos);  // SD v1.4 pads with <|endoftext|>
    QCOMPARE(m_tokenizer->maxLength(), 77);
  }

  // Every reference case, both the raw ids and the 77-token framing.
  void referenceCase_data() {
    QTest::addColumn<int>("index");
    for (size_t i = 0; i < m_cases["cases"].size(); ++i) {
      const std::string name = m_cases["cases"][i]["name"];
      QTest::newRow(name.c_str()) << static_cast<int>(i);
    }
  }
  void referenceCase() {
    QFETCH(int, index);
    const nlohmann::json& c = m_cases["cases"][static_cast<size_t>(index)];
    const std::string text = c["text"];
    QCOMPARE(toList(m_tokenizer->encode(text)), jsonIds(c["openai_ids"]));
    const TokenizedPrompt prompt = m_tokenizer->encodeForModel(text);
    QCOMPARE(toList(prompt.inputIds), jsonIds(c["sd_input_ids_77"]));
    QCOMPARE(toList(prompt.attentionMask), jsonIds(c["sd_attention_mask_77"]));
    QCOMPARE(prompt.contentTokens, c["num_openai_ids"].get<int>());
    QCOMPARE(prompt.truncated, c["truncated"].get<bool>());
  }

  // What the BPE sees: ftfy repairs, HTML entities, whitespace, Python lower().
  void cleanText_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("mojibake") << QString::fromUtf8("caf\u00c3\u00a9 \u00e2\u20ac\u201c ok")
                              << QString::fromUtf8("café – ok");
    // Examples from ftfy's documentation.
    QTest::newRow("ftfy restore_byte_a0") << QString::fromUtf8("voilÃ le travail")
                                          << QString::fromUtf8("voilà le travail");
    QTest::newRow("ftfy cyrillic") << QString::fromUtf8("Ð¿Ñ€Ð¸Ð²ÐµÑ‚")
                                   << QString::fromUtf8("привет");
    QTest::newRow("ftfy no false positive") << QString::fromUtf8("Charlotte Brontë…” AHÅ™, IKEA®")
                                            << QString::fromUtf8("charlotte brontë…\" ahå™, ikea®");
    QTest::newRow("uppercase entity") << "&NTILDE;and&ntilde;" << QString::fromUtf8("ñandñ");
    QTest::newRow("entity then uncurl") << "it&rsquo;s" << "it's";
    QTest::newRow("html text keeps curly") << "<b>it&rsquo;s</b>" << QString::fromUtf8("<b>it’s</b>");
    QTest::newRow("numeric refs") << "&#65;&#x42;&#150;&#0;" << QString::fromUtf8("ab–\uFFFD");
    QTest::newRow("legacy entity prefix") << "&ampx &notit; &bogus;" << QString::fromUtf8("&x ¬it; &bogus;");
    QTest::newRow("c1 control") << QString::fromUtf8("wait\u0085") << QString::fromUtf8("wait…");
    QTest::newRow("ideographic space") << QString::fromUtf8("a\u3000b") << "a b";
    QTest::newRow("terminal escape") << "\x1b[31mred\x1b[0m" << "red";
    QTest::newRow("final sigma") << QString::fromUtf8("ΣΑΣ") << QString::fromUtf8("σας");
    QTest::newRow("dotted I") << QString::fromUtf8("İ") << QString::fromUtf8("i\u0307");
    QTest::newRow("nbsp collapses") << QString::fromUtf8(" a\u00a0\u2003b\n") << "a b";
  }
  void cleanText() {
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(cleanPromptText(input.toStdString())), expected);
  }

  void truncation() {
    std::string text;
    for (int i = 0; i < 100; ++i) text += "cat ";
    const TokenizedPrompt prompt = m_tokenizer->encodeForModel(text);
    QCOMPARE(prompt.inputIds.size(), size_t(77));
    QCOMPARE(prompt.inputIds.front(), kBos);
    QCOMPARE(prompt.inputIds.back(), kEos);  // cut before EOS, so EOS survives
    QVERIFY(prompt.truncated);
    QCOMPARE(prompt.contentTokens, 100);
    QCOMPARE(std::count(prompt.attentionMask.begin(), prompt.attentionMask.end(), 1), 77);
  }

  void emptyPrompt() {
    const TokenizedPrompt prompt = m_tokenizer->encodeForModel("");
    QVERIFY(m_tokenizer->encode("").empty());
    QCOMPARE(prompt.contentTokens, 0);
    QVERIFY(!prompt.truncated);
    QCOMPARE(prompt.inputIds[0], kBos);
    QCOMPARE(prompt.inputIds[1], kEos);
    QCOMPARE(std::count(prompt.inputIds.begin(), prompt.inputIds.end(), kEos), 76);
    QCOMPARE(std::count(prompt.attentionMask.begin(), prompt.attentionMask.end(), 1), 2);
  }

  void endOfTextLiteral() {
    const auto ids = m_tokenizer->encode("a photo <|endoftext|> of a <|STARTOFTEXT|>dog");
    QCOMPARE(std::count(ids.begin(), ids.end(), kEos), 1);
    QCOMPARE(std::count(ids.begin(), ids.end(), kBos), 1);  // lower-cased first, then matched
  }

  void decodeRoundTrip() {
    const std::string prompt = "a photograph of an astronaut riding a horse, 4k";
    // openai's decode turns every "</w>" into a space, so words come back
    // space-separated ("horse ," ) with one trailing space.
    QCOMPARE(m_tokenizer->decode(m_tokenizer->encode(prompt)),
             std::string("a photograph of an astronaut riding a horse , 4 k "));
    const std::string accents = "café naïve 猫";
    QCOMPARE(m_tokenizer->decode(m_tokenizer->encode(accents)), std::string("café naïve 猫 "));
    QVERIFY(!errorOf([&] { m_tokenizer->decode({99999999}); }).empty());
  }

  void batch() {
    const auto prompts = m_tokenizer->encodeBatch({"a cat", "", "a dog"});
    QCOMPARE(prompts.size(), size_t(3));
    QCOMPARE(toList(prompts[0].inputIds), toList(m_tokenizer->encodeForModel("a cat").inputIds));
    QCOMPARE(prompts[1].contentTokens, 0);
  }

  // The in-memory constructor, with a shorter context than SD's 77.
  void customMaxLength() {
    std::ifstream vocabFile(kTokenizerDir / "vocab.json");
    nlohmann::json vocabJson;
    vocabFile >> vocabJson;
    const auto vocab = vocabJson.get<std::unordered_map<std::string, int64_t>>();
    std::vector<std::pair<std::string, std::string>> merges;
    std::ifstream mergesFile(kTokenizerDir / "merges.txt");
    std::string line;
    std::getline(mergesFile, line);  // "#version: 0.2"
    while (std::getline(mergesFile, line)) {
      const size_t space = line.find(' ');
      merges.emplace_back(line.substr(0, space), line.substr(space + 1));
    }
    const ClipTokenizer small(vocab, merges, 8);
    const TokenizedPrompt prompt = small.encodeForModel("a photograph of an astronaut riding a horse");
    QCOMPARE(toList(prompt.inputIds), (QList<qint64>{kBos, 320, 8853, 539, 550, 18376, 6765, kEos}));
    QVERIFY(prompt.truncated);
    QCOMPARE(prompt.contentTokens, 8);
    // Without the byte symbols and special tokens there is no tokenizer.
    QVERIFY(!errorOf([] { ClipTokenizer({{"a", 0}}, {}, 77); }).empty());
  }

  // Two threads share one fresh instance (cold cache) and must agree with a
  // single-threaded run.
  void threadSafety() {
    const ClipTokenizer shared = ClipTokenizer::fromFolder(kTokenizerDir);
    std::vector<std::string> prompts;
    for (const auto& c : m_cases["cases"]) prompts.push_back(c["text"]);
    std::vector<std::vector<int64_t>> expected;
    for (const auto& p : prompts) expected.push_back(m_tokenizer->encode(p));
    std::atomic<int> mismatches = 0;
    auto work = [&](size_t offset) {
      for (int round = 0; round < 20; ++round) {
        for (size_t i = 0; i < prompts.size(); ++i) {
          const size_t k = (i + offset) % prompts.size();
          if (shared.encode(prompts[k]) != expected[k]) ++mismatches;
        }
      }
    };
    std::thread a(work, 0);
    std::thread b(work, prompts.size() / 2);
    a.join();
    b.join();
    QCOMPARE(mismatches.load(), 0);
  }

  void missingFilesNameTheFile() {
    QTemporaryDir dir;
    const std::filesystem::path root = dir.path().toStdString();
    const std::string missing = errorOf([&] { ClipTokenizer::fromFolder(root); });
    QVERIFY2(missing.find("vocab.json") != std::string::npos, missing.c_str());

    std::filesystem::copy_file(kTokenizerDir / "vocab.json", root / "vocab.json");
    const std::string noMerges = errorOf([&] { ClipTokenizer::fromFolder(root); });
    QVERIFY2(noMerges.find("merges.txt") != std::string::npos, noMerges.c_str());
  }

  void corruptFilesNameTheFile() {
    QTemporaryDir dir;
    const std::filesystem::path root = dir.path().toStdString();
    std::filesystem::copy_file(kTokenizerDir / "merges.txt", root / "merges.txt");
    for (const std::string bad : {"{ not json", "[1, 2]", R"({"a": "one"})"}) {
      writeFile(root / "vocab.json", bad);
      const std::string message = errorOf([&] { ClipTokenizer::fromFolder(root); });
      QVERIFY2(message.find((root / "vocab.json").string()) != std::string::npos, message.c_str());
    }
    std::filesystem::remove(root / "vocab.json");
    std::filesystem::copy_file(kTokenizerDir / "vocab.json", root / "vocab.json");
    writeFile(root / "merges.txt", "#version: 0.2\ni n\nthis line is wrong\n");
    const std::string badMerges = errorOf([&] { ClipTokenizer::fromFolder(root); });
    QVERIFY2(badMerges.find("merges.txt:3") != std::string::npos, badMerges.c_str());
  }

  // Issue 30: a token id of 2^31 - 1 once sized a decoding table of 86 GB.
  // It costs one entry now, and decodes; a merges.txt far beyond any
  // tokenizer's is refused before it is read, naming the file.
  void hostileIdsAndSizesCostNothing() {
    QTemporaryDir dir;
    const std::filesystem::path root = dir.path().toStdString();
    std::filesystem::copy_file(kTokenizerDir / "merges.txt", root / "merges.txt");
    nlohmann::json vocab;
    std::ifstream(kTokenizerDir / "vocab.json") >> vocab;
    vocab["zebra</w>"] = 2147483647;
    writeFile(root / "vocab.json", vocab.dump());
    const auto tokenizer = ClipTokenizer::fromFolder(root);
    QCOMPARE(tokenizer.decode({2147483647}), std::string("zebra "));

    std::string huge = "#version: 0.2\n";
    while (huge.size() <= (std::size_t(16) << 20)) huge += "a b\n";
    writeFile(root / "merges.txt", huge);
    const std::string message = errorOf([&] { ClipTokenizer::fromFolder(root); });
    QVERIFY2(message.find("merges.txt") != std::string::npos, message.c_str());
  }

  // A live "n/75" counter runs this on every keystroke.
  void benchmarkLivePrompt() {
    const std::string prompt =
        "a very detailed intricate beautiful landscape painting with mountains, rivers, trees and clouds, "
        "trending on artstation, by greg rutkowski";
    QBENCHMARK { m_tokenizer->encodeForModel(prompt); }
  }
};

QTEST_GUILESS_MAIN(TestClipTokenizer)
#include "test_clip_tokenizer.moc"
