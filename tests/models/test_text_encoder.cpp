// SD v1.4's text encoder on the tiny model against transformers' outputs
// (tests/data/goldens/tiny-sd/text_encoder.safetensors, made by
// CLIPTextModel in transformers 4.39, fp32 CPU). Tolerance: atol 1e-5, the
// reference README's figure for text encoder hidden states.
#include <QtTest>

#include <c10/core/InferenceMode.h>

#include "core/models/clip_text_model.h"
#include "core/nn/weight_loader.h"
#include "core/util/error.h"
#include "support/golden.h"

using namespace sd;

class TestTextEncoder : public QObject {
  Q_OBJECT
  std::map<std::string, at::Tensor> m_golden;
  std::unique_ptr<ClipTextModel> m_model;
  static constexpr double kAtol = 1e-5;

 private Q_SLOTS:
  void initTestCase() {
    m_golden = test::loadGolden("goldens/tiny-sd/text_encoder.safetensors");
    m_model = std::make_unique<ClipTextModel>(readClipTextConfig(test::dataPath("tiny-sd/text_encoder/config.json")));
    WeightSource source;
    source.addFile(test::dataPath("tiny-sd/text_encoder/model.safetensors"));
    const auto report = loadWeights(*m_model, source, {}, "text encoder");
    QCOMPARE(report.loadedParameters, int64_t(3 * 16 + 2 + 2));
  }

  void hiddenStatesMatch() {
    c10::InferenceMode guard;
    const auto out = m_model->text_model.forward(test::tensorOf(m_golden, "input_ids"), {}, 0, true);
    QCOMPARE(out.hiddenStates.size(), std::size_t(4));
    for (int i = 0; i < 4; ++i)
      SD_EXPECT_CLOSE(out.hiddenStates[i], test::tensorOf(m_golden, "hidden_states." + std::to_string(i)), kAtol, 0);
    SD_EXPECT_CLOSE(out.lastHiddenState, test::tensorOf(m_golden, "last_hidden_state"), kAtol, 0);
    SD_EXPECT_CLOSE(out.pooled, test::tensorOf(m_golden, "pooler_output"), kAtol, 0);
  }

  void clipSkipMatches() {
    c10::InferenceMode guard;
    // A1111 "Clip skip 2" = diffusers clip_skip=1 = skip one layer.
    const auto out = m_model->text_model.forward(test::tensorOf(m_golden, "input_ids"), {}, 1);
    SD_EXPECT_CLOSE(out.lastHiddenState, test::tensorOf(m_golden, "clip_skip_2"), kAtol, 0);
  }

  void rejectsBadInput() {
    c10::InferenceMode guard;
    const auto ids = test::tensorOf(m_golden, "input_ids");
    QVERIFY_THROWS_EXCEPTION(Error, m_model->text_model.forward(ids, {}, 3));
    QVERIFY_THROWS_EXCEPTION(Error, m_model->text_model.forward(ids.view({-1})));
  }

  void missingWeightIsNamed() {
    ClipTextModel model(readClipTextConfig(test::dataPath("tiny-sd/text_encoder/config.json")));
    WeightSource source;
    source.addFile(test::dataPath("tiny-sd/unet/diffusion_pytorch_model.safetensors"));
    try {
      loadWeights(model, source, {}, "text encoder");
      QFAIL("no error");
    } catch (const Error& e) {
      const std::string message = e.what();
      QVERIFY2(message.find("text_model.embeddings.token_embedding.weight") != std::string::npos, e.what());
      QVERIFY2(message.find("diffusion_pytorch_model.safetensors") != std::string::npos, e.what());
    }
  }

  void wrongShapeIsNamed() {
    auto config = readClipTextConfig(test::dataPath("tiny-sd/text_encoder/config.json"));
    config.intermediateSize = 64;
    ClipTextModel model(config);
    WeightSource source;
    source.addFile(test::dataPath("tiny-sd/text_encoder/model.safetensors"));
    try {
      loadWeights(model, source, {}, "text encoder");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("mlp.fc1.weight") != std::string::npos, e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestTextEncoder)
#include "test_text_encoder.moc"
