// Config structs read the diffusers/transformers config.json files; missing
// keys take SD v1.4's values; wrong types are errors naming file and key.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include "core/models/model_config.h"
#include "core/util/error.h"

using namespace sd;

class TestModelConfig : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void tinyModel() {
    const auto unet = readUNetConfig(SD_TEST_DATA_DIR "/tiny-sd/unet/config.json");
    QCOMPARE(unet.blockOutChannels, (std::vector<int>{32, 32, 64, 64}));
    QCOMPARE(unet.attentionHeads, (std::vector<int>{2, 2, 2, 2}));
    QCOMPARE(unet.normNumGroups, 8);
    QCOMPARE(unet.crossAttentionDim, 32);
    const auto vae = readVaeConfig(SD_TEST_DATA_DIR "/tiny-sd/vae/config.json");
    QCOMPARE(vae.blockOutChannels, (std::vector<int>{16, 32, 32, 32}));
    QCOMPARE(vae.scalingFactor, 0.18215);
    const auto text = readClipTextConfig(SD_TEST_DATA_DIR "/tiny-sd/text_encoder/config.json");
    QCOMPARE(text.hiddenSize, 32);
    QCOMPARE(text.numHiddenLayers, 3);
    QCOMPARE(text.numAttentionHeads, 4);
  }

  void fullSizeDefaults() {
    const auto dir = std::string(SD_TEST_DATA_DIR "/manifests/configs/stable-diffusion-v1-4/");
    const auto unet = readUNetConfig(dir + "unet/config.json");
    const UNetConfig defaults;
    QCOMPARE(unet.blockOutChannels, defaults.blockOutChannels);
    QCOMPARE(unet.attentionHeads, defaults.attentionHeads);
    QCOMPARE(unet.crossAttentionDim, defaults.crossAttentionDim);
    const auto text = readClipTextConfig(dir + "text_encoder/config.json");
    QCOMPARE(text.hiddenSize, ClipTextConfig{}.hiddenSize);
    QCOMPARE(text.numHiddenLayers, ClipTextConfig{}.numHiddenLayers);
  }

  void wrongTypeNamesKey() {
    QTemporaryDir dir;
    const auto path = (dir.path() + "/config.json").toStdString();
    std::ofstream(path) << R"({"layers_per_block": "two"})";
    try {
      readUNetConfig(path);
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("layers_per_block") != std::string::npos);
      QVERIFY(std::string(e.what()).find(path) != std::string::npos);
    }
  }

  void invalidValues() {
    QTemporaryDir dir;
    const auto path = (dir.path() + "/config.json").toStdString();
    std::ofstream(path) << R"({"block_out_channels": [30, 64], "norm_num_groups": 32})";
    QVERIFY_THROWS_EXCEPTION(Error, readVaeConfig(path));
    std::ofstream(path, std::ios::trunc) << "{ not json";
    QVERIFY_THROWS_EXCEPTION(Error, readVaeConfig(path));
    QVERIFY_THROWS_EXCEPTION(Error, readVaeConfig(dir.path().toStdString() + "/missing.json"));
  }

  // Issue 30: a count of 2e9 in a config.json once built modules before any
  // shape was checked. Every size and count is bounded by what the
  // architectures allow, with the key and the file in the error; a zero
  // norm_num_groups is an error, not a division by zero.
  void hostileCountsAreRefusedBeforeBuilding_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("key");
    QTest::newRow("text layers") << "text" << R"({"num_hidden_layers": 2000000000})" << "num_hidden_layers";
    QTest::newRow("text vocab") << "text" << R"({"vocab_size": 2147483647})" << "vocab_size";
    QTest::newRow("text width") << "text" << R"({"hidden_size": 1048576, "num_attention_heads": 1})" << "hidden_size";
    QTest::newRow("text positions") << "text" << R"({"max_position_embeddings": 100000000})"
                                    << "max_position_embeddings";
    QTest::newRow("unet layers") << "unet" << R"({"layers_per_block": 2000000000})" << "layers_per_block";
    QTest::newRow("unet transformer") << "unet" << R"({"transformer_layers_per_block": 100000})"
                                      << "transformer_layers_per_block";
    QTest::newRow("unet heads") << "unet" << R"({"attention_head_dim": 1000000})" << "attention heads";
    QTest::newRow("unet groups zero") << "unet" << R"({"norm_num_groups": 0})" << "norm_num_groups";
    QTest::newRow("unet kernel") << "unet" << R"({"conv_in_kernel": 99999})" << "conv_in_kernel";
    QTest::newRow("vae layers") << "vae" << R"({"layers_per_block": 2000000000})" << "layers_per_block";
    QTest::newRow("vae groups zero") << "vae" << R"({"norm_num_groups": 0})" << "norm_num_groups";
    QTest::newRow("vae blocks") << "vae"
                                << R"({"block_out_channels": [32, 32, 32, 32, 32, 32, 32, 32, 32], "norm_num_groups": 32})"
                                << "block_out_channels (count)";
    QTest::newRow("vae latent") << "vae" << R"({"latent_channels": 100000})" << "latent_channels";
  }

  void hostileCountsAreRefusedBeforeBuilding() {
    QFETCH(QString, kind);
    QFETCH(QString, json);
    QFETCH(QString, key);
    QTemporaryDir dir;
    const auto path = (dir.path() + "/config.json").toStdString();
    std::ofstream(path) << json.toStdString();
    try {
      if (kind == "text") readClipTextConfig(path);
      else if (kind == "unet") readUNetConfig(path);
      else readVaeConfig(path);
      QFAIL("no error");
    } catch (const Error& e) {
      const std::string message = e.what();
      QVERIFY2(message.find("\"" + key.toStdString() + "\"") != std::string::npos, e.what());
      QVERIFY2(message.find(path) != std::string::npos, e.what());
    }
  }

  void theRealArchitecturesAreWithinTheBounds() {
    const auto dir = std::string(SD_TEST_DATA_DIR "/manifests/configs/stable-diffusion-v1-4/");
    readUNetConfig(dir + "unet/config.json");
    readVaeConfig(dir + "vae/config.json");
    readClipTextConfig(dir + "text_encoder/config.json");
  }
};

QTEST_GUILESS_MAIN(TestModelConfig)
#include "test_model_config.moc"
