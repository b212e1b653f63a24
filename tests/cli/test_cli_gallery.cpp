// sdstudio-cli info and export as a user runs them, and the exported HTML
// opened in headless Chromium (skipped, saying so, when Chromium is absent;
// docs/export.md describes the same check by hand).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "core/gallery/gallery_store.h"
#include "core/image/png_io.h"

#include "support/chromium.h"
#include "support/cli_process.h"

namespace fs = std::filesystem;

namespace {

using Result = sd::test::CliResult;
Result run(const QStringList& args) { return sd::test::runCli(args); }

const char* kHostile = "<script>alert(1)</script> a \"fox\" & a <b>hound</b>";

sd::RgbImage gradient(uint8_t r, uint8_t g, uint8_t b) {
  auto image = sd::RgbImage::blank(64, 64);
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x) {
      uint8_t* p = image.row(y) + 3 * x;
      p[0] = static_cast<uint8_t>(r * (64 + y) / 128);
      p[1] = static_cast<uint8_t>(g * (64 + y) / 128);
      p[2] = static_cast<uint8_t>(b * (64 + x) / 128);
    }
  return image;
}

void makeGallery(const fs::path& folder) {
  sd::GalleryStore store(folder);
  const std::vector<std::string> set = {"a red fox in snow", kHostile, "a lighthouse at dusk"};
  const std::vector<std::vector<double>> probabilities = {{0.72, 0.18, 0.10}, {0.15, 0.70, 0.15}, {0.05, 0.15, 0.80}};
  const std::vector<std::array<uint8_t, 3>> colours = {{230, 90, 40}, {60, 200, 90}, {40, 80, 250}};
  for (int i = 0; i < 3; ++i) {
    sd::ImageRecipe r;
    r.prompt = set[i];
    r.negativePrompt = i == 1 ? "blurry" : "";
    r.seed = 42 + i;
    r.modelName = "sd-v1-4";
    r.modelHash = "fe4efff1e1";
    r.clipModel = "openai/clip-vit-base-patch32";
    r.comparisonPrompts = set;
    r.probabilities = probabilities[i];
    store.add(gradient(colours[i][0], colours[i][1], colours[i][2]), r);
  }
}

struct Rgb {
  int r, g, b;
};

int countPixels(const sd::RgbImage& image, Rgb target, int tolerance) {
  int n = 0;
  for (std::size_t i = 0; i + 2 < image.pixels.size(); i += 3)
    n += std::abs(image.pixels[i] - target.r) <= tolerance && std::abs(image.pixels[i + 1] - target.g) <= tolerance &&
         std::abs(image.pixels[i + 2] - target.b) <= tolerance;
  return n;
}

// Decodes with core's reader (this test needs no QtGui); empty when unreadable.
sd::RgbImage loadPng(const QString& path) {
  try {
    return sd::readPng(path.toStdString()).image;
  } catch (const std::exception&) {
    return {};
  }
}

const Rgb kHighlight{232, 118, 34};  // ui::BarStyle::highlightFill

}  // namespace

