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
};

QTEST_GUILESS_MAIN(TestModelConfig)
#include "test_model_config.moc"
