// A1111 infotext as real files carry it (shapes taken from A1111 1.x
// outputs, stable-diffusion.cpp's get_image_params and ComfyUI's default
// workflow), parsed the way A1111's parse_generation_parameters does.
#include <QtTest>

#include <string>

#include "core/metadata/comfy_prompt.h"
#include "core/metadata/infotext_parser.h"

using sd::ImageSettings;
using sd::parseInfotext;

namespace {

std::string field(const ImageSettings& s, const std::string& key) {
  for (const auto& [k, v] : s.fields)
    if (k == key) return v;
  return "<absent>";
}

QString q(const std::string& s) { return QString::fromStdString(s); }

}  // namespace

class TestInfotextParser : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void oldCombinedSamplerName() {
    const auto s = parseInfotext(
        "a photo of an astronaut riding a horse on mars, highly detailed\n"
        "Negative prompt: blurry, lowres\n"
        "Steps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234567890, Size: 512x768, "
        "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.6.0");
    QCOMPARE(s.source, sd::SettingsSource::A1111);
    QCOMPARE(q(s.recipe.prompt), QString("a photo of an astronaut riding a horse on mars, highly detailed"));
    QCOMPARE(q(s.recipe.negativePrompt), QString("blurry, lowres"));
    QCOMPARE(s.recipe.steps, 20);
    QCOMPARE(q(s.recipe.schedulerId), QString("dpmpp_2m_karras"));
    QVERIFY(s.schedulerKnown);
    QCOMPARE(s.recipe.cfgScale, 7.0);
    QCOMPARE(s.recipe.seed, uint64_t(1234567890));
    QCOMPARE(s.recipe.width, 512);
    QCOMPARE(s.recipe.height, 768);
    QCOMPARE(q(s.recipe.modelHash), QString("6ce0161689"));
    QCOMPARE(q(s.recipe.modelName), QString("v1-5-pruned-emaonly"));
    QCOMPARE(s.recipe.clipSkip, 1);
    QCOMPARE(q(field(s, "Version")), QString("v1.6.0"));
    QVERIFY(s.warnings.empty());
  }

  void newSplitSamplerAndSchedule_data() {
    QTest::addColumn<QString>("sampler");
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("warned");
    QTest::newRow("2M Karras") << "DPM++ 2M" << "Karras" << "dpmpp_2m_karras" << false;
    QTest::newRow("2M Automatic means Karras") << "DPM++ 2M" << "Automatic" << "dpmpp_2m_karras" << false;
    QTest::newRow("2M Uniform") << "DPM++ 2M" << "Uniform" << "dpmpp_2m" << false;
    QTest::newRow("Euler a Automatic") << "Euler a" << "Automatic" << "euler_ancestral" << false;
    QTest::newRow("DDIM") << "DDIM" << "Automatic" << "ddim" << false;
    QTest::newRow("UniPC") << "UniPC" << "Automatic" << "unipc" << false;
    QTest::newRow("Euler Exponential falls back") << "Euler" << "Exponential" << "euler" << true;
  }
  void newSplitSamplerAndSchedule() {
    QFETCH(QString, sampler);
    QFETCH(QString, schedule);
    QFETCH(QString, id);
    QFETCH(bool, warned);
    const auto s = parseInfotext(("masterpiece, best quality\nNegative prompt: (worst quality:1.4), (low quality:1.4)\n"
                                  "Steps: 30, Sampler: " + sampler + ", Schedule type: " + schedule +
                                  ", CFG scale: 7, Seed: 42, Size: 512x512, Clip skip: 2, Version: v1.10.1")
                                     .toStdString());
    QCOMPARE(q(s.recipe.schedulerId), id);
    QVERIFY(s.schedulerKnown);
    QCOMPARE(!s.warnings.empty(), warned);
    QCOMPARE(s.recipe.clipSkip, 2);
    QCOMPARE(q(s.recipe.negativePrompt), QString("(worst quality:1.4), (low quality:1.4)"));
  }

  void multiLinePromptWithoutNegative() {
    const auto s = parseInfotext("a castle\non a hill,\nat dusk\nSteps: 25, Sampler: Euler a, CFG scale: 7.5, Seed: 3, Size: 640x512");
    QCOMPARE(q(s.recipe.prompt), QString("a castle\non a hill,\nat dusk"));
    QCOMPARE(q(s.recipe.negativePrompt), QString());
    QCOMPARE(q(s.recipe.schedulerId), QString("euler_ancestral"));
    QCOMPARE(s.recipe.cfgScale, 7.5);
    QCOMPARE(s.recipe.width, 640);
    QCOMPARE(s.recipe.height, 512);
  }

  void multiLineNegativeAndWindowsLineEnds() {
    const auto s = parseInfotext("cat\r\nNegative prompt: dog,\r\nbird\r\nSteps: 5, Sampler: DDIM, Seed: 9, Size: 64x64\r\n");
    QCOMPARE(q(s.recipe.prompt), QString("cat"));
    QCOMPARE(q(s.recipe.negativePrompt), QString("dog,\nbird"));
    QCOMPARE(s.recipe.seed, uint64_t(9));
  }

  void quotedValues() {
    const auto s = parseInfotext(
        "portrait <lora:add_detail:0.5>\n"
        "Steps: 28, Sampler: Euler, CFG scale: 6, Seed: 7, Size: 512x640, Model: \"my, model: v2\", "
        "Denoising strength: 0.45, Hires upscale: 2, Hires upscaler: Latent, "
        "Lora hashes: \"add_detail: 7c6bad76eb54, more_details: 3b8aa1d351ef\", "
        "Template: \"a \\\"quoted\\\" word, with comma\", TI hashes: \"easynegative: c74b4e810b03\", Version: v1.7.0");
    QCOMPARE(q(s.recipe.prompt), QString("portrait <lora:add_detail:0.5>"));
    QCOMPARE(q(s.recipe.modelName), QString("my, model: v2"));
    QVERIFY(s.recipe.denoisingStrength.has_value());
    QCOMPARE(*s.recipe.denoisingStrength, 0.45);
    QCOMPARE(q(field(s, "Lora hashes")), QString("add_detail: 7c6bad76eb54, more_details: 3b8aa1d351ef"));
    QCOMPARE(q(field(s, "Template")), QString("a \"quoted\" word, with comma"));
    QCOMPARE(q(field(s, "TI hashes")), QString("easynegative: c74b4e810b03"));
    QCOMPARE(q(field(s, "Hires upscaler")), QString("Latent"));
    QCOMPARE(q(field(s, "Version")), QString("v1.7.0"));
  }

  void lastLineWithFewFieldsIsPrompt() {
    const auto s = parseInfotext("a prompt\nstyle: watercolor, mood: calm");
    QCOMPARE(q(s.recipe.prompt), QString("a prompt\nstyle: watercolor, mood: calm"));
    QVERIFY(s.fields.empty());
  }

  void onlyParameters() {
    const auto s = parseInfotext("Steps: 20, Sampler: Euler, Seed: 1, Size: 512x512");
    QCOMPARE(q(s.recipe.prompt), QString());
    QCOMPARE(s.recipe.steps, 20);
  }

  void unknownSamplerAndBadNumbersWarn() {
    const auto s = parseInfotext("x\nSteps: many, Sampler: DPM++ 3M SDE Exponential, CFG scale: 7, Seed: 1, Size: big");
    QVERIFY(!s.schedulerKnown);
    QCOMPARE(q(s.recipe.schedulerId), QString("DPM++ 3M SDE Exponential"));
    QCOMPARE(s.recipe.steps, 25);  // untouched default
    QCOMPARE(int(s.warnings.size()), 3);
  }

  void stableDiffusionCpp() {
    const auto s = parseInfotext(
        "a lovely cat\nNegative prompt: ugly\nSteps: 20, CFG scale: 7.000000, Guidance: 3.500000, Seed: 42, Size: 512x512, "
        "Model: sd-v1-4.ckpt, RNG: cuda, Sampler: dpm++2m karras, Version: stable-diffusion.cpp");
    QCOMPARE(s.source, sd::SettingsSource::SdCpp);
    QCOMPARE(q(s.recipe.schedulerId), QString("dpmpp_2m_karras"));
    QCOMPARE(s.recipe.cfgScale, 7.0);
    QCOMPARE(q(s.recipe.modelName), QString("sd-v1-4.ckpt"));
    const auto euler = parseInfotext("cat\nSteps: 20, CFG scale: 7, Seed: 1, Sampler: euler_a, Version: stable-diffusion.cpp");
    QCOMPARE(q(euler.recipe.schedulerId), QString("euler_ancestral"));
  }

  void comfyDefaultWorkflow() {
    const auto s = sd::parseComfyPrompt(R"({
      "3": {"inputs": {"seed": 156680208700286, "steps": 20, "cfg": 8, "sampler_name": "euler", "scheduler": "normal",
                       "denoise": 1, "model": ["4", 0], "positive": ["6", 0], "negative": ["7", 0],
                       "latent_image": ["5", 0]}, "class_type": "KSampler"},
      "4": {"inputs": {"ckpt_name": "v1-5-pruned-emaonly.ckpt"}, "class_type": "CheckpointLoaderSimple"},
      "5": {"inputs": {"width": 512, "height": 768, "batch_size": 1}, "class_type": "EmptyLatentImage"},
      "6": {"inputs": {"text": "beautiful scenery nature glass bottle landscape, , purple galaxy bottle,", "clip": ["4", 1]},
            "class_type": "CLIPTextEncode"},
      "7": {"inputs": {"text": "text, watermark", "clip": ["4", 1]}, "class_type": "CLIPTextEncode"},
      "8": {"inputs": {"samples": ["3", 0], "vae": ["4", 2]}, "class_type": "VAEDecode"},
      "9": {"inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}, "class_type": "SaveImage"}})");
    QVERIFY(s.has_value());
    QCOMPARE(s->source, sd::SettingsSource::ComfyUi);
    QCOMPARE(q(s->recipe.prompt), QString("beautiful scenery nature glass bottle landscape, , purple galaxy bottle,"));
    QCOMPARE(q(s->recipe.negativePrompt), QString("text, watermark"));
    QCOMPARE(s->recipe.seed, uint64_t(156680208700286));
    QCOMPARE(s->recipe.steps, 20);
    QCOMPARE(s->recipe.cfgScale, 8.0);
    QCOMPARE(q(s->recipe.schedulerId), QString("euler"));
    QCOMPARE(s->recipe.width, 512);
    QCOMPARE(s->recipe.height, 768);
    QCOMPARE(q(s->recipe.modelName), QString("v1-5-pruned-emaonly.ckpt"));
    QVERIFY(!s->recipe.denoisingStrength);
  }

  void comfyThroughLoraAndPrimitive() {
    const auto s = sd::parseComfyPrompt(R"({
      "10": {"class_type": "KSamplerAdvanced", "inputs": {"noise_seed": 5, "steps": 30, "cfg": 6.5,
             "sampler_name": "dpmpp_2m", "scheduler": "karras", "model": ["11", 0], "positive": ["12", 0],
             "negative": ["13", 0], "latent_image": ["14", 0]}},
      "11": {"class_type": "LoraLoader", "inputs": {"model": ["15", 0], "clip": ["15", 1], "lora_name": "x.safetensors"}},
      "15": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd-v1-4.safetensors"}},
      "12": {"class_type": "CLIPTextEncode", "inputs": {"text": ["16", 0], "clip": ["11", 1]}},
      "16": {"class_type": "PrimitiveNode", "inputs": {"value": "a red fox"}},
      "13": {"class_type": "CLIPTextEncode", "inputs": {"text": "", "clip": ["11", 1]}},
      "14": {"class_type": "EmptyLatentImage", "inputs": {"width": 768, "height": 512, "batch_size": 2}}})");
    QVERIFY(s.has_value());
    QCOMPARE(q(s->recipe.prompt), QString("a red fox"));
    QCOMPARE(s->recipe.seed, uint64_t(5));
    QCOMPARE(q(s->recipe.schedulerId), QString("dpmpp_2m_karras"));
    QCOMPARE(q(s->recipe.modelName), QString("sd-v1-4.safetensors"));
    QCOMPARE(s->recipe.width, 768);
  }

  void comfyNotAGraph() {
    QVERIFY(!sd::parseComfyPrompt("a plain prompt").has_value());
    QVERIFY(!sd::parseComfyPrompt(R"({"1": {"class_type": "SaveImage", "inputs": {}}})").has_value());
    QVERIFY(!sd::parseComfyPrompt("[1, 2]").has_value());
  }
};

QTEST_GUILESS_MAIN(TestInfotextParser)
#include "test_infotext_parser.moc"