class TestCliGallery : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir m_dir;
  fs::path gallery() const { return fs::path(m_dir.path().toStdString()) / "gallery"; }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    makeGallery(gallery());
  }

  void infoPlainAndJson() {
    const auto file = QString::fromStdString((gallery() / "00001-s42-a_red_fox_in_snow.png").string());
    auto r = run({"info", file});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Source: sdstudio") && r.out.contains("Seed: 42") && r.out.contains("Prompt: a red fox in snow"),
             qPrintable(r.out));
    QVERIFY(r.out.contains("72.0%  a red fox in snow  (own prompt)"));
    r = run({"info", "--json", file});
    QCOMPARE(r.exitCode, 0);
    const auto json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json["seed"].toInteger(), 42);
    QCOMPARE(json["model_hash"].toString(), QString("fe4efff1e1"));
    QCOMPARE(json["fields"].toObject()["RNG"].toString(), QString("CPU"));
  }

  void infoOnForeignAndBadFiles() {
    const fs::path dir = m_dir.path().toStdString();
    sd::writePng(dir / "a1111.png", gradient(1, 2, 3),
                 {{"parameters", "castle\nNegative prompt: fog\nSteps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, "
                                 "Seed: 99, Size: 64x64, Model: v1-5"}});
    auto r = run({"info", QString::fromStdString((dir / "a1111.png").string())});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Source: a1111") && r.out.contains("Sampler: DPM++ 2M Karras (dpmpp_2m_karras)"), qPrintable(r.out));
    sd::writePng(dir / "plain.png", gradient(1, 2, 3));
    r = run({"info", QString::fromStdString((dir / "plain.png").string())});
    QCOMPARE(r.exitCode, 3);
    r = run({"info", m_dir.path() + "/missing.png"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("missing.png"));
    // Other tools' JPEGs and formats, and metadata we cannot read (exit 3).
    const QString corpus = QString(SD_TEST_DATA_DIR) + "/other-tools/";
    r = run({"info", corpus + "automatic1111_cropped.jpg", corpus + "novelai1_cropped.png"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Found in: EXIF UserComment") && r.out.contains("Source: novelai"), qPrintable(r.out));
    sd::writePng(dir / "workflow.png", gradient(1, 2, 3), {{"workflow", "{}"}});
    r = run({"info", QString::fromStdString((dir / "workflow.png").string())});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.out.contains("unrecognised metadata from ComfyUI"), qPrintable(r.out));
  }

  void exportEverything() {
    const auto out = m_dir.path() + "/export";
    const auto g = QString::fromStdString(gallery().string());
    auto r = run({"export", g, "--to", out, "--html", "--csv", "--json", "--contact-sheet", "--zip", "--columns", "3"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains("export: images 3/3"), qPrintable(r.err));  // progress on stderr
    QVERIFY(r.out.contains("exported 3 images"));
    for (const char* name : {"index.html", "scores.csv", "scores.json", "contact-sheet.png", "gallery.zip",
                             "images/00001-s42-a_red_fox_in_snow.png"})
      QVERIFY2(QFile::exists(out + "/" + name), name);
    const auto sheet = loadPng(out + "/contact-sheet.png");
    QVERIFY(!sheet.empty());
    QVERIFY(sheet.width >= 3 * 256);
    QVERIFY2(countPixels(sheet, kHighlight, 6) > 300, "the contact sheet has no highlighted bars");
    if (const auto keep = qEnvironmentVariable("SD_EXPORT_CONTACT_SHEET"); !keep.isEmpty()) {
      QFile::remove(keep);
      QVERIFY(QFile::copy(out + "/contact-sheet.png", keep));
    }
    // Refuses to overwrite, then --force does.
    r = run({"export", g, "--to", out, "--csv"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("would overwrite") && r.err.contains("--force"), qPrintable(r.err));
    r = run({"export", g, "--to", out, "--csv", "--force"});
    QCOMPARE(r.exitCode, 0);
  }

  // The gallery's margins: fox +0.54, hostile +0.55, lighthouse +0.65.
  void searchKeepsWhatTheQuerySays() {
    const auto g = QString::fromStdString(gallery().string());
    auto r = run({"search", g, "fox", "-lighthouse"});
    QCOMPARE(r.exitCode, 0);
    const auto lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);  // the fox, and the hostile prompt with "fox" in it
    QVERIFY2(lines[0].contains("00001-s42") && lines[0].contains("seed 42") && lines[0].contains("margin +54%"),
             qPrintable(r.out));
    QVERIFY(r.err.contains("2 of 3 images match"));
    r = run({"search", g, "--json", "neg:blurry", "seed:40..50"});
    QCOMPARE(r.exitCode, 0);
    const auto found = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(found.size(), 1);
    QCOMPARE(found[0].toObject()["seed"].toInteger(), 43);
    QCOMPARE(found[0].toObject()["prompt"].toString(), QString(kHostile));
    QCOMPARE(run({"search", g, "margin:>=60%"}).out.count('\n'), 1);
    QCOMPARE(run({"search", g, "seed:1000"}).exitCode, 3);  // nothing matches
    r = run({"search", g, "colour:red"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("unknown field 'colour'"), qPrintable(r.err));
  }

  void exportOnlyWhatTheFilterKeeps() {
    const auto out = m_dir.path() + "/filtered";
    const auto g = QString::fromStdString(gallery().string());
    auto r = run({"export", g, "--to", out, "--html", "--filter", "seed:>=43 -lighthouse"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains("filter 'seed:>=43 -lighthouse': 1 of 3 images"), qPrintable(r.err));
    QVERIFY(r.out.contains("exported 1 images"));
    QCOMPARE(QDir(out + "/images").entryList(QDir::Files).size(), 1);
    QFile html(out + "/index.html");
    QVERIFY(html.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(html.readAll()).contains("(filter: seed:&gt;=43 -lighthouse)"));
    r = run({"export", g, "--to", m_dir.path() + "/none", "--filter", "model:sdxl"});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("keeps none of the 3 images"), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_dir.path() + "/none/images"));
    QCOMPARE(run({"export", g, "--to", m_dir.path() + "/bad", "--filter", "seed:x"}).exitCode, 2);
  }

  void exportedHtmlInHeadlessChromium() {
    const QString chromium = sd::test::findChromium();
    if (chromium.isEmpty())
      QSKIP("Chromium is not installed (apt-get install chromium); see docs/export.md for the same check by hand");
    const auto out = m_dir.path() + "/html";
    auto r = run({"export", QString::fromStdString(gallery().string()), "--to", out, "--html"});
    QCOMPARE(r.exitCode, 0);
    QTemporaryDir profile;
    const auto shot = m_dir.path() + "/screenshot.png";
    QProcess browser;
    browser.start(chromium, sd::test::chromiumArgs(profile, {"--screenshot=" + shot, "--window-size=1200,900",
                                                             "file://" + out + "/index.html"}));
    QVERIFY(browser.waitForFinished(120'000));
    const auto image = loadPng(shot);
    QVERIFY2(!image.empty(), qPrintable(QString::fromUtf8(browser.readAllStandardError())));
    if (const auto keep = qEnvironmentVariable("SD_EXPORT_SCREENSHOT"); !keep.isEmpty()) {
      QFile::remove(keep);
      QVERIFY(QFile::copy(shot, keep));
    }
    QCOMPARE(image.width, 1200);
    QCOMPARE(image.height, 900);
    // The images loaded from images/ (their colours show), the SVG bars
    // rendered (the highlight colour shows).
    QVERIFY2(countPixels(image, Rgb{172, 67, 30}, 30) > 2000, "the red image did not render");
    QVERIFY2(countPixels(image, Rgb{30, 60, 187}, 30) > 2000, "the blue image did not render");
    QVERIFY2(countPixels(image, kHighlight, 8) > 300, "the probability bars did not render");
  }
};

QTEST_GUILESS_MAIN(TestCliGallery)
#include "test_cli_gallery.moc"
