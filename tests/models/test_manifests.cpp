// Full-size models built from SD v1.4's and CLIP ViT-B/32's configs have
// exactly the keys and shapes of the real checkpoints (manifests made by
// instantiating the upstream classes; tests/data/manifests). No weights are
// allocated: the module tree only describes them.
#include <QtTest>

#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "core/models/autoencoder_kl.h"
#include "core/models/clip_text_model.h"
#include "core/models/unet_2d_condition.h"
#include "support/golden.h"

using namespace sd;

namespace {

using ShapeMap = std::map<std::string, std::vector<int64_t>>;

ShapeMap manifest(const std::string& name, const std::string& prefixFilter = "") {
  std::ifstream in(test::dataPath("manifests/" + name));
  const auto json = nlohmann::json::parse(in);
  ShapeMap out;
  for (const auto& entry : json) {
    const auto key = entry.at("key").get<std::string>();
    if (key.starts_with(prefixFilter)) out[key] = entry.at("shape").get<std::vector<int64_t>>();
  }
  return out;
}

ShapeMap shapesOf(Module& module) {
  ShapeMap out;
  for (auto& [name, shape] : module.parameterShapes()) out[name] = shape;
  return out;
}

QString diff(const ShapeMap& actual, const ShapeMap& expected) {
  QStringList problems;
  for (const auto& [k, v] : expected) {
    const auto it = actual.find(k);
    if (it == actual.end()) problems << QString::fromStdString("missing " + k);
    else if (it->second != v) problems << QString::fromStdString("shape of " + k);
  }
  for (const auto& [k, v] : actual)
    if (!expected.count(k)) problems << QString::fromStdString("extra " + k);
  return problems.mid(0, 8).join("; ");
}

}  // namespace

class TestManifests : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void textEncoder() {
    const auto config = readClipTextConfig(test::dataPath("manifests/configs/stable-diffusion-v1-4/text_encoder/config.json"));
    ClipTextModel model(config);
    auto expected = manifest("sd-v1-4_text_encoder_state_dict.json");
    expected.erase("text_model.embeddings.position_ids");  // a buffer, not a weight
    const auto actual = shapesOf(model);
    QVERIFY2(actual == expected, qPrintable(diff(actual, expected)));
    QCOMPARE(model.parameterCount(), int64_t(123'060'480));
  }

  void unet() {
    UNet2DConditionModel model(readUNetConfig(test::dataPath("manifests/configs/stable-diffusion-v1-4/unet/config.json")));
    const auto expected = manifest("sd-v1-4_unet_state_dict.json");
    const auto actual = shapesOf(model);
    QVERIFY2(actual == expected, qPrintable(diff(actual, expected)));
    QCOMPARE(model.parameterCount(), int64_t(859'520'964));
  }

  void vae() {
    AutoencoderKL model(readVaeConfig(test::dataPath("manifests/configs/stable-diffusion-v1-4/vae/config.json")));
    const auto expected = manifest("sd-v1-4_vae_state_dict.json");
    const auto actual = shapesOf(model);
    QVERIFY2(actual == expected, qPrintable(diff(actual, expected)));
    QCOMPARE(model.parameterCount(), int64_t(83'653'863));
  }
};

QTEST_GUILESS_MAIN(TestManifests)
#include "test_manifests.moc"
