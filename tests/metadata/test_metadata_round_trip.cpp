// Write → read → identical settings: through our "sdstudio" chunk (every
// field) and through the A1111 "parameters" infotext alone (every field
// A1111 can carry), for every scheduler and for awkward prompts.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "core/image/png_io.h"
#include "core/metadata/image_recipe.h"
#include "core/metadata/infotext_parser.h"
#include "core/metadata/recipe_builder.h"
#include "core/metadata/recipe_json.h"
#include "core/metadata/recipe_request.h"
#include "core/metadata/settings_reader.h"
#include "core/metadata/settings_report.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"

namespace {

sd::ImageRecipe fullRecipe() {
  sd::ImageRecipe r;
  r.prompt = "a \"quoted\" cat, sitting: on a mat\nsecond line — ünïcödé 猫";
  r.negativePrompt = "blurry, lowres: bad";
  r.steps = 31;
  r.schedulerId = "euler_ancestral";
  r.cfgScale = 6.25;
  r.seed = 18446744073709551000ull;
  r.variationSeed = 4294967301ull;
  r.variationStrength = 0.125;
  r.width = 640;
  r.height = 448;
  r.modelName = "sd-v1-4, fine-tune";
  r.modelHash = "fe4efff1e1";
  r.clipSkip = 2;
  r.denoisingStrength = 0.6;
  r.eta = 0.5;
  r.promptIndex = 1;
  r.imageIndex = 3;
  r.baseSeed = r.seed - 3;
  r.seedPolicy = "increment";
  r.device = "cuda:0 (float16)";
  r.initialNoiseHash = "cbf29ce484222325";
  r.clipModel = "openai/clip-vit-base-patch32";
  r.comparisonPrompts = {"a dog", r.prompt, "<script>alert(1)</script>"};
  r.probabilities = {0.1, 0.7, 0.2};
  r.logits = {20.5, 22.25, 21.0};
  r.temperature = 10;
  r.logitScale = 100;
  r.imageEmbedding = {0.5f, -0.25f, 0.125f};
  r.seconds = 3.5;
  return r;
}

// The fields A1111's infotext carries.
void compareInfotextFields(const sd::ImageRecipe& a, const sd::ImageRecipe& b) {
  QCOMPARE(QString::fromStdString(a.prompt), QString::fromStdString(b.prompt));
  QCOMPARE(QString::fromStdString(a.negativePrompt), QString::fromStdString(b.negativePrompt));
  QCOMPARE(a.steps, b.steps);
  QCOMPARE(QString::fromStdString(a.schedulerId), QString::fromStdString(b.schedulerId));
  QCOMPARE(a.cfgScale, b.cfgScale);
  QCOMPARE(a.seed, b.seed);
  QCOMPARE(a.variationSeed, b.variationSeed);
  QCOMPARE(a.variationStrength, b.variationStrength);
  QCOMPARE(a.width, b.width);
  QCOMPARE(a.height, b.height);
  QCOMPARE(QString::fromStdString(a.modelName), QString::fromStdString(b.modelName));
  QCOMPARE(QString::fromStdString(a.modelHash), QString::fromStdString(b.modelHash));
  QCOMPARE(a.clipSkip, b.clipSkip);
  QCOMPARE(a.denoisingStrength, b.denoisingStrength);
  QCOMPARE(a.eta, b.eta);
}

void compareAll(const sd::ImageRecipe& a, const sd::ImageRecipe& b) {
  compareInfotextFields(a, b);
  QCOMPARE(a.promptIndex, b.promptIndex);
  QCOMPARE(a.imageIndex, b.imageIndex);
  QCOMPARE(a.baseSeed, b.baseSeed);
  QCOMPARE(a.seedPolicy, b.seedPolicy);
  QCOMPARE(a.device, b.device);
  QCOMPARE(a.initialNoiseHash, b.initialNoiseHash);
  QCOMPARE(a.clipModel, b.clipModel);
  QCOMPARE(a.comparisonPrompts, b.comparisonPrompts);
  QCOMPARE(a.probabilities, b.probabilities);
  QCOMPARE(a.logits, b.logits);
  QCOMPARE(a.temperature, b.temperature);
  QCOMPARE(a.logitScale, b.logitScale);
  QCOMPARE(a.imageEmbedding, b.imageEmbedding);
  QCOMPARE(a.seconds, b.seconds);
}

sd::RgbImage testImage() {
  auto image = sd::RgbImage::blank(8, 4);
  for (std::size_t i = 0; i < image.pixels.size(); ++i) image.pixels[i] = static_cast<uint8_t>(i * 7);
  return image;
}

}  // namespace

