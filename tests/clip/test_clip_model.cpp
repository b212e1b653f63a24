// CLIPModel and ClipScorer on the tiny CLIP against transformers 4.39
// (tests/data/goldens/tiny-clip/clip.safetensors; CLIPProcessor with
// padding=True + CLIPModel, fp32 CPU). Tolerances are the reference
// README's: embeddings, features and logits atol 1e-4, probs_T10 atol 1e-5
// (reachable because the preprocessing is bit-exact), hidden states 1e-5.
// Also: the full-size ViT-B/32 has exactly the manifest's keys and shapes.
#include <QtTest>

#include <fstream>

#include <ATen/TensorOperators.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/softmax.h>
#include <ATen/ops/tensor.h>
#include <c10/core/InferenceMode.h>
#include <nlohmann/json.hpp>

#include "core/clip/clip_model.h"
#include "core/clip/clip_scorer.h"
#include "core/image/image_io.h"
#include "core/nn/weight_loader.h"
#include "core/text/clip_tokenizer.h"
#include "core/util/error.h"
#include "support/golden.h"

using namespace sd;

namespace {

constexpr double kEmbedAtol = 1e-4, kProbAtol = 1e-5, kHiddenAtol = 1e-5;

at::Tensor toTensor(const std::vector<std::vector<float>>& rows) {
  std::vector<float> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  const int64_t cols = rows.empty() ? 0 : static_cast<int64_t>(rows.front().size());
  return at::from_blob(flat.data(), {static_cast<int64_t>(rows.size()), cols}, at::kFloat).clone();
}

// Logs the max error next to its tolerance (the report quotes these lines).
void expectClose(const char* what, const at::Tensor& actual, const at::Tensor& expected, double atol) {
  const auto d = test::compare(actual, expected);
  qInfo("%-32s max |d| %.3g (atol %.0e)", what, d.maxAbs, atol);
  QVERIFY2(d.shapesMatch, what);
  QVERIFY2(d.maxAbs <= atol, what);
}

std::vector<std::string> goldenPrompts() {
  std::ifstream in(test::dataPath("goldens/tiny-clip/clip.json"));
  return nlohmann::json::parse(in).at("prompts").get<std::vector<std::string>>();
}

std::vector<RgbImage> goldenImages() {
  std::ifstream in(test::dataPath("goldens/tiny-clip/clip.json"));
  const auto json = nlohmann::json::parse(in);  // named: a temporary would die before the loop body
  std::vector<RgbImage> out;
  for (const auto& f : json.at("images"))
    out.push_back(loadRgbImage(test::dataPath("goldens/tiny-clip/" + f.get<std::string>())));
  return out;
}

}  // namespace

class TestClipModel : public QObject {
  Q_OBJECT
  std::map<std::string, at::Tensor> m_golden;
  std::unique_ptr<ClipModel> m_model;
  std::unique_ptr<ClipScorer> m_scorer;

  const at::Tensor& golden(const std::string& name) const { return test::tensorOf(m_golden, name); }

 private Q_SLOTS:
  void initTestCase() {
    m_golden = test::loadGolden("goldens/tiny-clip/clip.safetensors");
    m_model = std::make_unique<ClipModel>(readClipModelConfig(test::dataPath("tiny-clip/config.json")));
    WeightSource source;
    source.addFile(test::dataPath("tiny-clip/model.safetensors"));
    const auto report = loadWeights(*m_model, source, {}, "CLIP");
    for (const auto& key : report.unusedKeys) QVERIFY2(key.ends_with("position_ids"), key.c_str());
    m_scorer = ClipScorer::load(test::dataPath("tiny-clip"), DevicePreference::Cpu);
  }

  void configIsRead() {
    const auto& c = m_model->config();
    QCOMPARE(c.projectionDim, 24);
    QCOMPARE(c.vision.hiddenSize, 48);
    QCOMPARE(c.vision.positions(), 50);
    QCOMPARE(c.text.hiddenSize, 16);
    QCOMPARE(c.text.eosTokenId, 2);
  }

