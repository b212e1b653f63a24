// JPEG, WebP and PNG metadata containers, hand-made byte by byte: the EXIF
// UserComment in its encodings (UNICODE in either byte order, ASCII, none),
// ComfyUI's and Fooocus' EXIF tags, XMP, and broken files — truncated EXIF,
// offsets past the end, odd-length UTF-16, oversized chunks — which must
// give an sd::Error naming the file, never a crash or a guess.
#include <QtTest>

#include "core/metadata/exif_reader.h"
#include "core/metadata/exif_text.h"
#include "core/metadata/settings_reader.h"
#include "core/util/error.h"
#include "metadata_bytes.h"

using testbytes::Bytes;
using testbytes::Entry;
using testbytes::operator+;

namespace {

const std::u16string kInfotext = u"a red fox, 狐\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 512x512";
const char* kPrompt = "a red fox, 狐";

Bytes exifWithComment(bool tiffBe, const Bytes& comment) {
  return testbytes::tiff(tiffBe, {{0x0131, 2, testbytes::bytes("some app") + Bytes{0}}}, {{0x9286, 7, comment}});
}
Bytes jpegWithExif(const Bytes& tiff) { return testbytes::jpeg({{0xE1, testbytes::bytes("Exif") + Bytes{0, 0} + tiff}}); }

sd::ImageSettings read(const Bytes& file, const char* name = "test.jpg") {
  return sd::readSettings(sd::MemoryByteSource(file, name));
}

// The error names the file and says `what`.
void expectError(const Bytes& file, const QString& what, const char* name = "bad.jpg") {
  try {
    read(file, name);
    QFAIL(qPrintable("no error for " + what));
  } catch (const sd::Error& e) {
    QVERIFY2(QString(e.what()).contains(name) && QString(e.what()).contains(what), e.what());
  }
}

}  // namespace

