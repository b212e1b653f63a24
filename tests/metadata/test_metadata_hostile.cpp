// Images made by an attacker (issue 15), read as `info` and a gallery read
// them: JSON nested 100,000 deep in every chunk that holds JSON, text chunks
// over the per-chunk and per-file budgets, a zTXt bomb, A1111 infotext of
// 1 and 10 MB, values of the wrong JSON type, terminal escapes, a FIFO.
// Every case ends in well under a second with the file's settings or a
// warning/error that names the chunk and the limit — never a crash, a hang
// or an exception of another type.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <sys/stat.h>
#include <zlib.h>

#include <fstream>

#include "core/image/png_io.h"
#include "core/metadata/infotext_parser.h"
#include "core/metadata/settings_reader.h"
#include "core/metadata/settings_report.h"
#include "core/util/error.h"
#include "metadata_bytes.h"
#include "support/cpu_time.h"

using namespace sd;
using namespace testbytes;
using test::cpuMs;

namespace {

constexpr int kDeep = 100'000;

Bytes textChunk(std::string_view key, std::string_view value) { return bytes(key) + Bytes{0} + bytes(value); }
Bytes ztxtChunk(std::string_view key, const Bytes& value) { return bytes(key) + Bytes{0, 0} + zlib(value); }

std::string deepArray() { return std::string(kDeep, '[') + std::string(kDeep, ']'); }
std::string deepObject() {
  std::string s;
  for (int i = 0; i < kDeep; ++i) s += "{\"a\":";
  return s + "1" + std::string(kDeep, '}');
}

using Chunks = std::vector<std::pair<std::string, std::string>>;

Bytes pngWith(const Chunks& chunks) {
  std::vector<std::pair<std::string, Bytes>> list;
  for (const auto& [k, v] : chunks) list.emplace_back("tEXt", textChunk(k, v));
  return png(list);
}

struct Outcome {
  ImageSettings settings;
  std::string error;
  qint64 ms = 0;
};

// Reads `file` as `info` does, timing it in CPU time (see cpuMs).
Outcome readTimed(const Bytes& file) {
  const double start = cpuMs();
  Outcome out;
  try {
    out.settings = readSettings(MemoryByteSource(file, "hostile.png"));
  } catch (const Error& e) {
    out.error = e.what();
  }
  out.ms = static_cast<qint64>(cpuMs() - start);
  return out;
}
#define VERIFY_WITHIN(out, maxMs) QVERIFY2((out).ms <= test::cpuBudgetMs(maxMs), qPrintable(QString("took %1 ms").arg((out).ms)))

// 16384×16384 RGB, all black: 782 KB of file, 805 MB of pixels. Deflated
// row by row so the test never holds the pixels either.
Bytes hugeBlankPng(std::uint32_t side) {
  z_stream z{};
  deflateInit(&z, 9);
  std::vector<unsigned char> row(1 + std::size_t(side) * 3, 0), buffer(1 << 20);
  Bytes idat;
  for (std::uint32_t y = 0; y < side; ++y) {
    z.next_in = row.data();
    z.avail_in = static_cast<uInt>(row.size());
    do {
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      deflate(&z, y + 1 == side ? Z_FINISH : Z_NO_FLUSH);
      idat.insert(idat.end(), buffer.data(), buffer.data() + (buffer.size() - z.avail_out));
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  Bytes ihdr;
  put32(ihdr, side, true);
  put32(ihdr, side, true);
  ihdr = ihdr + Bytes{8, 2, 0, 0, 0};
  const auto checked = [](std::string_view type, const Bytes& body) {  // libpng checks these CRCs
    Bytes out = pngChunk(type, body);
    const Bytes typed = bytes(type) + body;
    out.resize(out.size() - 4);
    put32(out, crc32(typed), true);
    return out;
  };
  return Bytes{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'} + checked("IHDR", ihdr) + checked("IDAT", idat) +
         checked("IEND", {});
}

long peakRssMb() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

std::string allWarnings(const ImageSettings& s) {
  std::string all;
  for (const auto& w : s.warnings) all += w + "\n";
  return all;
}

// A1111's re.findall over one line, the obvious way: every start position
// tried in turn (quadratic, kept here as the reference the parser must
// agree with).
std::vector<std::pair<std::string, std::string>> naiveFields(std::string_view s) {
  const auto isWord = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; };
  const auto isKey = [&](char c) { return isWord(c) || c == ' ' || c == '-' || c == '/'; };
  const auto isSpace = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t i = pos;
    while (i < s.size() && isSpace(s[i])) ++i;
    std::size_t k = i + 1;
    while (k < s.size() && isKey(s[k])) ++k;
    if (i >= s.size() || !isWord(s[i]) || k - i < 2 || k >= s.size() || s[k] != ':') {
      ++pos;
      continue;
    }
    std::size_t v = k + 1;
    while (v < s.size() && isSpace(s[v])) ++v;
    std::size_t end = std::string_view::npos;
    if (v < s.size() && s[v] == '"') {
      std::size_t q = v + 1;
      while (q < s.size() && s[q] != '"') q += s[q] == '\\' ? 2 : 1;
      if (q < s.size() && q > v + 1 && (q + 1 == s.size() || s[q + 1] == ',')) end = q + 1;
    }
    if (end == std::string_view::npos) end = std::min(s.find(',', v), s.size());
    out.emplace_back(std::string(s.substr(i, k - i)), std::string(s.substr(v, end - v)));
    pos = end < s.size() ? end + 1 : s.size();
  }
  return out;
}

}  // namespace

class TestMetadataHostile : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

