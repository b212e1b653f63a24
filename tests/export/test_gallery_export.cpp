// Export checked file by file: copied PNGs keep their metadata, the HTML
// page escapes hostile prompts and references only its own images, CSV and
// JSON carry every score, the zip holds exactly the outputs (verified with
// its own central directory and CRCs), nothing is overwritten silently.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

#include "core/export/base64.h"
#include "core/export/gallery_export.h"
#include "core/export/html_escape.h"
#include "core/export/zip_writer.h"
#include "core/gallery/gallery_store.h"
#include "core/image/png_io.h"
#include "core/metadata/settings_reader.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace fs = std::filesystem;

namespace {

const std::string kHostile = "<script>alert('x')</script> \"quoted\" & <img src=x onerror=alert(1)>";

sd::ImageRecipe recipe(const std::string& prompt, uint64_t seed) {
  sd::ImageRecipe r;
  r.prompt = prompt;
  r.seed = seed;
  r.clipModel = "openai/clip-vit-base-patch32";
  r.comparisonPrompts = {"a red apple", kHostile, "=cmd|' /C calc'!A0"};
  r.probabilities = {0.25, 0.5, 0.25};
  r.logits = {20, 21, 20};
  return r;
}

fs::path makeGallery(const fs::path& folder) {
  sd::GalleryStore store(folder);
  auto image = sd::RgbImage::blank(16, 16);
  store.add(image, recipe("a red apple", 1));
  store.add(image, recipe(kHostile, 2));
  return folder;
}

uint32_t u32(const std::string& s, std::size_t at) {
  return uint32_t(uint8_t(s[at])) | uint32_t(uint8_t(s[at + 1])) << 8 | uint32_t(uint8_t(s[at + 2])) << 16 |
         uint32_t(uint8_t(s[at + 3])) << 24;
}
uint16_t u16(const std::string& s, std::size_t at) { return uint16_t(uint8_t(s[at]) | uint8_t(s[at + 1]) << 8); }

// name → contents, read through the central directory; fails on a bad CRC.
std::map<std::string, std::string> readZip(const std::string& zip) {
  std::map<std::string, std::string> files;
  const std::size_t end = zip.size() - 22;
  if (u32(zip, end) != 0x06054b50) throw std::runtime_error("no end of central directory");
  std::size_t at = u32(zip, end + 16);
  for (int i = 0; i < u16(zip, end + 10); ++i) {
    if (u32(zip, at) != 0x02014b50) throw std::runtime_error("bad central directory");
    const uint32_t crc = u32(zip, at + 16), size = u32(zip, at + 20), offset = u32(zip, at + 42);
    const uint16_t nameLength = u16(zip, at + 28);
    const std::string name = zip.substr(at + 46, nameLength);
    const std::size_t data = offset + 30 + u16(zip, offset + 26) + u16(zip, offset + 28);
    files[name] = zip.substr(data, size);
    if (sd::crc32(files[name]) != crc) throw std::runtime_error("bad CRC for " + name);
    at += 46 + nameLength + u16(zip, at + 30) + u16(zip, at + 32);
  }
  return files;
}

}  // namespace

class TestGalleryExport : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void escaping() {
    QCOMPARE(QString::fromStdString(sd::htmlEscape("<a href=\"x\">'&'</a>")),
             QString("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"));
    QCOMPARE(QString::fromStdString(sd::htmlEscape("bad\x01\xff utf8 é")), QString("bad utf8 é"));
    QCOMPARE(QString::fromStdString(sd::base64Encode("any carnal pleas")), QString("YW55IGNhcm5hbCBwbGVhcw=="));
    QCOMPARE(QString::fromStdString(sd::base64Encode("any carnal pleasu")), QString("YW55IGNhcm5hbCBwbGVhc3U="));
    QCOMPARE(sd::crc32("123456789"), 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
  }

