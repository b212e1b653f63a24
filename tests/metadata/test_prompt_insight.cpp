// Why an image matches its prompt, through its metadata: CLIP's token
// counts, which words matter and the score trajectory round-trip through the
// "sdstudio" JSON chunk; `info` shows them (text and top-level JSON); the
// HTML export draws them and the score tables say what CLIP cut; metadata
// from strangers that claims too much is refused by name.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/export/gallery_export.h"
#include "core/gallery/gallery_store.h"
#include "core/metadata/recipe_json.h"
#include "core/metadata/settings_reader.h"
#include "core/metadata/settings_report.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

using namespace sd;

namespace {

ImageRecipe insightfulRecipe() {
  ImageRecipe r;
  r.prompt = "a (red:1.3) fox";
  r.clipModel = "tiny-clip";
  r.comparisonPrompts = {"a (red:1.3) fox", "a very long prompt"};
  r.probabilities = {0.7, 0.3};
  r.logits = {21, 20};
  r.logitScale = 100;
  r.comparisonTokens = {3, 90};
  r.clipTokenLimit = 75;
  r.explanation = {0.7, 21, {{"a", 0, 1, 0.69, 20.9}, {"(red:1.3)", 2, 11, 0.4, 19.5}, {"fox", 12, 15, 0.2, 18.0}}};
  r.trajectory = {"approximation", {5, 10}, {{0.4, 0.6}, {0.7, 0.3}}};
  return r;
}

std::string jsonWith(const std::function<void(nlohmann::json&)>& change) {
  auto j = nlohmann::json::parse(formatRecipeJson(insightfulRecipe()));
  change(j);
  return j.dump();
}

}  // namespace

class TestPromptInsight : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void roundTripsThroughTheJsonChunk() {
    const auto original = insightfulRecipe();
    const auto back = parseRecipeJson(formatRecipeJson(original));
    QCOMPARE(back.comparisonTokens, original.comparisonTokens);
    QCOMPARE(back.clipTokenLimit, 75);
    QCOMPARE(back.explanation.units.size(), std::size_t(3));
    QCOMPARE(back.explanation.units[1].text, std::string("(red:1.3)"));
    QCOMPARE(back.explanation.units[1].begin, 2);
    QCOMPARE(back.explanation.units[1].probability, 0.4);
    QCOMPARE(back.explanation.logit, 21.0);
    QCOMPARE(back.trajectory.steps, (std::vector<int>{5, 10}));
    QCOMPARE(back.trajectory.probabilities, original.trajectory.probabilities);
    QCOMPARE(back.trajectory.decoder, std::string("approximation"));
    QVERIFY(back.trajectory.prompts.empty());  // files from before it kept its set: the recipe's
    QCOMPARE(trajectoryPrompts(back), back.comparisonPrompts);
    auto edited = original;  // the set edited after the image was made: the trajectory keeps its own
    edited.trajectory.prompts = {"a red fox", "a grey wolf"};
    edited.comparisonPrompts = {"a red fox", "a cat", "a dog"};
    const auto kept = parseRecipeJson(formatRecipeJson(edited));
    QCOMPARE(kept.trajectory.prompts, edited.trajectory.prompts);
    QCOMPARE(trajectoryPrompts(kept), edited.trajectory.prompts);
    QVERIFY(!scoredTruncated(back, 0));
    QVERIFY(scoredTruncated(back, 1));
  }

  void olderFilesLackThem() {
    auto r = insightfulRecipe();
    r.comparisonTokens.clear();
    r.explanation = {};
    r.trajectory = {};
    const auto json = formatRecipeJson(r);
    QVERIFY(json.find("trajectory") == std::string::npos && json.find("explanation") == std::string::npos);
    const auto back = parseRecipeJson(json);
    QVERIFY(back.trajectory.empty() && back.explanation.empty() && !scoredTruncated(back, 1));
  }

  void badInsightIsRefusedByName() {
    const auto expectError = [](const std::string& json, const char* words) {
      try {
        parseRecipeJson(json);
        QFAIL("no error");
      } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find(words) != std::string::npos, e.what());
      }
    };
    expectError(jsonWith([](auto& j) { j["trajectory"]["probabilities"].erase(0); }), "2 steps but 1 rows");
    expectError(jsonWith([](auto& j) { j["trajectory"]["steps"] = "five"; }), "trajectory.steps is not a list");
    expectError(jsonWith([](auto& j) { j["trajectory"]["prompts"] = {"only one"}; }), "do not match its prompts");
    expectError(jsonWith([](auto& j) { j["clip"]["explanation"]["units"] = nlohmann::json::array(); 
                                       for (int i = 0; i < 5000; ++i) j["clip"]["explanation"]["units"].push_back(1); }),
                "more than the 4096 read");
    expectError(jsonWith([](auto& j) { j["clip"]["explanation"]["units"][0]["text"] = 3; }), "text");
  }

  void infoShowsThem() {
    QTemporaryDir dir;
    GalleryStore store(dir.path().toStdString());
    const auto& entry = store.add(RgbImage::blank(16, 16), insightfulRecipe());
    const auto settings = readSettings(store.pathOf(entry));
    const auto text = formatSettingsText(settings);
    QVERIFY2(text.find("a very long prompt  (scored on its first 75 of 90 tokens)") != std::string::npos, text.c_str());
    QVERIFY2(text.find("-50.0  fox") != std::string::npos, text.c_str());
    QVERIFY2(text.find("step 10: 70.0% 30.0%") != std::string::npos, text.c_str());
    const auto json = nlohmann::json::parse(formatSettingsJson(settings));
    QCOMPARE(json["trajectory"]["steps"], nlohmann::json({5, 10}));
    QCOMPARE(json["trajectory"]["prompts"][1], "a very long prompt");
    QCOMPARE(json["explanation"]["units"][2]["text"], "fox");
  }

  void exportsDrawThem() {
    QTemporaryDir dir;
    const auto gallery = std::filesystem::path(dir.path().toStdString()) / "gallery";
    GalleryStore(gallery).add(RgbImage::blank(16, 16), insightfulRecipe());
    ExportOptions options;
    options.gallery = gallery;
    options.to = std::filesystem::path(dir.path().toStdString()) / "out";
    options.html = options.csv = options.json = true;
    exportGallery(options);
    const auto html = readTextFile(options.to / GalleryExport::kHtmlName);
    QVERIFY(html.find("<svg class=\"words\"") != std::string::npos);
    QVERIFY(html.find("without (red:1.3): 40.0%") != std::string::npos);
    QVERIFY(html.find("<svg class=\"trajectory\"") != std::string::npos);
    QVERIFY(html.find("a very long prompt: 30.0% (scored on its first 75 of 90 tokens)") != std::string::npos);
    QVERIFY(readTextFile(options.to / GalleryExport::kCsvName).find(",scored on its first 75 of 90 tokens\r\n") !=
            std::string::npos);
    const auto scores = nlohmann::json::parse(readTextFile(options.to / GalleryExport::kJsonName));
    QCOMPARE(scores["images"][0]["scores"][1]["scored_truncated"], true);
    QCOMPARE(scores["images"][0]["scores"][0]["scored_truncated"], false);
  }
};

QTEST_APPLESS_MAIN(TestPromptInsight)
#include "test_prompt_insight.moc"