 private Q_SLOTS:
  // First, while the process is small: `info` on a picture of 268 million
  // pixels reads its chunks, not its pixels; as an init image or a
  // gallery image it is refused before a row is decoded.
  void hugeDimensionsNeedNoPixels() {
    const auto path = (m_dir.path() + "/huge.png").toStdString();
    const Bytes file = hugeBlankPng(16384);
    QVERIFY(file.size() < (2u << 20));
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(file.data()), file.size());
    const long before = peakRssMb();
    const double start = cpuMs();
    const auto settings = readSettings(std::filesystem::path(path));
    QVERIFY(settings.source == SettingsSource::None);
    try {
      readPng(path);
      QFAIL("a 16384x16384 image was decoded");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("268435456 pixels") != std::string::npos, e.what());
    }
    QVERIFY2(cpuMs() - start < test::cpuBudgetMs(3000), qPrintable(QString("took %1 ms").arg(cpuMs() - start)));
    QVERIFY2(peakRssMb() - before < 200, qPrintable(QString("peak RSS grew by %1 MB").arg(peakRssMb() - before)));
  }

  // Issue 30, item 8: a PNG whose image data is cut short made libpng
  // longjmp past the decoded image (~200 KB a file here: 2,000 corrupt
  // files in a gallery cost 430 MB). 1,500 of them now cost nothing.
  void corruptPngsLeakNothing() {
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("ASan keeps freed memory in quarantine (and LeakSanitizer checks leaks there)");
#endif
    const auto path = (m_dir.path() + "/cut.png").toStdString();
    auto image = RgbImage::blank(256, 256);
    for (std::size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = static_cast<uint8_t>(i * 7919 % 251);
    const auto whole = encodePng(image);  // cut in its image data: the error comes while rows are decoded
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(whole.data()), whole.size() / 2);
    const long before = peakRssMb();
    for (int i = 0; i < 1500; ++i) QVERIFY_THROWS_EXCEPTION(Error, readPng(path));
    QVERIFY2(peakRssMb() - before < 100, qPrintable(QString("peak RSS grew by %1 MB").arg(peakRssMb() - before)));
  }

  void deepJson_data() {
    QTest::addColumn<QString>("keyword");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("alsoParameters");
    QTest::addColumn<QString>("warning");  // must appear among the warnings
    const QString arr = QString::fromStdString(deepArray()), obj = QString::fromStdString(deepObject());
    const QString limit = "deeper than the limit of 256 levels";
    QTest::newRow("ComfyUI prompt, arrays") << "prompt" << "{\"1\":" + arr + "}" << "" << limit;
    QTest::newRow("ComfyUI prompt, objects") << "prompt" << obj << "" << limit;
    QTest::newRow("ComfyUI workflow") << "workflow" << obj << "" << "workflow";
    QTest::newRow("sdstudio, array") << "sdstudio" << "{\"prompt\":" + arr + "}" << "" << limit;
    QTest::newRow("sdstudio, object") << "sdstudio" << obj << "" << limit;
    QTest::newRow("sdstudio, in the CLIP block, with infotext")
        << "sdstudio" << "{\"clip\":{\"prompts\":" + arr + "}}" << "a cat\nSteps: 2, Seed: 1, Size: 64x64" << limit;
    QTest::newRow("parameters holding JSON") << "parameters" << obj << "" << "";
    QTest::newRow("InvokeAI sd-metadata") << "sd-metadata" << obj << "" << "";
    QTest::newRow("InvokeAI invokeai_metadata") << "invokeai_metadata" << obj << "" << "";
  }
  void deepJson() {
    QFETCH(QString, keyword);
    QFETCH(QString, text);
    QFETCH(QString, alsoParameters);
    QFETCH(QString, warning);
    Chunks chunks = {{keyword.toStdString(), text.toStdString()}};
    if (!alsoParameters.isEmpty()) chunks.emplace_back("parameters", alsoParameters.toStdString());
    const auto out = readTimed(pngWith(chunks));
    VERIFY_WITHIN(out, 1000);
    QVERIFY2(out.error.empty(), out.error.c_str());
    const std::string warnings = allWarnings(out.settings);
    QVERIFY2(warnings.find(warning.toStdString()) != std::string::npos, warnings.c_str());
    if (!alsoParameters.isEmpty()) {  // the infotext next to it still counts
      QCOMPARE(out.settings.recipe.prompt, std::string("a cat"));
      QCOMPARE(out.settings.recipe.seed, uint64_t(1));
    }
    // What `info` prints, and the JSON it prints, are made without recursion trouble too.
    QVERIFY(!formatSettingsText(out.settings).empty());
    QVERIFY(!formatSettingsJson(out.settings).empty());
  }

  void textOverTheChunkLimit() {
    const auto out = readTimed(pngWith({{"parameters", std::string(50u << 20, 'a')}}));
    VERIFY_WITHIN(out, 1000);
    QVERIFY2(out.error.find("hostile.png") != std::string::npos, out.error.c_str());
    QVERIFY2(out.error.find("'parameters'") != std::string::npos, out.error.c_str());
    QVERIFY2(out.error.find("16777216-byte limit") != std::string::npos, out.error.c_str());
  }

  // Three zTXt chunks of 12 MB each inflate past the 32 MB budget of one file.
  void textOverTheFileBudget() {
    const Bytes big(12u << 20, 'a');
    const Bytes chunk = ztxtChunk("Comment", big);
    const auto out = readTimed(png({{"zTXt", chunk}, {"zTXt", chunk}, {"zTXt", chunk}}));
    VERIFY_WITHIN(out, 1000);
    QVERIFY2(out.error.find("limit for one file") != std::string::npos, out.error.c_str());
  }

  void zipBomb() {
    const auto out = readTimed(png({{"zTXt", ztxtChunk("parameters", Bytes(20u << 20, ' '))}}));
    VERIFY_WITHIN(out, 1000);
    QVERIFY2(out.error.find("decompresses to more than") != std::string::npos, out.error.c_str());
  }

  // A1111's parser is linear: 1 MB and 10 MB texts of the shapes that took
  // minutes (one long last line of words, a prompt of many words, many
  // quoted values that never close) parse in well under a second.
  void longInfotext_data() {
    QTest::addColumn<int>("megabytes");
    QTest::addColumn<QString>("shape");
    for (const int mb : {1, 10}) {
      for (const char* shape : {"words", "prompt", "quotes", "keys"})
        QTest::addRow("%d MB %s", mb, shape) << mb << shape;
    }
  }
  void longInfotext() {
    QFETCH(int, megabytes);
    QFETCH(QString, shape);
    const std::size_t size = std::size_t(megabytes) << 20;
    std::string text;
    const auto repeat = [&](std::string_view piece) {
      while (text.size() < size) text += piece;
    };
    if (shape == "words") repeat("word ");
    if (shape == "prompt") {
      repeat("a b c d e f\n");
      text += "Steps: 2, Seed: 3, Size: 64x64";
    }
    if (shape == "quotes") repeat("kk: \"\\\", ");
    if (shape == "keys") repeat("key key key-key/key ");
    const double start = cpuMs();
    const auto s = parseInfotext(text);
    const double ms = cpuMs() - start;
    QVERIFY2(ms < test::cpuBudgetMs(1000), qPrintable(QString("took %1 ms of CPU").arg(ms)));
    if (shape == "prompt") QCOMPARE(s.recipe.seed, uint64_t(3));
  }

  // The linear parser finds exactly what trying every start would.
  void infotextFieldsMatchTheRegex() {
    const std::string alphabet = "ab :,\"\\-/_\t";
    uint32_t state = 12345;
    for (int round = 0; round < 20000; ++round) {
      std::string line;
      const int length = static_cast<int>((state = state * 1664525u + 1013904223u) >> 27);
      for (int i = 0; i < length; ++i) line += alphabet[((state = state * 1664525u + 1013904223u) >> 24) % alphabet.size()];
      const auto fast = parseInfotextFields(line);
      const auto slow = naiveFields(line);
      QVERIFY2(fast.size() == slow.size(), line.c_str());
      for (std::size_t i = 0; i < fast.size(); ++i) QVERIFY2(fast[i].first == slow[i].first, line.c_str());
    }
  }

  // Values of the wrong JSON type cost at most the value: no
  // json.exception escapes, the file's other settings still read.
  void wrongJsonTypes_data() {
    QTest::addColumn<QString>("keyword");
    QTest::addColumn<QString>("text");
    QTest::newRow("ComfyUI class_type") << "prompt" << R"({"1":{"class_type":5}})";
    QTest::newRow("ComfyUI sampler inputs")
        << "prompt" << R"({"3":{"class_type":"KSampler","inputs":{"sampler_name":5,"scheduler":[1],"seed":"x","steps":{},"cfg":null,"positive":7,"latent_image":["9",0]}},"9":{"class_type":{"a":1}}})";
    QTest::newRow("sdstudio schema") << "sdstudio" << R"({"schema":"x"})";
    QTest::newRow("sdstudio prompt") << "sdstudio" << R"({"prompt":5,"clip":{"prompts":[1,2]}})";
    QTest::newRow("sdstudio model") << "sdstudio" << R"({"model":{"name":[],"hash":1}})";
    QTest::newRow("NovelAI Comment") << "Comment" << R"({"steps":"x","seed":[],"sampler":{}})";
    QTest::newRow("InvokeAI metadata") << "invokeai_metadata" << R"({"positive_prompt":5,"seed":"x","steps":[],"model":7})";
  }
  void wrongJsonTypes() {
    QFETCH(QString, keyword);
    QFETCH(QString, text);
    const auto out = readTimed(pngWith({{keyword.toStdString(), text.toStdString()}, {"Source", "NovelAI"}}));
    VERIFY_WITHIN(out, 1000);
    QVERIFY2(out.error.empty(), out.error.c_str());
    QVERIFY(!formatSettingsText(out.settings).empty());
  }

  // Escape sequences from a file are shown, not sent to the terminal.
  void terminalEscapes() {
    const auto out = readTimed(pngWith({{"parameters", "\x1b]0;owned\x07\x1b[2Ja \xe2\x80\xae" "cat\nSteps: 2, Seed: 3, Size: 64x64"}}));
    const std::string text = formatSettingsText(out.settings);
    QVERIFY2(text.find('\x1b') == std::string::npos && text.find('\x07') == std::string::npos, text.c_str());
    QVERIFY2(text.find("\xe2\x80\xae") == std::string::npos, text.c_str());
    QVERIFY2(text.find("\\x1B]0;owned\\x07") != std::string::npos, text.c_str());
    QVERIFY2(text.find("<U+202E>cat") != std::string::npos, text.c_str());
  }

  // A FIFO named like an image is refused at once, not waited on.
  void fifo() {
    const auto path = (m_dir.path() + "/pipe.png").toStdString();
    QCOMPARE(::mkfifo(path.c_str(), 0600), 0);
    QElapsedTimer timer;
    timer.start();
    QVERIFY_THROWS_EXCEPTION(Error, readSettings(std::filesystem::path(path)));
    QVERIFY(timer.elapsed() < 1000);
  }
};

QTEST_GUILESS_MAIN(TestMetadataHostile)
#include "test_metadata_hostile.moc"