  void everyFileChecked() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    const auto gallery = makeGallery(root / "my gallery");
    sd::ExportOptions o;
    o.gallery = gallery;
    o.to = root / "out";
    o.html = o.csv = o.json = o.zip = true;
    QStringList progress;
    sd::exportGallery(o, [&](const std::string& line) { progress << QString::fromStdString(line); });
    QVERIFY(progress.join('\n').contains("images 2/2"));

    // PNGs: byte-identical copies, metadata readable.
    for (const auto& e : sd::loadGallery(gallery).entries) {
      const auto copy = o.to / "images" / e.fileName;
      QCOMPARE(sd::readTextFile(copy), sd::readTextFile(gallery / e.fileName));
      QCOMPARE(sd::readRecipe(copy).seed, e.recipe.seed);
    }

    // HTML: the hostile prompt only ever appears escaped; no script; images relative.
    const auto html = QString::fromStdString(sd::readTextFile(o.to / "index.html"));
    QVERIFY(!html.contains("<script"));
    QVERIFY(!html.contains("<img src=x"));
    QVERIFY(!html.contains("onerror=alert(1)>"));
    QVERIFY(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; &amp; &lt;img src=x"));
    QVERIFY(html.contains("Content-Security-Policy"));
    QVERIFY(html.contains("src=\"images/00001-s1-a_red_apple.png\""));
    QCOMPARE(html.count("<svg class=\"bars\""), 2);
    QVERIFY(html.contains("SD Studio gallery — my gallery"));

    // CSV: header + 2 images × 3 comparison prompts, formula cell defused, quotes doubled.
    const auto csv = QString::fromStdString(sd::readTextFile(o.to / "scores.csv"));
    const auto rows = csv.split("\r\n", Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), 1 + 2 * 3);
    QVERIFY(rows[0].startsWith("file,prompt,negative_prompt,seed"));
    QVERIFY(csv.contains(",'=cmd|' /C calc'!A0,"));
    QVERIFY(csv.contains("\"<script>alert('x')</script> \"\"quoted\"\" & <img src=x onerror=alert(1)>\""));
    QVERIFY(rows[1].endsWith(",0.25,20,1,"));  // own prompt flagged; CLIP read it whole (no scoring note)

