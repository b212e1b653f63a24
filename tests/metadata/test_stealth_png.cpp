// Stealth PNG metadata (A1111's stealth-pnginfo, NovelAI): hand-made images
// with the signature, length and payload written into the low bits column
// by column, as the extension writes them; plus broken ones. The real
// A1111 image (alpha, gzip) is in test_other_tools.
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <random>

#include "core/metadata/settings_reader.h"
#include "core/metadata/stealth_png.h"
#include "core/util/error.h"
#include "metadata_bytes.h"

using testbytes::Bytes;
using testbytes::operator+;

namespace {

const char* kInfotext = "a lighthouse at dusk\nNegative prompt: fog\nSteps: 24, Sampler: DDIM, CFG scale: 6.5, Seed: 77, Size: 512x768";

// Random pixels (so no signature by chance) with `payload` hidden behind
// `signature` in the low bits: alpha (one bit per pixel) or RGB (three).
Bytes stealthPixels(std::uint32_t w, std::uint32_t h, bool alpha, const std::string& signature, const Bytes& payload,
                    std::uint32_t claimedBits = 0) {
  const int channels = alpha ? 4 : 3;
  Bytes pixels(std::size_t(w) * h * channels);
  std::mt19937 rng(7);
  for (auto& p : pixels) p = static_cast<unsigned char>(rng());
  Bytes stream = testbytes::bytes(signature);
  testbytes::put32(stream, claimedBits ? claimedBits : static_cast<std::uint32_t>(payload.size() * 8), true);
  stream = stream + payload;
  std::size_t bit = 0;
  const std::size_t bits = stream.size() * 8;
  for (std::uint32_t x = 0; x < w && bit < bits; ++x)
    for (std::uint32_t y = 0; y < h && bit < bits; ++y) {
      unsigned char* px = &pixels[(std::size_t(y) * w + x) * channels];
      for (int c = alpha ? 3 : 0; c < (alpha ? 4 : 3) && bit < bits; ++c, ++bit)
        px[c] = static_cast<unsigned char>((px[c] & ~1) | ((stream[bit / 8] >> (7 - bit % 8)) & 1));
    }
  return pixels;
}

sd::MemoryByteSource image(std::uint32_t w, std::uint32_t h, bool alpha, const std::string& signature, const Bytes& payload,
                           std::uint32_t claimedBits = 0) {
  return sd::MemoryByteSource(testbytes::pngImage(w, h, alpha, stealthPixels(w, h, alpha, signature, payload, claimedBits)),
                              "stealth.png");
}

}  // namespace