class TestMetadataContainers : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void userCommentEncodings_data() {
    QTest::addColumn<bool>("tiffBe");
    QTest::addColumn<QByteArray>("comment");
    const auto raw = [](const Bytes& b) { return QByteArray(reinterpret_cast<const char*>(b.data()), int(b.size())); };
    const Bytes utf8 = testbytes::bytes(QString::fromStdU16String(kInfotext).toStdString());
    QTest::newRow("UNICODE BE in MM (A1111)") << true << raw(testbytes::userComment("UNICODE\0", testbytes::utf16(kInfotext, true)));
    QTest::newRow("UNICODE BE in II") << false << raw(testbytes::userComment("UNICODE\0", testbytes::utf16(kInfotext, true)));
    QTest::newRow("UNICODE LE in II") << false << raw(testbytes::userComment("UNICODE\0", testbytes::utf16(kInfotext, false)));
    QTest::newRow("UNICODE LE in MM") << true << raw(testbytes::userComment("UNICODE\0", testbytes::utf16(kInfotext, false)));
    QTest::newRow("UNICODE with BOM") << false
                                      << raw(testbytes::userComment("UNICODE\0", testbytes::utf16(u"\uFEFF" + kInfotext, true)));
    QTest::newRow("ASCII (UTF-8 inside)") << false << raw(testbytes::userComment("ASCII\0\0\0", utf8));
    QTest::newRow("undefined code") << true << raw(testbytes::userComment(std::string_view("\0\0\0\0\0\0\0\0", 8), utf8));
    QTest::newRow("no code, NUL-terminated (PIL str)") << false << raw(utf8 + Bytes{0});
  }
  void userCommentEncodings() {
    QFETCH(bool, tiffBe);
    QFETCH(QByteArray, comment);
    const auto s = read(jpegWithExif(exifWithComment(tiffBe, Bytes(comment.begin(), comment.end()))));
    QCOMPARE(s.source, sd::SettingsSource::A1111);
    QCOMPARE(QString::fromStdString(s.carrier), QString("EXIF UserComment"));
    QCOMPARE(QString::fromStdString(s.recipe.prompt), QString(kPrompt));
    QCOMPARE(QString::fromStdString(s.recipe.negativePrompt), QString("blurry"));
    QCOMPARE(s.recipe.seed, quint64(42));
  }

  void oddLengthUtf16DropsTheLastByte() {
    Bytes text = testbytes::utf16(u"Steps: 3, Seed: 9, Size: 8x8", true);
    text.push_back('!');  // a dangling half code unit
    const auto exif = sd::readExif(exifWithComment(true, testbytes::userComment("UNICODE\0", text)), "odd");
    QCOMPARE(QString::fromStdString(sd::decodeUserComment(exif.userComment, exif.bigEndian)), QString("Steps: 3, Seed: 9, Size: 8x8"));
    // Unpaired surrogates become U+FFFD instead of broken UTF-8.
    const auto lone = sd::decodeUserComment(testbytes::userComment("UNICODE\0", Bytes{0xD8, 0x3D, 0, 'a'}), true);
    QCOMPARE(QString::fromStdString(lone), QString::fromUtf8("\xEF\xBF\xBD" "a"));
  }

  void cameraCommentIsNoSettings() {
    const auto s = read(jpegWithExif(exifWithComment(false, testbytes::userComment("ASCII\0\0\0", testbytes::bytes("Holiday 2019")))));
    QCOMPARE(s.source, sd::SettingsSource::None);
  }

  void fooocusJpegInIfd0() {
    const std::string json = R"j({"prompt": "a cat", "negative_prompt": "", "steps": 30, "seed": "12", "guidance_scale": 4,
        "sampler": "dpmpp_2m", "scheduler": "karras", "resolution": "(896, 1152)", "base_model": "m",
        "metadata_scheme": "fooocus", "version": "Fooocus v2.5.0"})j";
    const Bytes tiff = testbytes::tiff(false, {{0x0131, 2, testbytes::bytes("Fooocus v2.5.0") + Bytes{0}},
                                               {0x9286, 7, testbytes::bytes(json)},
                                               {0x927C, 7, testbytes::bytes("fooocus")}});
    const auto s = read(jpegWithExif(tiff));
    QCOMPARE(s.source, sd::SettingsSource::Fooocus);
    QCOMPARE(s.recipe.seed, quint64(12));
    QCOMPARE(s.recipe.width, 896);
    QCOMPARE(QString::fromStdString(s.recipe.schedulerId), QString("dpmpp_2m_karras"));
  }

  void comfyWebpInExifModel() {
    const std::string graph = R"({"3": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 9, "cfg": 6, "sampler_name": "euler",)"
                              R"( "scheduler": "normal", "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},)"
                              R"( "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 640, "height": 384}},)"
                              R"( "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a boat"}},)"
                              R"( "7": {"class_type": "CLIPTextEncode", "inputs": {"text": ""}}})";
    const Bytes tiff = testbytes::tiff(false, {{0x010F, 2, testbytes::bytes("workflow:{}") + Bytes{0}},
                                               {0x0110, 2, testbytes::bytes("prompt:" + graph) + Bytes{0}}});
    for (const bool prefixed : {false, true}) {  // EXIF chunk with and without JPEG's "Exif\0\0"
      const Bytes exif = prefixed ? testbytes::bytes("Exif") + Bytes{0, 0} + tiff : tiff;
      const auto s = read(testbytes::webp({{"VP8X", Bytes(10)}, {"EXIF", exif}}), "comfy.webp");
      QCOMPARE(s.source, sd::SettingsSource::ComfyUi);
      QCOMPARE(QString::fromStdString(s.recipe.prompt), QString("a boat"));
      QCOMPARE(s.recipe.width, 640);
    }
  }

  void xmpUserComment() {
    const std::string xmp =
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\">"
        "<exif:UserComment><rdf:Alt><rdf:li xml:lang=\"x-default\">a &lt;b&gt; &amp; c&#10;Steps: 20, Sampler: DDIM, Seed: 3, "
        "Size: 64x64</rdf:li></rdf:Alt></exif:UserComment></rdf:Description></rdf:RDF></x:xmpmeta>";
    const auto fromWebp = read(testbytes::webp({{"XMP ", testbytes::bytes(xmp)}}), "x.webp");
    QCOMPARE(fromWebp.source, sd::SettingsSource::A1111);
    QCOMPARE(QString::fromStdString(fromWebp.recipe.prompt), QString("a <b> & c"));
    QCOMPARE(QString::fromStdString(fromWebp.carrier), QString("XMP"));
    const auto fromJpeg = read(testbytes::jpeg({{0xE1, testbytes::bytes("http://ns.adobe.com/xap/1.0/") + Bytes{0} + testbytes::bytes(xmp)}}));
    QCOMPARE(fromJpeg.recipe.seed, quint64(3));
  }

  // Issue 30, item 8: 4 MB of '&' in an XMP value took 90 s (a search for
  // ';' from every '&'); now linear, the prompt read as it is.
  void xmpOfAmpersandsIsLinear() {
    const std::string amps(4u << 20, '&');
    const std::string xmp =
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\">"
        "<exif:UserComment><rdf:Alt><rdf:li xml:lang=\"x-default\">" + amps + "&amp;\nSteps: 20, Seed: 3, "
        "Size: 64x64</rdf:li></rdf:Alt></exif:UserComment></rdf:Description></rdf:RDF></x:xmpmeta>";
    const auto fromWebp = read(testbytes::webp({{"XMP ", testbytes::bytes(xmp)}}), "x.webp");
    QCOMPARE(fromWebp.recipe.prompt.size(), amps.size() + 1);
    QCOMPARE(fromWebp.recipe.seed, quint64(3));
  }

  void pngEXifChunk() {
    const Bytes exif = exifWithComment(true, testbytes::userComment("UNICODE\0", testbytes::utf16(kInfotext, true)));
    const auto s = read(testbytes::png({{"eXIf", exif}}), "exif.png");
    QCOMPARE(s.source, sd::SettingsSource::A1111);
    QCOMPARE(QString::fromStdString(s.carrier), QString("PNG eXIf"));
  }

  void malformed_data() {
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QString>("what");
    const auto raw = [](const Bytes& b) { return QByteArray(reinterpret_cast<const char*>(b.data()), int(b.size())); };
    const Bytes good = exifWithComment(true, testbytes::userComment("UNICODE\0", testbytes::utf16(kInfotext, true)));
    QTest::newRow("EXIF cut inside the IFD") << raw(jpegWithExif(Bytes(good.begin(), good.begin() + 14))) << "runs past the end";
    QTest::newRow("EXIF shorter than its header") << raw(jpegWithExif(Bytes{'M', 'M', 0})) << "too short";
    QTest::newRow("EXIF without byte order") << raw(jpegWithExif(Bytes{'X', 'X', 0, '*', 0, 0, 0, 8})) << "byte-order";
    Bytes farIfd = good;
    farIfd[4] = 0x7F;  // IFD0 offset far past the end
    QTest::newRow("IFD0 offset past the end") << raw(jpegWithExif(farIfd)) << "runs past the end";
    Bytes farComment = testbytes::tiff(false, {{0x9286, 7, Bytes(64, 'x')}});
    farComment[8 + 2 + 8] = 0xF0;  // the UserComment's value offset
    QTest::newRow("UserComment offset past the end") << raw(jpegWithExif(farComment)) << "runs past the end";
    Bytes hugeCount = testbytes::tiff(false, {{0x9286, 7, Bytes(64, 'x')}});
    hugeCount[8 + 2 + 4] = 0xFF;  // count low byte…
    hugeCount[8 + 2 + 7] = 0x7F;  // …and high byte: ~2 GB of UNDEFINED
    QTest::newRow("UserComment count past the end") << raw(jpegWithExif(hugeCount)) << "runs past the end";
    Bytes manyEntries = testbytes::tiff(false, {});
    manyEntries[8] = 0xFF;
    manyEntries[9] = 0xFF;
    QTest::newRow("IFD with 65535 entries") << raw(jpegWithExif(manyEntries)) << "entries";
    Bytes cutApp1 = jpegWithExif(good);
    cutApp1.resize(60);
    QTest::newRow("APP1 longer than the file") << raw(cutApp1) << "truncated";
    QTest::newRow("not an image") << raw(testbytes::bytes("GIF89a....")) << "is not a PNG, JPEG or WebP";
    QTest::newRow("empty file") << QByteArray() << "is not a PNG, JPEG or WebP";
  }
  void malformed() {
    QFETCH(QByteArray, file);
    QFETCH(QString, what);
    expectError(Bytes(file.begin(), file.end()), what);
  }

  void malformedWebpAndPng() {
    Bytes webp = testbytes::webp({{"EXIF", Bytes(100, 0)}});
    webp.resize(webp.size() - 50);
    webp[4] = 0xFF;  // a RIFF size larger than the file
    expectError(webp, "runs past the end", "bad.webp");
    expectError(testbytes::webp({{"EXIF", testbytes::bytes("II*\0")}}), "too short", "bad.webp");
    Bytes png = testbytes::png({{"tEXt", testbytes::bytes("parameters") + Bytes{0} + testbytes::bytes("x")}});
    png[33 + 2] = 0x10;  // the tEXt chunk now claims ~1 MB
    expectError(png, "truncated", "bad.png");
    // A compressed text that inflates past the cap is refused, not inflated.
    const Bytes bomb = testbytes::zlib(Bytes(40u << 20, 0));
    expectError(testbytes::png({{"zTXt", testbytes::bytes("parameters") + Bytes{0, 0} + bomb}}), "decompresses to more than", "bad.png");
    expectError(testbytes::png({{"zTXt", testbytes::bytes("parameters") + Bytes{0, 0} + testbytes::bytes("not zlib")}}),
                "corrupt", "bad.png");
  }

  void cyclesAndDepthAreBounded() {
    // The Exif IFD pointing back at IFD0: read once, no loop.
    const Bytes loop = testbytes::tiff(false, {{0x8769, 4, Bytes{8, 0, 0, 0}}});
    QCOMPARE(read(jpegWithExif(loop)).source, sd::SettingsSource::None);
    // JSON nested far deeper than any tool writes is refused, not recursed into.
    const std::string deep = "{\"3\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    const auto s = read(testbytes::png({{"tEXt", testbytes::bytes("prompt") + Bytes{0} + testbytes::bytes(deep)},
                                        {"tEXt", testbytes::bytes("sdstudio") + Bytes{0} + testbytes::bytes(deep)}}),
                        "deep.png");
    QVERIFY(!sd::hasRecipe(s));
  }

  void unrecognisedIsSaid() {
    const auto workflowOnly = read(testbytes::png({{"tEXt", testbytes::bytes("workflow") + Bytes{0} + testbytes::bytes("{}")}}), "w.png");
    QCOMPARE(workflowOnly.source, sd::SettingsSource::Unrecognised);
    QCOMPARE(QString::fromStdString(workflowOnly.tool), QString("ComfyUI"));
    const auto otherJson = read(testbytes::png({{"tEXt", testbytes::bytes("parameters") + Bytes{0} + testbytes::bytes("{\"a\": 1}")}}), "j.png");
    QCOMPARE(otherJson.source, sd::SettingsSource::Unrecognised);
    QVERIFY(QString::fromStdString(otherJson.warnings.at(0)).startsWith("unrecognised metadata from an unknown tool"));
    const auto brokenFooocus = read(testbytes::png({{"tEXt", testbytes::bytes("parameters") + Bytes{0} +
                                                                 testbytes::bytes("{\"metadata_scheme\": \"fooocus\"}")}}), "f.png");
    QCOMPARE(QString::fromStdString(brokenFooocus.tool), QString("Fooocus"));
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::readRecipe("/nonexistent/unrecognised.png"));
  }
};

QTEST_GUILESS_MAIN(TestMetadataContainers)
#include "test_metadata_containers.moc"
