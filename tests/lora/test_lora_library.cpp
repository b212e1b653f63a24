// LoRA key names in kohya-ss and diffusers/PEFT naming, LoRA files found by
// name, and A1111's "Lora hashes" (hashes of tests/data/lora computed by
// scripts/peer/make_lora_goldens.py with hashlib, as A1111's addnet hash).
#include <QtTest>

#include "core/lora/lora_keys.h"
#include "core/lora/lora_library.h"
#include "core/metadata/image_recipe.h"
#include "core/metadata/infotext_parser.h"
#include "core/metadata/recipe_json.h"
#include "core/util/error.h"

using namespace sd;

namespace {
std::filesystem::path loraDir() { return std::filesystem::path(SD_TEST_DATA_DIR) / "lora"; }
}  // namespace

class TestLoraLibrary : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void keys_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("unet");
    QTest::addColumn<QString>("module");
    QTest::addColumn<int>("part");
    QTest::addColumn<bool>("kohya");
    const int down = static_cast<int>(LoraPart::Down), up = static_cast<int>(LoraPart::Up),
              alpha = static_cast<int>(LoraPart::Alpha);
    QTest::newRow("kohya unet down") << "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q.lora_down.weight"
                                     << true << "down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q" << down << true;
    QTest::newRow("kohya te up") << "lora_te_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight" << false
                                 << "text_model_encoder_layers_0_self_attn_q_proj" << up << true;
    QTest::newRow("kohya alpha") << "lora_unet_mid_block_attentions_0_proj_in.alpha" << true
                                 << "mid_block_attentions_0_proj_in" << alpha << true;
    QTest::newRow("peft unet") << "unet.down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.lora_A.weight" << true
                               << "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q" << down << false;
    QTest::newRow("peft te") << "text_encoder.text_model.encoder.layers.1.self_attn.v_proj.lora_B.weight" << false
                             << "text_model.encoder.layers.1.self_attn.v_proj" << up << false;
    QTest::newRow("diffusers lora.down") << "unet.up_blocks.1.resnets.0.conv1.lora.down.weight" << true
                                         << "up_blocks.1.resnets.0.conv1" << down << false;
    QTest::newRow("attention processor") << "down_blocks.1.attentions.0.transformer_blocks.0.attn2.processor.to_out_lora.up.weight"
                                         << true << "down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0" << up
                                         << false;
    QTest::newRow("te processor") << "text_encoder.text_model.encoder.layers.0.self_attn.to_k_lora.down.weight" << false
                                  << "text_model.encoder.layers.0.self_attn.k_proj" << down << false;
    QTest::newRow("lora_linear_layer") << "text_encoder.text_model.encoder.layers.0.mlp.fc1.lora_linear_layer.up.weight"
                                       << false << "text_model.encoder.layers.0.mlp.fc1" << up << false;
  }

  void keys() {
    QFETCH(QString, key);
    QFETCH(bool, unet);
    QFETCH(QString, module);
    QFETCH(int, part);
    QFETCH(bool, kohya);
    const auto parsed = parseLoraKey(key.toStdString());
    QVERIFY(parsed);
    QCOMPARE(parsed->component == LoraComponent::Unet, unet);
    QCOMPARE(QString::fromStdString(parsed->module), module);
    QCOMPARE(static_cast<int>(parsed->part), part);
    QCOMPARE(parsed->kohya, kohya);
  }

  void foreignKeys() {
    for (const char* key : {"lora_unet_x.hada_w1_a", "lora_te2_text_model_encoder_layers_0_mlp_fc1.lora_down.weight",
                            "model.diffusion_model.input_blocks.1.1.proj_in.weight", "unet.conv_in.weight",
                            "lora_unet_.lora_down.weight", "lora_unet_a.b.lora_down.weight"})
      QVERIFY2(!parseLoraKey(key), key);
    QCOMPARE(kohyaModuleName("up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_out.0"),
             std::string("up_blocks_1_attentions_0_transformer_blocks_0_attn1_to_out_0"));
  }

  void findsByStem() {
    QCOMPARE(findLoraFile("tiny_kohya", {"/nonexistent", loraDir()}), loraDir() / "tiny_kohya.safetensors");
    QCOMPARE(availableLoras({loraDir(), loraDir()}), (std::vector<std::string>{"tiny_kohya", "tiny_peft"}));
    QCOMPARE(loraSearchDirs("/my/loras"), std::vector<std::filesystem::path>{"/my/loras"});
    for (const auto& dir : loraSearchDirs()) QCOMPARE(dir.filename().string(), std::string("lora"));
  }

  void missingNamesTheFolder() {
    for (const char* name : {"nope", "../lora/tiny_kohya", ""}) {
      try {
        findLoraFile(name, {loraDir()});
        QFAIL(name);
      } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find(loraDir().string()) != std::string::npos, e.what());
      }
    }
  }

  void a1111Hashes() {
    QCOMPARE(loraShortHash(loraDir() / "tiny_kohya.safetensors"), std::string("7221074cf9fc"));
    QCOMPARE(loraShortHash(loraDir() / "tiny_peft.safetensors"), std::string("5404e0c18127"));
    const auto hashes = loraHashes("a <lora:tiny_kohya:0.8> <lora:missing> <lora:tiny_peft> <lora:tiny_kohya:1>",
                                   {loraDir()});
    QCOMPARE(formatLoraHashes(hashes), std::string("tiny_kohya: 7221074cf9fc, tiny_peft: 5404e0c18127"));
  }

  // The tags stay in the prompt; the hashes are one quoted field, as A1111 writes them.
  void infotextRoundTrip() {
    ImageRecipe recipe;
    recipe.prompt = "a cat <lora:tiny_kohya:0.8>";
    recipe.loraHashes = "tiny_kohya: 7221074cf9fc, tiny_peft: 5404e0c18127";
    const auto text = formatInfotext(recipe);
    QVERIFY2(text.find("Lora hashes: \"tiny_kohya: 7221074cf9fc, tiny_peft: 5404e0c18127\"") != std::string::npos,
             text.c_str());
    const auto settings = parseInfotext(text);
    QCOMPARE(settings.recipe.prompt, recipe.prompt);
    QCOMPARE(settings.recipe.loraHashes, recipe.loraHashes);
    QCOMPARE(parseRecipeJson(formatRecipeJson(recipe)).loraHashes, recipe.loraHashes);
  }
};

QTEST_APPLESS_MAIN(TestLoraLibrary)
#include "test_lora_library.moc"
