// Inpainting against diffusers 0.27.2's StableDiffusionInpaintPipeline
// (tests/data/goldens/inpaint, scripts/peer/make_inpaint_goldens.py: torch
// 2.11, CPU float32, one generator per run): the tiny model's 4-channel UNet
// (known latents blended back after every step) and the tiny 9-channel UNet
// in tests/data/tiny-sd-inpaint (mask and masked-image latents concatenated
// to the input), with DDIM, Euler a and PNDM, with and without guidance, at
// strength 1 and below. The binarised mask must be exact; latents and images
// use the pipeline goldens' tolerances (pipeline_golden_support.h). The two
// *_batch2 runs (a list of generators, seeds s and s+1) go through the whole
// request path, one run per image, as the CLI and the window render.
#include <ATen/ops/from_blob.h>
#include <ATen/ops/upsample_nearest2d.h>

#include "core/schedulers/scheduler_names.h"
#include "core/image/inpaint_mask.h"
#include "core/image/png_io.h"
#include "core/pipeline/image_generation.h"
#include "core/pipeline/image_tensor.h"
#include "core/pipeline/inpaint_latents.h"
#include "core/util/threads.h"
#include "pipeline_golden_support.h"

using namespace sd;

class TestInpaintGoldens : public QObject {
  Q_OBJECT
  std::unique_ptr<SdComponents> m_plain, m_inpainting;
  nlohmann::json m_runs;
  RgbImage m_init, m_mask;

 private Q_SLOTS:
  void initTestCase() {
    configureTorchThreads();
    const auto location = locateModel(test::dataPath("tiny-sd"));
    m_plain = loadComponents(location, ComputeDevice{}, {});
    // The 9-channel UNet alone; the other parts are the tiny model's.
    auto withInpaintUnet = location;
    withInpaintUnet.unetConfig = test::dataPath("tiny-sd-inpaint/unet/config.json");
    withInpaintUnet.unetWeights = test::dataPath("tiny-sd-inpaint/unet/diffusion_pytorch_model.safetensors");
    m_inpainting = loadComponents(withInpaintUnet, ComputeDevice{}, {});
    QCOMPARE(m_inpainting->unetConfig.inChannels, 9);
    const auto meta = test::loadGoldenJson("goldens/inpaint/inpaint.json");
    m_runs = meta.at("runs");
    m_init = readPng(test::dataPath("goldens/inpaint/" + meta.at("init_image").get<std::string>())).image;
    m_mask = readPng(test::dataPath("goldens/inpaint/" + meta.at("mask").get<std::string>())).image;
  }