class TestStealthPng : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void signatures_data() {
    QTest::addColumn<bool>("alpha");
    QTest::addColumn<QString>("signature");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("alpha plain, tall") << true << "stealth_pnginfo" << "alpha" << 40 << 300;
    QTest::newRow("alpha gzip, tall") << true << "stealth_pngcomp" << "alpha, gzip" << 40 << 300;
    QTest::newRow("rgb plain, tall") << false << "stealth_rgbinfo" << "rgb" << 40 << 300;
    QTest::newRow("rgb gzip, tall") << false << "stealth_rgbcomp" << "rgb, gzip" << 40 << 300;
    // Shorter than the 152-bit header: the stream wraps into later columns.
    QTest::newRow("alpha plain, short") << true << "stealth_pnginfo" << "alpha" << 120 << 20;
    QTest::newRow("rgb on RGBA, short") << true << "stealth_rgbinfo" << "rgb" << 120 << 7;
  }
  void signatures() {
    QFETCH(bool, alpha);
    QFETCH(QString, signature);
    QFETCH(QString, mode);
    QFETCH(int, width);
    QFETCH(int, height);
    const Bytes text = testbytes::bytes(kInfotext);
    const bool gzip = signature.endsWith("comp");
    // "rgb on RGBA": the RGB bits of an image that also has alpha.
    const bool rgbBits = signature.contains("rgb");
    Bytes pixels = stealthPixels(width, height, alpha && !rgbBits, signature.toStdString(), gzip ? testbytes::gzip(text) : text);
    if (alpha && rgbBits) {  // widen RGB pixels to RGBA, opaque
      Bytes rgba;
      for (std::size_t i = 0; i < pixels.size(); i += 3) rgba.insert(rgba.end(), {pixels[i], pixels[i + 1], pixels[i + 2], 255});
      pixels = rgba;
    }
    const sd::MemoryByteSource png(testbytes::pngImage(width, height, alpha, pixels), "stealth.png");
    const auto found = sd::readStealthText(png);
    QVERIFY(found.has_value());
    QCOMPARE(QString::fromStdString(found->mode), mode);
    QCOMPARE(QString::fromStdString(found->text), QString(kInfotext));
    const auto s = sd::readSettings(png);
    QCOMPARE(s.source, sd::SettingsSource::A1111);
    QCOMPARE(QString::fromStdString(s.carrier), "stealth " + mode);
    QCOMPARE(s.recipe.seed, quint64(77));
    QCOMPARE(QString::fromStdString(s.recipe.schedulerId), QString("ddim"));
  }

  void novelAiJson() {
    // NovelAI's stealth payload: its PNG keywords as one JSON object, Comment itself JSON text.
    const std::string comment =
        "{\"prompt\": \"a fox\", \"steps\": 28, \"height\": 832, \"width\": 1216, \"scale\": 5.0, \"seed\": 123, "
        "\"sampler\": \"k_euler\", \"noise_schedule\": \"native\", \"uc\": \"blurry\"}";
    QJsonObject object{{"Description", "a fox"}, {"Software", "NovelAI"}, {"Source", "NovelAI Diffusion V3 7BCCAA2C"},
                       {"Comment", QString::fromStdString(comment)}};
    const std::string json = QJsonDocument(object).toJson().toStdString();
    const auto png = image(64, 200, true, "stealth_pngcomp", testbytes::gzip(testbytes::bytes(json)));
    const auto s = sd::readSettings(png);
    QCOMPARE(s.source, sd::SettingsSource::NovelAi);
    QCOMPARE(QString::fromStdString(s.recipe.prompt), QString("a fox"));
    QCOMPARE(QString::fromStdString(s.recipe.negativePrompt), QString("blurry"));
    QCOMPARE(s.recipe.width, 1216);
    QCOMPARE(QString::fromStdString(s.recipe.schedulerId), QString("euler"));
    QCOMPARE(QString::fromStdString(s.recipe.modelHash), QString("7BCCAA2C"));
  }

  void lengthPastTheImageIsAnError() {
    const auto png = image(16, 160, true, "stealth_pnginfo", testbytes::bytes("x"), /*claimedBits=*/16 * 160 * 8);
    try {
      sd::readSettings(png);
      QFAIL("an impossible stealth length must not read");
    } catch (const sd::Error& e) {
      QVERIFY2(QString(e.what()).contains("stealth.png") && QString(e.what()).contains("more than the image"), e.what());
    }
  }

  void corruptGzipIsAnError() {
    const auto png = image(16, 300, true, "stealth_pngcomp", testbytes::bytes("definitely not gzip"));
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::readStealthText(png));
  }

  // Without a signature in the first 152 rows nothing further is decoded:
  // a tall image cut off after them still reads (as "no settings").
  void noSignatureStopsEarly() {
    const std::uint32_t w = 64, h = 4000;
    Bytes file = testbytes::pngImage(w, h, true, stealthPixels(w, h, true, "not_a_signature", {}));
    file.resize(file.size() / 4);  // random pixels barely compress: well past row 152, far from the end
    const sd::MemoryByteSource png(file, "cut.png");
    QVERIFY(!sd::readStealthText(png).has_value());
    QCOMPARE(sd::readSettings(png).source, sd::SettingsSource::None);
    // With the signature the whole payload is needed, and the cut shows.
    Bytes signed_ = testbytes::pngImage(w, h, true, stealthPixels(w, h, true, "stealth_pnginfo", Bytes(20000, 'a')));
    signed_.resize(signed_.size() / 4);
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::readStealthText(sd::MemoryByteSource(signed_, "cut.png")));
  }

  void textChunksWinOverPixels() {
    Bytes pixels = stealthPixels(32, 200, true, "stealth_pnginfo", testbytes::bytes(kInfotext));
    Bytes file = testbytes::pngImage(32, 200, true, pixels);
    // Insert a tEXt "parameters" after IHDR (8 + 25 bytes).
    const Bytes text = testbytes::bytes("parameters") + Bytes{0} + testbytes::bytes("from the chunk\nSteps: 5, Seed: 1, Size: 8x8");
    Bytes chunk;
    testbytes::put32(chunk, static_cast<std::uint32_t>(text.size()), true);
    chunk = chunk + testbytes::bytes("tEXt") + text + Bytes(4);
    file.insert(file.begin() + 33, chunk.begin(), chunk.end());
    const auto s = sd::readSettings(sd::MemoryByteSource(file, "both.png"));
    QCOMPARE(QString::fromStdString(s.recipe.prompt), QString("from the chunk"));
    QCOMPARE(QString::fromStdString(s.carrier), QString("PNG text"));
  }
};

QTEST_GUILESS_MAIN(TestStealthPng)
#include "test_stealth_png.moc"