  void tokensMatchTheProcessor() {
    // padding=True: padded to the longest prompt, mask passed along.
    const auto tokenizer = ClipTokenizer::fromFolder(test::dataPath("tiny-clip"));
    const auto ids = golden("input_ids"), mask = golden("attention_mask");
    const auto prompts = goldenPrompts();
    for (std::size_t i = 0; i < prompts.size(); ++i) {
      const auto t = tokenizer.encodeForModel(prompts[i]);
      for (int64_t k = 0; k < ids.size(1); ++k) {
        QCOMPARE(t.inputIds[k], ids[i][k].item<int64_t>());
        QCOMPARE(t.attentionMask[k], mask[i][k].item<int64_t>());
      }
    }
  }

  void modelMatchesTransformers() {
    c10::InferenceMode guard;
    const auto out = m_model->forward(golden("input_ids"), golden("attention_mask"), golden("pixel_values"));
    expectClose("vision_last_hidden_state", out.vision.lastHiddenState, golden("vision_last_hidden_state"), kHiddenAtol);
    expectClose("vision_pooler_output", out.vision.pooled, golden("vision_pooler_output"), kHiddenAtol);
    expectClose("text_last_hidden_state", out.text.lastHiddenState, golden("text_last_hidden_state"), kHiddenAtol);
    expectClose("text_pooler_output", out.text.pooled, golden("text_pooler_output"), kHiddenAtol);
    expectClose("image_features_unnormalized", out.imageFeatures, golden("image_features_unnormalized"), kEmbedAtol);
    expectClose("text_features_unnormalized", out.textFeatures, golden("text_features_unnormalized"), kEmbedAtol);
    expectClose("image_embeds", out.imageEmbeds, golden("image_embeds"), kEmbedAtol);
    expectClose("text_embeds", out.textEmbeds, golden("text_embeds"), kEmbedAtol);
    expectClose("logits_per_image", out.logitsPerImage, golden("logits_per_image"), kEmbedAtol);
    expectClose("logits_per_text", out.logitsPerText, golden("logits_per_text"), kEmbedAtol);
    expectClose("probs_T10 (model)", at::softmax(out.logitsPerImage / 10, 1), golden("probs_T10"), kProbAtol);
    expectClose("logit_scale", m_model->logit_scale, golden("logit_scale"), 0);
  }

  void scorerMatchesTransformersFromFiles() {
    // Files → loader → PIL-exact preprocessing → model → pure scores.
    const auto result = m_scorer->score(goldenImages(), goldenPrompts());
    QCOMPARE(m_scorer->logitScale(), golden("logit_scale").exp().item<float>());
    expectClose("scorer image_embeds", toTensor(result.imageEmbeddings), golden("image_embeds"), kEmbedAtol);
    expectClose("scorer text_embeds", toTensor(result.textEmbeddings), golden("text_embeds"), kEmbedAtol);
    expectClose("scorer logits_per_image", toTensor(result.scores.logits), golden("logits_per_image"), kEmbedAtol);
    expectClose("scorer probs_T10", toTensor(result.scores.probabilities), golden("probs_T10"), kProbAtol);
  }

  void storedEmbeddingsRescoreLikeTheModel() {
    // The gallery's path: stored embeddings + the pure function must equal
    // the full model's softmax(logits / T) for any T.
    c10::InferenceMode guard;
    const auto out = m_model->forward(golden("input_ids"), golden("attention_mask"), golden("pixel_values"));
    const auto images = m_scorer->embedImageFiles({test::dataPath("goldens/tiny-clip/images/img0_rgb_320x240.png"),
                                                   test::dataPath("goldens/tiny-clip/images/img1_rgb_181x263.png"),
                                                   test::dataPath("goldens/tiny-clip/images/img2_gray_256x256.png"),
                                                   test::dataPath("goldens/tiny-clip/images/img3_rgba_150x100.png")});
    const auto texts = m_scorer->embedTexts(goldenPrompts());
    for (float t : {10.0f, 1.0f, 0.5f}) {
      const auto scores = clipScores(images, texts, m_scorer->logitScale(), t);
      expectClose(("pure probs vs model, T=" + std::to_string(t)).c_str(), toTensor(scores.probabilities),
                  at::softmax(out.logitsPerImage / t, 1), kProbAtol);
    }
  }