class TestMetadataRoundTrip : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void everyFieldThroughOurChunk() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/image.png").toStdString();
    const auto recipe = fullRecipe();
    sd::writePng(path, testImage(),
                 {{"parameters", sd::formatInfotext(recipe)}, {"sdstudio", sd::formatRecipeJson(recipe)}});
    const auto settings = sd::readSettings(path);
    QCOMPARE(settings.source, sd::SettingsSource::SdStudio);
    QVERIFY(settings.schedulerKnown);
    QCOMPARE(QString::fromStdString(settings.samplerName), QString("Euler a"));
    compareAll(settings.recipe, recipe);
    compareAll(sd::readRecipe(path), recipe);
    // The pixels survive too.
    QCOMPARE(sd::readPng(path).image.pixels, testImage().pixels);
  }

  void everyA1111FieldThroughInfotextAlone() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/a1111.png").toStdString();
    const auto recipe = fullRecipe();
    sd::writePng(path, testImage(), {{"parameters", sd::formatInfotext(recipe)}});
    const auto settings = sd::readSettings(path);
    QCOMPARE(settings.source, sd::SettingsSource::A1111);
    QVERIFY2(settings.warnings.empty(), settings.warnings.empty() ? "" : settings.warnings[0].c_str());
    compareInfotextFields(settings.recipe, recipe);
  }

  void everySchedulerThroughInfotext_data() {
    QTest::addColumn<QString>("id");
    for (const auto& info : sd::knownSchedulers()) QTest::newRow(info.id.c_str()) << QString::fromStdString(info.id);
  }
  void everySchedulerThroughInfotext() {
    QFETCH(QString, id);
    sd::ImageRecipe recipe;
    recipe.prompt = "a cat";
    recipe.schedulerId = id.toStdString();
    const auto parsed = sd::parseInfotext(sd::formatInfotext(recipe));
    QCOMPARE(QString::fromStdString(parsed.recipe.schedulerId), id);
    QVERIFY(parsed.schedulerKnown);
  }

  void plainPngHasNoSettings() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/plain.png").toStdString();
    sd::writePng(path, testImage(), {{"Software", "GIMP"}});
    QCOMPARE(sd::readSettings(path).source, sd::SettingsSource::None);
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::readRecipe(path));
    QVERIFY_THROWS_EXCEPTION(sd::Error, sd::readSettings(dir.path().toStdString() + "/missing.png"));
  }

  void brokenOurChunkFallsBackToInfotext() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/broken.png").toStdString();
    const auto recipe = fullRecipe();
    sd::writePng(path, testImage(), {{"parameters", sd::formatInfotext(recipe)}, {"sdstudio", "{not json"}});
    const auto settings = sd::readSettings(path);
    QCOMPARE(settings.source, sd::SettingsSource::A1111);
    QCOMPARE(settings.recipe.seed, recipe.seed);
    QCOMPARE(int(settings.warnings.size()), 1);
  }

  void recipeFromARequestAndBack() {
    sd::GenerationRequest request;
    request.prompts = {"first", "second"};
    request.negativePrompt = "ugly";
    request.guidanceScale = 6;
    request.scheduler = sd::parseScheduler("Euler a");  // any accepted spelling: stored as our id
    request.seed = 100;
    request.steps = 9;
    request.clipSkip = 2;
    sd::GeneratedImage image;
    image.promptIndex = 1;
    image.imageIndex = 2;
    image.seed = 102;
    image.initialNoiseHash = "abcdef";
    sd::ModelInfo model;
    model.name = "sd-v1-4";
    model.device = "cpu (float32)";
    auto recipe = sd::recipeFor(request, image, model, "fe4efff1e1");
    sd::addClipScores(recipe, {"clip-b32", request.prompts, {0.3, 0.7}, {20, 21}, 10, 100, {1.f, 0.f}});
    QCOMPARE(QString::fromStdString(recipe.schedulerId), QString("euler_ancestral"));
    QCOMPARE(recipe.baseSeed, uint64_t(100));
    QCOMPARE(sd::ownComparisonIndex(recipe), 1);
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/x.png").toStdString();
    sd::writePng(path, testImage(), {{"parameters", sd::formatInfotext(recipe)}, {"sdstudio", sd::formatRecipeJson(recipe)}});
    const auto settings = sd::readSettings(path);
    compareAll(settings.recipe, recipe);
    // …and restoring it gives a request that reproduces this image alone.
    const auto again = sd::requestFromSettings(settings);
    QCOMPARE(again.prompts, (std::vector<std::string>{"second"}));
    QCOMPARE(again.seed, uint64_t(102));
    QCOMPARE(QString::fromStdString(sd::schedulerId(again.scheduler)), QString("euler_ancestral"));
    QCOMPARE(again.clipSkip, 2);
    QCOMPARE(again.guidanceScale, 6.0);
  }

  // A1111's names and order (after the model), only with a strength > 0;
  // an A1111 file's fields come back into the request that remakes it.
  void variationSeedThroughInfotextAndRequest() {
    sd::ImageRecipe recipe;
    recipe.prompt = "a cat";
    recipe.seed = 5;
    recipe.modelName = "m";
    QVERIFY(sd::formatInfotext(recipe).find("Variation") == std::string::npos);
    QVERIFY(sd::formatRecipeJson(recipe).find("variation") == std::string::npos);
    recipe.variationSeed = 77;
    recipe.variationStrength = 0.35;
    const auto text = sd::formatInfotext(recipe);
    QVERIFY2(text.find("Model: m, Variation seed: 77, Variation seed strength: 0.35, ") != std::string::npos, text.c_str());
    const auto a1111 = sd::parseInfotext(
        "a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 512x512, Model hash: fe4efff1e1, "
        "Variation seed: 3735928559, Variation seed strength: 0.08, Version: v1.10.1");
    QVERIFY(a1111.warnings.empty());
    QCOMPARE(a1111.recipe.variationSeed, uint64_t(3735928559));
    QCOMPARE(a1111.recipe.variationStrength, 0.08);
    const auto request = sd::requestFromSettings(a1111);
    QCOMPARE(request.seed, uint64_t(1234));
    QCOMPARE(request.variationSeed, uint64_t(3735928559));
    QCOMPARE(request.variationStrength, 0.08);
    QCOMPARE(sd::seedOfImage(request, 1), uint64_t(1234));  // A1111: the seed stays, the variation seed counts
    QCOMPARE(sd::variationSeedOfImage(request, 1), uint64_t(3735928560));
    QVERIFY(sd::formatSettingsText(a1111).find("Variation seed: 3735928559 (strength 0.08)") != std::string::npos);
  }

  void variationSeedOfAGeneratedImage() {
    sd::GenerationRequest request;
    request.prompts = {"a cat"};
    request.seed = 10;
    request.variationSeed = 20;
    request.variationStrength = 0.5;
    sd::GeneratedImage image;
    image.imageIndex = 2;
    image.seed = sd::seedOfImage(request, 2);
    image.variationSeed = sd::variationSeedOfImage(request, 2);
    const auto recipe = sd::recipeFor(request, image, sd::ModelInfo{});
    QCOMPARE(recipe.seed, uint64_t(10));
    QCOMPARE(recipe.variationSeed, uint64_t(22));
    QCOMPARE(recipe.variationStrength, 0.5);
    const auto back = sd::parseRecipeJson(sd::formatRecipeJson(recipe));
    QCOMPARE(back.variationSeed, uint64_t(22));
    QCOMPARE(back.variationStrength, 0.5);
  }

  void reportsNameEverything() {
    QTemporaryDir dir;
    const std::string path = (dir.path() + "/image.png").toStdString();
    const auto recipe = fullRecipe();
    sd::writePng(path, testImage(), {{"parameters", sd::formatInfotext(recipe)}, {"sdstudio", sd::formatRecipeJson(recipe)}});
    const auto settings = sd::readSettings(path);
    const auto text = QString::fromStdString(sd::formatSettingsText(settings));
    QVERIFY2(text.contains("Seed: 18446744073709551000"), qPrintable(text));
    QVERIFY(text.contains("Sampler: Euler a (euler_ancestral)"));
    QVERIFY(text.contains("70.0%  " + QString::fromStdString(recipe.prompt)));
    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(sd::formatSettingsJson(settings))).object();
    QCOMPARE(json["source"].toString(), QString("sdstudio"));
    QCOMPARE(json["scheduler"].toString(), QString("euler_ancestral"));
    QCOMPARE(json["sdstudio"].toObject()["clip"].toObject()["probabilities"].toArray().size(), 3);
  }
};

QTEST_GUILESS_MAIN(TestMetadataRoundTrip)
#include "test_metadata_round_trip.moc"
