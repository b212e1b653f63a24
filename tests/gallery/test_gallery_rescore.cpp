// Keeping stored CLIP scores current: a PNG's text chunks replaced without
// touching its pixels (withPngText), a gallery entry's recipe rewritten in
// place (GalleryStore::setRecipe), and an entry forgotten while its file is
// left to the caller (GalleryStore::forget, for the desktop's trash).
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <iterator>

#include "core/gallery/gallery_store.h"
#include "core/image/png_io.h"
#include "core/image/png_text.h"
#include "core/metadata/settings_reader.h"
#include "core/util/error.h"

namespace fs = std::filesystem;

namespace {

sd::RgbImage gradient() {
  auto image = sd::RgbImage::blank(16, 8);
  for (std::size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = uint8_t(i * 7);
  return image;
}

std::string readBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

class TestGalleryRescore : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void textIsReplacedPixelsKept() {
    const auto png = sd::encodePng(gradient(), {{"parameters", "old"}, {"sdstudio", "{\"a\":1}"}, {"other", "kept"}});
    const std::string bytes(png.begin(), png.end());
    const std::string rewritten = sd::withPngText(bytes, {{"sdstudio", "{\"a\":2, \"prompt\":\"caf\u00e9\"}"}});
    QTemporaryDir dir;
    const fs::path path = dir.filePath("x.png").toStdString();
    std::ofstream(path, std::ios::binary) << rewritten;
    const auto contents = sd::readPng(path);
    QCOMPARE(contents.image.pixels, gradient().pixels);
    QCOMPARE(sd::findText(contents.text, "parameters"), std::string("old"));
    QCOMPARE(sd::findText(contents.text, "other"), std::string("kept"));
    QCOMPARE(sd::findText(contents.text, "sdstudio"), std::string("{\"a\":2, \"prompt\":\"caf\u00e9\"}"));  // iTXt: UTF-8
    int sdstudioChunks = 0;
    for (const auto& [k, v] : contents.text) sdstudioChunks += k == "sdstudio";
    QCOMPARE(sdstudioChunks, 1);
  }

  void brokenPngsAreRefused() {
    const auto png = sd::encodePng(gradient());
    const std::string bytes(png.begin(), png.end());
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::withPngText("not a png at all", {}));
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::withPngText(bytes.substr(0, bytes.size() / 2), {}));
    std::string lying = bytes;
    lying[8] = '\x7f';  // the first chunk claims ~2 GB
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::withPngText(lying, {}));
  }

  void setRecipeRewritesOneImage() {
    QTemporaryDir dir;
    sd::GalleryStore store(dir.path().toStdString());
    sd::ImageRecipe recipe;
    recipe.prompt = "a cat";
    recipe.seed = 3;
    recipe.clipModel = "clip";  // the scores are written with a CLIP model only
    recipe.comparisonPrompts = {"a cat"};
    recipe.probabilities = {1.0};
    const std::string name = store.add(gradient(), recipe).fileName;
    const std::string pixelsBefore = readBytes(store.folder() / name);
    recipe.comparisonPrompts = {"a cat", "a dog"};
    recipe.probabilities = {0.7, 0.3};
    QVERIFY(store.setRecipe(name, recipe));
    QVERIFY(!store.setRecipe("nope.png", recipe));
    store.writeIndex();
    QCOMPARE(sd::readSettings(store.folder() / name).recipe.probabilities, (std::vector<double>{0.7, 0.3}));
    QCOMPARE(sd::loadGallery(store.folder()).entries.front().recipe.comparisonPrompts.size(), std::size_t(2));
    QCOMPARE(sd::readPng(store.folder() / name).image.pixels, gradient().pixels);
    QVERIFY(readBytes(store.folder() / name) != pixelsBefore);
  }

  void forgetLeavesTheFile() {
    QTemporaryDir dir;
    sd::GalleryStore store(dir.path().toStdString());
    const std::string name = store.add(gradient(), {}).fileName;
    QVERIFY(store.forget(name));
    QVERIFY(!store.forget(name));
    QVERIFY(fs::exists(store.folder() / name));
    QVERIFY(store.find(name) == nullptr);
    fs::remove(store.folder() / name);
    QVERIFY(sd::loadGallery(store.folder()).entries.empty());
  }
};

QTEST_MAIN(TestGalleryRescore)
#include "test_gallery_rescore.moc"