  void batchingDoesNotChangeEmbeddings() {
    const auto images = goldenImages();
    const auto batched = toTensor(m_scorer->embedImages(images));
    m_scorer->setMaxBatch(1);
    const auto single = toTensor(m_scorer->embedImages(images));
    const auto singleTexts = toTensor(m_scorer->embedTexts(goldenPrompts()));  // each padded to its own length
    m_scorer->setMaxBatch(16);
    expectClose("batch 1 vs batch 4 image embeds", single, batched, 1e-5);
    expectClose("unpadded vs padded text embeds", singleTexts, golden("text_embeds"), kEmbedAtol);
    QVERIFY_THROWS_EXCEPTION(Error, m_scorer->setMaxBatch(0));
  }

  void emptyAndSinglePromptSets() {
    const auto images = goldenImages();
    const auto none = m_scorer->score(images, {});
    QCOMPARE(none.scores.probabilities.size(), images.size());
    for (const auto& row : none.scores.probabilities) QVERIFY(row.empty());
    const auto one = m_scorer->score(images, {"a photo of a cat"});
    for (const auto& row : one.scores.probabilities) QCOMPARE(row, std::vector<float>{1.0f});
    QVERIFY(m_scorer->score({}, {"x"}).scores.logits.empty());
    // Very short prompts hit LibTorch's small-matrix kernels (once a source
    // of NaN through an uninitialised baddbmm input); they must stay finite.
    for (int round = 0; round < 20; ++round)
      for (const auto& e : m_scorer->embedTexts({"", "a", "cat"}))
        for (float x : e) QVERIFY(std::isfinite(x));
    QVERIFY_THROWS_EXCEPTION(Error, m_scorer->score(images, {"x"}, 0.0f));
  }

  void preprocessIsExposed() {
    const auto p = m_scorer->preprocess(goldenImages()[3]);
    const auto pixels = at::from_blob(const_cast<float*>(p.pixelValues.data()), {3, p.height, p.width}, at::kFloat);
    QCOMPARE(test::compare(pixels, golden("pixel_values")[3]).maxAbs, 0.0);
  }

  void badFoldersAreNamed() {
    auto message = [](const std::filesystem::path& folder) {
      try {
        ClipScorer::load(folder, DevicePreference::Cpu);
      } catch (const Error& e) {
        return std::string(e.what());
      }
      return std::string();
    };
    QVERIFY(message(test::dataPath("no-such-folder")).find("does not exist") != std::string::npos);
    const auto noConfig = message(test::dataPath("tokenizer"));
    QVERIFY2(noConfig.find("config.json") != std::string::npos, noConfig.c_str());
  }

  void fullSizeMatchesManifest() {
    const auto config = readClipModelConfig(test::dataPath("manifests/configs/clip-vit-base-patch32/config.json"));
    ClipModel model(config);  // describes the weights, allocates none
    std::ifstream in(test::dataPath("manifests/clip-vit-base-patch32_state_dict.json"));
    std::map<std::string, std::vector<int64_t>> expected, actual;
    for (const auto& e : nlohmann::json::parse(in)) {
      const auto key = e.at("key").get<std::string>();
      if (!key.ends_with("position_ids")) expected[key] = e.at("shape").get<std::vector<int64_t>>();
    }
    for (auto& [name, shape] : model.parameterShapes()) actual[name] = shape;
    for (const auto& [k, v] : expected) QVERIFY2(actual.count(k) && actual[k] == v, k.c_str());
    QCOMPARE(actual.size(), expected.size());
    QCOMPARE(model.parameterCount(), int64_t(151'277'313));
    // The built-in defaults are the same architecture.
    ClipModel defaults(clipModelConfigDefaults());
    QCOMPARE(defaults.parameterCount(), int64_t(151'277'313));
  }
};

QTEST_GUILESS_MAIN(TestClipModel)
#include "test_clip_model.moc"
