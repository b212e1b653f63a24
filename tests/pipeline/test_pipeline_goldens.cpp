// The eight reference pipeline runs (README §5): same model, seed and settings
// as diffusers' StableDiffusionPipeline / Img2ImgPipeline with one CPU
// generator for the batch. Initial noise must be bit-identical; the rest is
// compared with the README's tolerances (see pipeline_golden_support.h).
#include <fstream>

#include <nlohmann/json.hpp>

#include <ATen/ops/from_blob.h>

#include "core/schedulers/scheduler_names.h"
#include "core/image/png_io.h"
#include "core/pipeline/image_generation.h"
#include "core/pipeline/image_tensor.h"
#include "core/util/threads.h"
#include "pipeline_golden_support.h"

using namespace sd;

class TestPipelineGoldens : public QObject {
  Q_OBJECT
  std::unique_ptr<SdComponents> m_model;
  nlohmann::json m_runs;

 private Q_SLOTS:
  void initTestCase() {
    configureTorchThreads();
    m_model = loadComponents(locateModel(test::dataPath("tiny-sd")), ComputeDevice{}, {});
    m_runs = test::loadGoldenJson("goldens/pipelines/pipelines.json").at("runs");
  }

  void run_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < static_cast<int>(m_runs.size()); ++i)
      QTest::newRow(m_runs[i].at("name").get<std::string>().c_str()) << i;
  }

  void run() {
    QFETCH(int, index);
    c10::InferenceMode guard;
    const auto& r = m_runs[index];
    const auto name = r.at("name").get<std::string>();
    const auto golden = test::loadGolden("goldens/pipelines/" + name + ".safetensors");
    const auto tensor = [&](const std::string& what) { return test::tensorOf(golden, name + "." + what); };

    BatchSpec spec;
    const int perPrompt = r.value("num_images_per_prompt", 1);
    for (const auto& p : r.at("prompt"))
      for (int i = 0; i < perPrompt; ++i) spec.prompts.push_back(p.get<std::string>());
    spec.negativePrompt = r.at("negative_prompt").is_null() ? "" : r.at("negative_prompt").get<std::string>();
    spec.guidanceScale = r.at("guidance_scale").get<double>();
    spec.steps = r.at("steps").get<int>();
    spec.scheduler = parseScheduler(r.at("scheduler").get<std::string>());
    spec.width = r.value("width", 64);  // img2img runs take the init image's 64×64
    spec.height = r.value("height", 64);
    if (r.at("kind") == "img2img") {
      const auto init = readPng(test::dataPath("goldens/pipelines/" + r.at("init_image").get<std::string>())).image;
      spec.initImage = imageToTensor(init, spec.width, spec.height);
      spec.strength = r.at("strength").get<double>();
      test::expectCloseReported(spec.initImage, tensor("img2img.preprocessed_image"), 1e-6, name + " init image");
    }

    std::vector<at::Tensor> steps;
    const auto outcome = runBatch(*m_model, spec, NoiseSource::fromSeed(r.at("seed").get<uint64_t>()),
                                  [&](int, int, const at::Tensor& x) {
                                    steps.push_back(x.clone());
                                    return true;
                                  });
    if (r.at("kind") == "txt2img") {
      // One randn for the whole batch: bit-identical to torch's CPU generator
      // (times σ_max, which is one ulp away on LibTorch 2.x: see golden.h).
      test::expectCloseReported(outcome.initialLatents, tensor("initial_latents"), 0.0, name + " initial latents",
                                test::goldenUlpTolerance());
    } else {
      test::expectCloseReported(outcome.initialLatents, tensor("img2img.noised_latents"), 1e-4, name + " noised latents");
    }
    const auto stepLatents = tensor("step_latents");
    QCOMPARE(static_cast<int64_t>(steps.size()), stepLatents.size(0));
    for (std::size_t i = 0; i < steps.size(); ++i)
      test::expectCloseReported(steps[i], stepLatents[static_cast<int64_t>(i)], test::kLatentAtol,
                                name + " step " + std::to_string(i + 1));
    test::expectCloseReported(outcome.finalLatents, tensor("final_latents"), test::kLatentAtol, name + " final latents");
    test::expectCloseReported(decodedToFloat(outcome.decoded), tensor("image_float"), test::kImageFloatAtol,
                              name + " image_float");
    for (int64_t b = 0; b < outcome.decoded.size(0); ++b) {
      const auto image = decodedToImage(outcome.decoded.narrow(0, b, 1));
      const auto actual = at::from_blob(const_cast<uint8_t*>(image.pixels.data()), {image.height, image.width, 3}, at::kByte);
      test::expectUint8Close(actual, tensor("image_uint8")[b], name + " image " + std::to_string(b));
    }
  }
};

QTEST_GUILESS_MAIN(TestPipelineGoldens)
#include "test_pipeline_goldens.moc"