  void run_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < static_cast<int>(m_runs.size()); ++i)
      if (m_runs[i].at("images").get<int>() == 1) QTest::newRow(m_runs[i].at("name").get<std::string>().c_str()) << i;
  }

  void batch_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < static_cast<int>(m_runs.size()); ++i)
      if (m_runs[i].at("images").get<int>() > 1) QTest::newRow(m_runs[i].at("name").get<std::string>().c_str()) << i;
  }

  // Images after the first share the first one's VAE samples (init and
  // masked image) and draw only their own noise, as diffusers does.
  void batch() {
    QFETCH(int, index);
    c10::InferenceMode guard;
    const auto& r = m_runs[index];
    const auto name = r.at("name").get<std::string>();
    const auto golden = test::loadGolden("goldens/inpaint/" + name + ".safetensors");
    GenerationRequest request;
    request.prompts = {r.at("prompt").get<std::string>()};
    request.negativePrompt = r.at("negative_prompt").is_null() ? "" : r.at("negative_prompt").get<std::string>();
    request.guidanceScale = r.at("guidance_scale").get<double>();
    request.steps = r.at("steps").get<int>();
    request.scheduler = parseScheduler(r.at("scheduler").get<std::string>());
    request.seed = r.at("seed").get<uint64_t>();
    request.batch = r.at("images").get<int>();
    request.width = r.at("width").get<int>();
    request.height = r.at("height").get<int>();
    request.initImage = m_init;
    request.strength = r.at("strength").get<double>();
    request.mask = m_mask;
    request.maskBlur = 0;  // diffusers does not blur
    request.inpaintOverlay = false;  // nor paste the original back
    request.keepLatents = true;
    validateRequest(request);
    std::vector<GeneratedImage> images;
    GenerationCallbacks callbacks;
    callbacks.onImage = [&](GeneratedImage&& image) { images.push_back(std::move(image)); };
    auto& model = r.at("unet_in_channels").get<int>() == 9 ? *m_inpainting : *m_plain;
    ImageGeneration(model, request, callbacks).execute();
    QCOMPARE(static_cast<int>(images.size()), request.batch);
    for (int b = 0; b < request.batch; ++b) {
      const auto& image = images[static_cast<std::size_t>(b)];
      const auto latents = at::from_blob(const_cast<float*>(image.finalLatents.data()), image.latentShape, at::kFloat);
      const auto what = name + " image " + std::to_string(b);
      test::expectCloseReported(latents, test::tensorOf(golden, name + ".final_latents")[b].unsqueeze(0),
                                test::kLatentAtol, what + " final latents");
      const auto pixels = at::from_blob(const_cast<uint8_t*>(image.image.pixels.data()),
                                        {image.image.height, image.image.width, 3}, at::kByte);
      test::expectUint8Close(pixels, test::tensorOf(golden, name + ".image_uint8")[b], what);
    }
  }

  void run() {
    QFETCH(int, index);
    c10::InferenceMode guard;
    const auto& r = m_runs[index];
    const auto name = r.at("name").get<std::string>();
    const auto golden = test::loadGolden("goldens/inpaint/" + name + ".safetensors");
    const auto tensor = [&](const std::string& what) { return test::tensorOf(golden, name + "." + what); };
    auto& model = r.at("unet_in_channels").get<int>() == 9 ? *m_inpainting : *m_plain;

    BatchSpec spec;
    spec.prompts = {r.at("prompt").get<std::string>()};
    spec.negativePrompt = r.at("negative_prompt").is_null() ? "" : r.at("negative_prompt").get<std::string>();
    spec.guidanceScale = r.at("guidance_scale").get<double>();
    spec.steps = r.at("steps").get<int>();
    spec.scheduler = parseScheduler(r.at("scheduler").get<std::string>());
    spec.width = r.at("width").get<int>();
    spec.height = r.at("height").get<int>();
    spec.strength = r.at("strength").get<double>();
    spec.initImage = imageToTensor(m_init, spec.width, spec.height);
    spec.mask = maskToTensor(toGray(m_mask), spec.width, spec.height);
    test::expectCloseReported(spec.mask, tensor("mask_condition"), 0.0, name + " binarised mask");

    std::vector<at::Tensor> steps;
    const auto outcome = runBatch(model, spec, NoiseSource::fromSeed(r.at("seed").get<uint64_t>()),
                                  [&](int, int, const at::Tensor& x) {
                                    steps.push_back(x.clone());
                                    return true;
                                  });
    const auto stepLatents = tensor("step_latents");
    QCOMPARE(static_cast<int64_t>(steps.size()), stepLatents.size(0));
    for (std::size_t i = 0; i < steps.size(); ++i)
      test::expectCloseReported(steps[i], stepLatents[static_cast<int64_t>(i)], test::kLatentAtol,
                                name + " step " + std::to_string(i + 1));
    test::expectCloseReported(outcome.finalLatents, tensor("final_latents"), test::kLatentAtol,
                              name + " final latents");
    test::expectCloseReported(decodedToFloat(outcome.decoded), tensor("image_float"), test::kImageFloatAtol,
                              name + " image_float");
    const auto image = decodedToImage(outcome.decoded);
    const auto actual =
        at::from_blob(const_cast<uint8_t*>(image.pixels.data()), {image.height, image.width, 3}, at::kByte);
    test::expectUint8Close(actual, tensor("image_uint8")[0], name + " image");
  }

  // The hook sees the latent mask diffusers makes: nearest-neighbour
  // sampling of the binarised mask at 1/8 size.
  void latentMask() {
    const auto golden = test::loadGolden("goldens/inpaint/inpaint4_ddim_cfg.safetensors");
    const auto mask = maskToTensor(toGray(m_mask), 64, 64);
    const auto latent = at::upsample_nearest2d(mask, {8, 8});
    test::expectCloseReported(latent, test::tensorOf(golden, "inpaint4_ddim_cfg.mask_latent"), 0.0, "latent mask");
  }

  // A 9-channel UNet without a mask cannot run; the error says why.
  void inpaintingModelNeedsMask() {
    c10::InferenceMode guard;
    BatchSpec spec;
    spec.prompts = {"x"};
    spec.steps = 2;
    spec.width = spec.height = 64;
    try {
      runBatch(*m_inpainting, spec, NoiseSource::fromSeed(1));
      QFAIL("expected an error");
    } catch (const std::exception& e) {
      QVERIFY2(std::string(e.what()).find("inpainting model") != std::string::npos, e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestInpaintGoldens)
#include "test_inpaint_goldens.moc"
