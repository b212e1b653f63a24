// Galleries handed over by an attacker (issue 15): a gallery.json nested
// 100,000 deep or with members of the wrong type, file names that are legal
// but long, invisible or bidi-reversed, and prompts written to break out of
// HTML and CSV. A bad index or entry costs only itself (the PNGs are read
// instead), exports keep every name inside the target folder and inert
// (HTML checked in headless Chromium with and without its CSP), and CSV
// cells never start a formula.
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "core/export/gallery_export.h"
#include "core/export/zip_writer.h"
#include "core/gallery/gallery_store.h"
#include "core/image/png_io.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/safe_file_name.h"
#include "support/chromium.h"

namespace fs = std::filesystem;
using namespace sd;

namespace {

const std::string kRlo = "\xE2\x80\xAE";  // U+202E RIGHT-TO-LEFT OVERRIDE

// Each would mark <body data-pwned="…"> if the page ran it.
const std::vector<std::string> kPrompts = {
    "<script>document.body.setAttribute('data-pwned','script')</script>",
    "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
    "</style><script>document.body.setAttribute('data-pwned','style')</script>",
    "<a href=\"javascript:document.body.setAttribute('data-pwned','href')\">x</a><svg onload=\"document.body.setAttribute('data-pwned','svg')\">",
    "=HYPERLINK(\"http://x.invalid\",\"y\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "  =1+1",
    std::string("line one\nline two\r\nNUL:\0:end", 28),
    kRlo + "gnp.exe",
    "../../etc/passwd"};

RgbImage tiny() { return RgbImage::blank(8, 8); }

ImageRecipe recipe(const std::string& prompt, uint64_t seed) {
  ImageRecipe r;
  r.prompt = prompt;
  r.negativePrompt = prompt;
  r.seed = seed;
  r.modelName = prompt;
  r.clipModel = "clip";
  r.comparisonPrompts = {prompt, "a cat"};
  r.probabilities = {0.5, 0.5};
  return r;
}

std::string read(const fs::path& path) { return readTextFile(path); }

// Cells of a CSV text (RFC 4180 quoting), row by row.
std::vector<std::vector<std::string>> parseCsv(const std::string& csv) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const char c = csv[i];
    if (quoted) {
      if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') cell += '"', ++i;
      else if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(cell), cell.clear();
    } else if (c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
      rows.back().push_back(cell), cell.clear(), rows.emplace_back(), ++i;
    } else {
      cell += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

}  // namespace

class TestGalleryHostile : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

  fs::path folder(const char* name) { return fs::path(m_dir.path().toStdString()) / name; }

  // Two images written by the store, then its gallery.json replaced by `index`.
  fs::path galleryWithIndex(const char* name, const std::string& index) {
    const auto dir = folder(name);
    {
      GalleryStore store(dir);
      store.add(tiny(), recipe("a cat", 1));
      store.add(tiny(), recipe("a dog", 2));
    }
    std::ofstream(dir / kGalleryIndexName, std::ios::binary) << index;
    return dir;
  }

 private Q_SLOTS:
  void hostileIndex_data() {
    QTest::addColumn<QString>("index");
    QTest::addColumn<int>("fromIndex");
    QTest::addColumn<bool>("warns");  // about gallery.json
    const int deep = 100'000;
    const QString arr = QString(deep, '[') + QString(deep, ']');
    QTest::newRow("recipe nested 100,000 deep")
        << R"({"schema":1,"images":[{"file":"00001-s1-a_cat.png","recipe":)" + arr + "}]}" << 0 << true;
    QTest::newRow("schema of the wrong type") << R"({"schema":"x","images":[]})" << 0 << true;
    QTest::newRow("one entry's recipe of the wrong type")
        << R"({"schema":1,"images":[{"file":"00001-s1-a_cat.png","recipe":{"prompt":5}},{"file":"00002-s2-a_dog.png","recipe":{"prompt":"a dog","seed":2}}]})"
        << 1 << true;
    QTest::newRow("members of the wrong type")
        << R"({"schema":1,"images":[{"file":"00001-s1-a_cat.png","added_at_ms":"x","has_settings":3,"recipe":{"prompt":"a cat","seed":1}},{"file":7},{"file":"../../x.png"}]})"
        << 1 << false;
    // Issue 30, item 8: one entry of 300,000 values (a DOM of ~10 MB per
    // 100,000) is dropped as it is parsed; the other entry stays.
    QString many = "[0";
    for (int i = 1; i < 300'000; ++i) many += ",0";
    many += "]";
    QTest::newRow("an entry of 300,000 values")
        << R"({"schema":1,"images":[{"file":"00001-s1-a_cat.png","recipe":{"prompt":"a cat","x":)" + many +
               R"(}},{"file":"00002-s2-a_dog.png","recipe":{"prompt":"a dog","seed":2}}]})"
        << 1 << true;
  }
  void hostileIndex() {
    QFETCH(QString, index);
    QFETCH(int, fromIndex);
    QFETCH(bool, warns);
    const auto dir = galleryWithIndex(QTest::currentDataTag(), index.toStdString());
    const auto scan = loadGallery(dir);
    QCOMPARE(scan.entries.size(), std::size_t(2));  // every PNG, from the index or from itself
    QCOMPARE(scan.fromIndex, fromIndex);
    QCOMPARE(scan.unreadable, 0);
    for (const auto& e : scan.entries) QVERIFY(e.recipe.prompt == "a cat" || e.recipe.prompt == "a dog");
    if (warns)
      QVERIFY2(!scan.warnings.empty() && scan.warnings.front().find(kGalleryIndexName) != std::string::npos,
               scan.warnings.empty() ? "no warning" : scan.warnings.front().c_str());
    // The store reopens it (and repairs the index); an export goes through.
    QCOMPARE(GalleryStore(dir).entries().size(), std::size_t(2));
    ExportOptions options;
    options.gallery = dir;
    options.to = folder((std::string(QTest::currentDataTag()) + "-out").c_str());
    options.csv = options.html = options.json = options.zip = true;
    exportGallery(options);
    QVERIFY(fs::exists(options.to / GalleryExport::kCsvName));
  }

  // Legal names that broke exports: 254 bytes (the temporary passed 255),
  // and names whose bidi override or control character would mislead.
  void hostileFileNames() {
    const auto dir = folder("names");
    fs::create_directories(dir);
    const std::vector<std::string> names = {std::string(250, 'a') + ".png", "x" + kRlo + "gnp.exe.png",
                                            "tab\there.png", "new\nline.png"};
    for (const auto& name : names) writePng(dir / name, tiny(), {{"parameters", "a cat\nSteps: 2, Seed: 1, Size: 8x8"}});
    ExportOptions options;
    options.gallery = dir;
    options.to = folder("names-out");
    options.html = options.csv = options.zip = true;
    exportGallery(options);
    std::size_t images = 0;
    for (const auto& item : fs::recursive_directory_iterator(options.to)) {
      const auto relative = item.path().lexically_relative(options.to).string();
      QVERIFY2(relative.rfind("..", 0) != 0, relative.c_str());
      QVERIFY2(isSafeFileName(item.path().filename().string()), relative.c_str());
      images += item.path().parent_path().filename() == GalleryExport::kImagesFolder;
    }
    QCOMPARE(images, names.size());
    QVERIFY(fs::exists(options.to / GalleryExport::kImagesFolder / names[0]));  // a legal name is kept as is
  }

  void zipRefusesMisleadingNames_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("parent") << "images/../../x.png";
    QTest::newRow("absolute") << "/etc/x.png";
    QTest::newRow("bidi") << QString::fromStdString("images/a" + kRlo + "gnp.exe");
    QTest::newRow("newline") << "images/a\nb.png";
    QTest::newRow("backslash") << "images\\..\\x.png";
  }
  void zipRefusesMisleadingNames() {
    QFETCH(QString, name);
    ZipWriter zip;
    QVERIFY_THROWS_EXCEPTION(Error, zip.add(name.toStdString(), "x"));
  }

