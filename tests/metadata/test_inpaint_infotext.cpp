// Inpainting settings in the metadata: A1111's infotext keys, our JSON, and
// the request rebuilt from a file.
#include <QtTest>

#include "core/metadata/image_recipe.h"
#include "core/metadata/infotext_parser.h"
#include "core/metadata/recipe_json.h"
#include "core/metadata/recipe_request.h"
#include "core/metadata/settings_report.h"

class TestInpaintInfotext : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // A1111's inpainting keys: "Mask blur" for every inpainted image, "Inpaint
  // area: Only masked" and "Masked area padding" with only-masked; they come
  // back from A1111's files, our JSON, and into the request (without a mask).
  void inpaintingKeysThroughInfotextJsonAndRequest() {
    sd::ImageRecipe recipe;
    recipe.prompt = "a cat";
    recipe.denoisingStrength = 0.75;
    QVERIFY(sd::formatInfotext(recipe).find("Mask blur") == std::string::npos);
    recipe.maskBlur = 4;
    QVERIFY(sd::formatInfotext(recipe).find("Denoising strength: 0.75, Mask blur: 4, RNG") != std::string::npos);
    recipe.inpaintOnlyMasked = true;
    recipe.maskedAreaPadding = 24;
    const auto text = sd::formatInfotext(recipe);
    QVERIFY2(text.find("Mask blur: 4, Inpaint area: Only masked, Masked area padding: 24") != std::string::npos,
             text.c_str());
    const auto json = sd::parseRecipeJson(sd::formatRecipeJson(recipe));
    QCOMPARE(json.maskBlur.value_or(-1), 4);
    QVERIFY(json.inpaintOnlyMasked);
    QCOMPARE(json.maskedAreaPadding, 24);
    const auto a1111 = sd::parseInfotext(
        "a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Denoising strength: 0.6, "
        "Mask blur: 8, Inpaint area: Only masked, Masked area padding: 48, Version: v1.10.1");
    QVERIFY(a1111.warnings.empty());
    QCOMPARE(a1111.recipe.maskBlur.value_or(-1), 8);
    QVERIFY(a1111.recipe.inpaintOnlyMasked);
    QCOMPARE(a1111.recipe.maskedAreaPadding, 48);
    const auto request = sd::requestFromSettings(a1111);
    QCOMPARE(request.maskBlur, 8);
    QVERIFY(request.inpaintOnlyMasked);
    QCOMPARE(request.onlyMaskedPadding, 48);
    QVERIFY(!request.mask);
    const auto shown = sd::formatSettingsText(a1111);
    QVERIFY2(shown.find("Inpainting: mask blur 8, only masked (padding 48)") != std::string::npos, shown.c_str());
    QVERIFY2(shown.find("Masked area padding") == std::string::npos, shown.c_str());
  }

  // Issue 31 item 5: the whole picture pastes the original back unless told
  // not to, and "no overlay" is written, read back and restored.
  void overlayOffIsStatedAndReadBack() {
    sd::ImageRecipe recipe;
    recipe.prompt = "a cat";
    recipe.denoisingStrength = 0.75;
    recipe.maskBlur = 4;
    QVERIFY(sd::formatInfotext(recipe).find("Inpaint overlay") == std::string::npos);
    recipe.inpaintOverlay = false;
    const auto text = sd::formatInfotext(recipe);
    QVERIFY2(text.find("Mask blur: 4, Inpaint overlay: off") != std::string::npos, text.c_str());
    QVERIFY(!sd::parseRecipeJson(sd::formatRecipeJson(recipe)).inpaintOverlay);
    const auto parsed = sd::parseInfotext("a cat\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, "
                                          "Denoising strength: 0.6, Mask blur: 4, Inpaint overlay: off");
    QVERIFY(parsed.warnings.empty());
    QVERIFY(!parsed.recipe.inpaintOverlay);
    QVERIFY(!sd::requestFromSettings(parsed).inpaintOverlay);
    QVERIFY(sd::requestFromSettings(sd::parseInfotext("a cat\nSteps: 20, Seed: 1, Mask blur: 4")).inpaintOverlay);
    const auto shown = sd::formatSettingsText(parsed);
    QVERIFY2(shown.find("no overlay") != std::string::npos, shown.c_str());
  }
};

QTEST_GUILESS_MAIN(TestInpaintInfotext)
#include "test_inpaint_infotext.moc"