    // JSON: same numbers, text unescaped.
    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(sd::readTextFile(o.to / "scores.json"))).object();
    const auto images = json["images"].toArray();
    QCOMPARE(images.size(), 2);
    QCOMPARE(images[1].toObject()["prompt"].toString(), QString::fromStdString(kHostile));
    QCOMPARE(images[1].toObject()["scores"].toArray()[1].toObject()["probability"].toDouble(), 0.5);
    QVERIFY(images[1].toObject()["scores"].toArray()[1].toObject()["own"].toBool());

    // Zip: exactly the other outputs, byte for byte.
    const auto zip = readZip(sd::readTextFile(o.to / "my_gallery.zip"));
    QCOMPARE(int(zip.size()), 2 + 3);
    for (const auto& [name, bytes] : zip) QCOMPARE(bytes, sd::readTextFile(o.to / name));
  }

  void embeddedHtmlIsOneFile() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    sd::ExportOptions o;
    o.gallery = makeGallery(root / "g");
    o.to = root / "out";
    o.html = o.embed = true;
    sd::exportGallery(o);
    const auto html = QString::fromStdString(sd::readTextFile(o.to / "index.html"));
    QCOMPARE(html.count("src=\"data:image/png;base64,iVBORw0KGgo"), 2);
    QVERIFY(!html.contains("src=\"images/"));
  }

  void nothingOverwrittenSilently() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    sd::ExportOptions o;
    o.gallery = makeGallery(root / "g");
    o.to = root / "out";
    o.csv = true;
    fs::create_directories(o.to);
    sd::writeFileAtomically(o.to / "scores.csv", std::string("mine"));
    try {
      sd::exportGallery(o);
      QFAIL("expected a refusal");
    } catch (const sd::Error& e) {
      QVERIFY2(QString(e.what()).contains("scores.csv") && QString(e.what()).contains("--force"), e.what());
    }
    QCOMPARE(sd::readTextFile(o.to / "scores.csv"), std::string("mine"));
    QVERIFY(!fs::exists(o.to / "images" / "00001-s1-a_red_apple.png"));  // refused before writing anything
    o.force = true;
    sd::exportGallery(o);
    QVERIFY(sd::readTextFile(o.to / "scores.csv").rfind("file,", 0) == 0);
  }

  // Issue 30, items 4 and 8: a PNG in the gallery that is a symbolic link
  // (to a file elsewhere) is skipped with a warning, never copied into the
  // export; an images/ folder that is a link is refused before anything is
  // written (even with --force), so nothing lands outside the export.
  void linksNeverLeadOutOfTheFolders() {
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    sd::ExportOptions o;
    o.gallery = makeGallery(root / "g");
    const fs::path secret = root / "secret.png";
    sd::writeFileAtomically(secret, std::string("\x89PNG private"));
    fs::create_symlink(secret, o.gallery / "00009-s9-linked.png");
    o.to = root / "out";
    std::vector<std::string> messages;
    sd::exportGallery(o, [&](const std::string& m) { messages.push_back(m); });
    QVERIFY(!fs::exists(o.to / "images" / "00009-s9-linked.png"));
    bool warned = false;
    for (const auto& m : messages) warned |= m.find("00009-s9-linked.png: a symbolic link, skipped") != std::string::npos;
    QVERIFY(warned);

    const fs::path elsewhere = root / "elsewhere";
    fs::create_directories(elsewhere);
    sd::writeFileAtomically(elsewhere / "00001-s1-a_red_apple.png", std::string("theirs"));
    o.to = root / "out2";
    fs::create_directories(o.to);
    fs::create_symlink(elsewhere, o.to / "images");
    o.force = true;
    try {
      sd::exportGallery(o);
      QFAIL("wrote through a linked images folder");
    } catch (const sd::Error& e) {
      QVERIFY2(QString(e.what()).contains("images is a symbolic link"), e.what());
    }
    QCOMPARE(sd::readTextFile(elsewhere / "00001-s1-a_red_apple.png"), std::string("theirs"));
    QCOMPARE(std::distance(fs::directory_iterator(elsewhere), fs::directory_iterator()), 1);
  }

  // Issue 30, item 7: replacing a file keeps its permissions (a chmod 600
  // stays 600), and a new file follows the umask instead of a fixed 0644.
  void replacedFilesKeepTheirMode() {
    QTemporaryDir dir;
    const fs::path file = fs::path(dir.path().toStdString()) / "private.csv";
    sd::writeFileAtomically(file, std::string("a"));
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    sd::writeFileAtomically(file, std::string("b"));
    QCOMPARE(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    const mode_t old = ::umask(077);
    sd::writeFileAtomically(fs::path(dir.path().toStdString()) / "new.csv", std::string("c"));
    ::umask(old);
    QCOMPARE(fs::status(fs::path(dir.path().toStdString()) / "new.csv").permissions() & fs::perms::all,
             fs::perms::owner_read | fs::perms::owner_write);
  }

  void emptyGalleryIsAnError() {
    QTemporaryDir dir;
    sd::ExportOptions o;
    o.gallery = dir.path().toStdString();
    o.to = dir.path().toStdString() + "/out";
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::exportGallery(o));
  }

  void zipRejectsBadNames() {
    sd::ZipWriter zip;
    QVERIFY_THROWS_EXCEPTION(sd::Error, zip.add("../evil", "x"));
    QVERIFY_THROWS_EXCEPTION(sd::Error, zip.add("/abs", "x"));
    zip.add("a/b.txt", "x");
    QVERIFY_THROWS_EXCEPTION(sd::Error, zip.add("a/b.txt", "y"));
  }
};

QTEST_GUILESS_MAIN(TestGalleryExport)
#include "test_gallery_export.moc"