  void hostilePromptsExport() {
    const auto dir = folder("prompts");
    {
      GalleryStore store(dir);
      for (std::size_t i = 0; i < kPrompts.size(); ++i) store.add(tiny(), recipe(kPrompts[i], i));
    }
    ExportOptions options;
    options.gallery = dir;
    options.to = folder("prompts-out");
    options.html = options.csv = options.json = options.zip = true;
    exportGallery(options);

    const std::string csv = read(options.to / GalleryExport::kCsvName);
    QVERIFY2(csv.find('\0') == std::string::npos, "a NUL byte reached the CSV");
    const auto rows = parseCsv(csv);
    QVERIFY(rows.size() > kPrompts.size());
    for (const auto& row : rows)
      for (const auto& cell : row) {
        const auto first = cell.find_first_not_of(' ');
        if (first == std::string::npos || cell[0] == '\'') continue;
        const bool number = !cell.empty() && (std::isdigit(static_cast<unsigned char>(cell.back())));
        const bool formula = std::string_view("=+-@\t\r").find(cell[first]) != std::string_view::npos;
        QVERIFY2(!formula || (number && cell.find_first_not_of("-+.0123456789e") == std::string::npos), cell.c_str());
      }

    const std::string html = read(options.to / GalleryExport::kHtmlName);
    QVERIFY2(html.find('\0') == std::string::npos, "a NUL byte reached the HTML");
    const QString page = QString::fromStdString(html);
    QCOMPARE(page.count(QRegularExpression("<script", QRegularExpression::CaseInsensitiveOption)), 0);
    QCOMPARE(page.count(QRegularExpression("<img ")), static_cast<int>(kPrompts.size()));
    QVERIFY(!page.contains(QRegularExpression("(href|src)\\s*=\\s*\"\\s*javascript:", QRegularExpression::CaseInsensitiveOption)));
  }

  // The page as a browser runs it: no payload may act, with the page's CSP
  // and without it (escaping alone must hold).
  void hostilePromptsInChromium() {
    const QString chromium = test::findChromium();
    if (chromium.isEmpty()) QSKIP("Chromium is not installed (apt-get install chromium)");
    const auto out = folder("prompts-out");
    if (!fs::exists(out / GalleryExport::kHtmlName)) QSKIP("hostilePromptsExport did not run");
    std::string html = read(out / GalleryExport::kHtmlName);
    const auto csp = html.find("<meta http-equiv=\"Content-Security-Policy\"");
    QVERIFY(csp != std::string::npos);
    std::string bare = html;
    bare.erase(csp, bare.find('>', csp) + 1 - csp);
    writeFileAtomically(out / "no-csp.html", bare);
    for (const char* page : {GalleryExport::kHtmlName, "no-csp.html"}) {
      const QString dom = test::dumpDom(chromium, QString::fromStdString((out / page).string()));
      QVERIFY2(dom.contains("<figure>"), qPrintable("Chromium rendered nothing: " + dom.left(300)));
      QVERIFY2(!dom.contains(QRegularExpression("data-pwned\\s*=")), qPrintable(page + QString(": a payload ran")));
      QCOMPARE(dom.count(QRegularExpression("<script", QRegularExpression::CaseInsensitiveOption)), 0);
    }
  }
};

QTEST_GUILESS_MAIN(TestGalleryHostile)
#include "test_gallery_hostile.moc"
