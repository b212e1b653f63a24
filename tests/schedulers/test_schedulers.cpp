// Schedulers against diffusers v0.27.2, run by the reference scripts on CPU
// in float32 (tests/data/goldens/schedulers/ and goldens/pipelines/; see
// tests/data/REFERENCE_README.md §4–5). Tolerances are the README's:
// timesteps exact, sigmas and alphas rtol 1e-6, traces atol 1e-5 + rtol 1e-5.
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <ATen/ops/cat.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/zeros.h>
#include <nlohmann/json.hpp>

#include "core/pipeline/denoise_loop.h"
#include "core/schedulers/noise_schedule.h"
#include "core/schedulers/scheduler.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"
#include "support/golden.h"

using namespace sd;

namespace {

constexpr double kTraceAtol = 1e-5;
constexpr double kTraceRtol = 1e-5;
constexpr double kSigmaRtol = 1e-6;

// Golden scheduler names are our ids, except DDIM's two eta variants.
std::string idOfGolden(const std::string& golden) { return golden.rfind("ddim", 0) == 0 ? "ddim" : golden; }

double maxAbs(const at::Tensor& a, const at::Tensor& b) { return test::compare(a, b).maxAbs; }

// Python's json writes -Infinity (lambda_min_clipped); standard JSON has no
// such token, so it is read as null.
nlohmann::json readGoldenJson(const std::string& relative) {
  std::ifstream in(test::dataPath(relative), std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const std::string token : {"-Infinity", "Infinity", "NaN"})
    for (auto pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos))
      text.replace(pos, token.size(), "null");
  return nlohmann::json::parse(text);
}

SchedulerConfig sdConfig() { return readSchedulerConfig(test::dataPath("tiny-sd/scheduler/scheduler_config.json")); }

// Runs `check` and records the largest |Δ| in `worst`.
#define SD_TRACE_CLOSE(actual, expected, worst, what)                                                    \
  do {                                                                                                   \
    const auto a_ = (actual);                                                                            \
    const auto e_ = (expected);                                                                          \
    std::string report_;                                                                                 \
    const bool ok_ = test::allClose(a_, e_, kTraceAtol, kTraceRtol, &report_);                           \
    QVERIFY2(ok_, (std::string(what) + ": " + report_).c_str());                                         \
    (worst) = std::max((worst), maxAbs(a_, e_));                                                         \
  } while (false)

}  // namespace

class TestSchedulers : public QObject {
  Q_OBJECT
  nlohmann::json m_index;
  nlohmann::json m_pipelines;
  std::map<std::string, at::Tensor> m_golden;

 private Q_SLOTS:
  void initTestCase() {
    m_index = readGoldenJson("goldens/schedulers/schedulers.json");
    m_pipelines = readGoldenJson("goldens/pipelines/pipelines.json");
    m_golden = test::loadGolden("goldens/schedulers/schedulers.safetensors");
    QVERIFY(m_index["schedulers"].size() >= 11);
  }

  void configIsSdV14() {
    const auto c = sdConfig();
    const auto& base = m_index["base_config_dict"];
    QCOMPARE(c.numTrainTimesteps, base["num_train_timesteps"].get<int>());
    QCOMPARE(c.betaStart, base["beta_start"].get<double>());
    QCOMPARE(c.betaEnd, base["beta_end"].get<double>());
    QCOMPARE(c.betaSchedule, base["beta_schedule"].get<std::string>());
    QCOMPARE(c.stepsOffset, base["steps_offset"].get<int>());
    QCOMPARE(c.setAlphaToOne, base["set_alpha_to_one"].get<bool>());
    QCOMPARE(c.skipPrkSteps, base["skip_prk_steps"].get<bool>());
    QCOMPARE(c.clipSample, false);
    QCOMPARE(c.predictionType, std::string("epsilon"));
    QVERIFY2(!c.timestepSpacing, "SD v1.4's file has no timestep_spacing: each class uses its own default");
    QVERIFY(c.trainedBetas.empty());
  }

  void betasAndAlphasCumprod() {
    const auto betas = makeBetas(sdConfig());
    QCOMPARE(betas.scalar_type(), at::kFloat);
    SD_EXPECT_CLOSE(betas, test::tensorOf(m_golden, "betas"), 0, kSigmaRtol);
    SD_EXPECT_CLOSE(makeAlphasCumprod(betas), test::tensorOf(m_golden, "alphas_cumprod"), 0, kSigmaRtol);
    qInfo("betas max |d| %.3g, alphas_cumprod max |d| %.3g", maxAbs(betas, test::tensorOf(m_golden, "betas")),
          maxAbs(makeAlphasCumprod(betas), test::tensorOf(m_golden, "alphas_cumprod")));
  }

  void schedules_data() { addSchedulerRows(); }
  void schedules() {
    QFETCH(QString, golden);
    QFETCH(int, steps);
    const auto name = golden.toStdString();
    const auto& info = m_index["schedulers"][name]["steps"][std::to_string(steps)];
    auto scheduler = makeFor(name);
    scheduler->setTimesteps(steps);
    const auto& expected = test::tensorOf(m_golden, info["timesteps"].get<std::string>());
    QCOMPARE(scheduler->timesteps().scalar_type(), expected.scalar_type());
    QVERIFY2(at::equal(scheduler->timesteps(), expected), "timesteps differ");
    QCOMPARE(float(scheduler->initNoiseSigma()), info["init_noise_sigma"].get<float>());
    QCOMPARE(scheduler->order(), info["order"].get<int>());
    if (info.contains("sigmas")) {
      const auto& sigmas = test::tensorOf(m_golden, info["sigmas"].get<std::string>());
      QCOMPARE(scheduler->sigmas().scalar_type(), at::kFloat);
      SD_EXPECT_CLOSE(scheduler->sigmas(), sigmas, 0, kSigmaRtol);
      qInfo("%s n%d: sigmas max |d| %.3g", qPrintable(golden), steps, maxAbs(scheduler->sigmas(), sigmas));
    }
  }

  // The README's loop with model(x, t) = 0.1·x + c + (float32(t)/1000)·c2
  // and a fresh generator seeded 42 for the step noise.
  void traces_data() { addSchedulerRows(); }
  void traces() {
    QFETCH(QString, golden);
    QFETCH(int, steps);
    const auto prefix = golden.toStdString() + ".n" + std::to_string(steps) + ".trace.";
    const auto tensor = [&](const std::string& what) { return test::tensorOf(m_golden, prefix + what); };
    const auto& c = test::tensorOf(m_golden, "c");
    const auto& c2 = test::tensorOf(m_golden, "c2");
    auto scheduler = makeFor(golden.toStdString());
    scheduler->setTimesteps(steps);
    const auto noise = NoiseSource::fromSeed(42);
    QVERIFY(at::equal(tensor("initial_latents"), test::tensorOf(m_golden, "x0")));
    auto x = test::tensorOf(m_golden, "x0") * scheduler->initNoiseSigma();
    SD_EXPECT_EXACT(x, tensor("initial_latents_times_init_noise_sigma"));
    const auto timesteps = scheduler->timesteps();
    QVERIFY(at::equal(timesteps, tensor("loop_timesteps")));
    // Through the pipeline's own loop (core/pipeline/denoise_loop), recording
    // what the model saw and what each step made.
    std::vector<at::Tensor> inputs, outputs, samples;
    const NoisePredictor model = [&](const at::Tensor& xIn, const at::Tensor& t, const at::Tensor&) {
      inputs.push_back(xIn);
      outputs.push_back(0.1 * xIn + c + (t.to(at::kFloat) / 1000) * c2);
      return outputs.back();
    };
    DenoiseInputs loop;
    loop.latents = x;
    loop.timesteps = timesteps;
    loop.guidanceScale = 1.0;
    (void)denoise(model, *scheduler, loop, noise, [&](int, int, const at::Tensor& latents) {
      samples.push_back(latents);
      return true;
    });
    QCOMPARE(int64_t(samples.size()), timesteps.size(0));
    double worstInput = 0, worstOutput = 0, worstSample = 0;
    for (int64_t i = 0; i < timesteps.size(0); ++i) {
      const auto where = " at step " + std::to_string(i);
      SD_TRACE_CLOSE(inputs[i], tensor("model_inputs")[i], worstInput, "model input" + where);
      SD_TRACE_CLOSE(outputs[i], tensor("model_outputs")[i], worstOutput, "model output" + where);
      SD_TRACE_CLOSE(samples[i], tensor("samples")[i], worstSample, "sample" + where);
    }
    qInfo("%s n%d: max |d| model_inputs %.3g, model_outputs %.3g, samples %.3g", qPrintable(golden), steps,
          worstInput, worstOutput, worstSample);
  }

  // Every pipeline golden's scheduler side: the recorded UNet outputs go
  // through CFG and our scheduler; unet inputs, step latents and (img2img)
  // add_noise must match. img2img_pndm is PNDM's call-counter quirk on the
  // sliced timesteps (README §5), img2img_euler_a the begin index.
  void pipelineReplays_data() {
    QTest::addColumn<int>("run");
    for (std::size_t i = 0; i < m_pipelines["runs"].size(); ++i)
      QTest::newRow(m_pipelines["runs"][i]["name"].get<std::string>().c_str()) << int(i);
  }
  void pipelineReplays() {
    QFETCH(int, run);
    const auto& r = m_pipelines["runs"][run];
    const auto name = r["name"].get<std::string>();
    const auto g = test::loadGolden("goldens/pipelines/" + name + ".safetensors");
    const auto tensor = [&](const std::string& what) { return test::tensorOf(g, name + "." + what); };
    const int steps = r["steps"].get<int>();
    const double guidance = r["guidance_scale"].get<double>();
    auto scheduler = makeScheduler(parseScheduler(r["scheduler"].get<std::string>()), sdConfig());
    scheduler->setTimesteps(steps);
    const auto noise = NoiseSource::fromSeed(r["seed"].get<uint64_t>());
    auto timesteps = scheduler->timesteps();
    const auto shape = tensor("initial_latents").sizes();
    const auto f32 = at::TensorOptions().dtype(at::kFloat);
    at::Tensor latents;
    if (r["kind"] == "img2img") {
      const int initTimestep = std::min(int(steps * r["strength"].get<double>()), steps);
      const int tStart = std::max(steps - initTimestep, 0);
      timesteps = timesteps.slice(0, int64_t(tStart) * scheduler->order());
      scheduler->setBeginIndex(int64_t(tStart) * scheduler->order());
      (void)noise.randn(shape, f32);  // the VAE latent sample
      const auto n = noise.randn(shape, f32);
      QVERIFY(at::equal(n, tensor("img2img.noise")));
      const auto latentTimestep = timesteps.slice(0, 0, 1).repeat({shape[0]});
      QVERIFY(at::equal(latentTimestep, tensor("img2img.latent_timestep")));
      latents = scheduler->addNoise(tensor("img2img.init_latents"), n, latentTimestep);
      SD_EXPECT_CLOSE(latents, tensor("img2img.noised_latents"), kTraceAtol, kTraceRtol);
    } else {
      latents = noise.randn(shape, f32) * scheduler->initNoiseSigma();
      SD_EXPECT_EXACT(latents, tensor("initial_latents"));
    }
    QVERIFY(at::equal(timesteps, tensor("unet_timesteps")));
    // The recorded UNet outputs through the pipeline's own loop and guidance.
    std::vector<at::Tensor> unetInputs, stepLatents;
    const NoisePredictor recorded = [&](const at::Tensor& xIn, const at::Tensor&, const at::Tensor&) {
      unetInputs.push_back(xIn);
      return tensor("unet_outputs")[static_cast<int64_t>(unetInputs.size()) - 1];
    };
    DenoiseInputs loop;
    loop.latents = latents;
    loop.timesteps = timesteps;
    loop.guidanceScale = guidance;
    loop.promptEmbeds = at::zeros({shape[0], 1, 1});
    if (guidance > 1.0) loop.negativeEmbeds = at::zeros({shape[0], 1, 1});
    latents = denoise(recorded, *scheduler, loop, noise, [&](int, int, const at::Tensor& x) {
      stepLatents.push_back(x);
      return true;
    });
    QCOMPARE(int64_t(stepLatents.size()), timesteps.size(0));
    double worstInput = 0, worstLatent = 0;
    for (int64_t i = 0; i < timesteps.size(0); ++i) {
      SD_TRACE_CLOSE(unetInputs[i], tensor("unet_inputs")[i], worstInput, "unet input at step " + std::to_string(i));
      SD_TRACE_CLOSE(stepLatents[i], tensor("step_latents")[i], worstLatent, "latents at step " + std::to_string(i));
    }
    SD_EXPECT_CLOSE(latents, tensor("final_latents"), kTraceAtol, kTraceRtol);
    qInfo("%s: max |d| unet_inputs %.3g, step_latents %.3g", name.c_str(), worstInput, worstLatent);
  }

  // Schedulers keep the sample's dtype (fp16 pipelines): state stays in the
  // sample's dtype, sigma tables stay float32 on the CPU, as in diffusers.
  void reducedPrecisionKeepsDtype_data() {
    QTest::addColumn<QString>("id");
    for (const auto& info : knownSchedulers()) QTest::newRow(info.id.c_str()) << QString::fromStdString(info.id);
  }
  void reducedPrecisionKeepsDtype() {
    QFETCH(QString, id);
    constexpr int kSteps = 12;
    const auto run = [&](at::ScalarType dtype) {
      auto scheduler = makeScheduler(parseScheduler(id.toStdString()), sdConfig());
      scheduler->setTimesteps(kSteps);
      const auto noise = NoiseSource::fromSeed(42);
      const auto c = test::tensorOf(m_golden, "c").to(dtype);
      auto x = (test::tensorOf(m_golden, "x0") * scheduler->initNoiseSigma()).to(dtype);
      for (int64_t i = 0; i < scheduler->timesteps().size(0); ++i) {
        const auto t = scheduler->timesteps()[i];
        const auto xIn = scheduler->scaleModelInput(x, t);
        x = scheduler->step(0.1 * xIn + c, t, x, noise);
        if (x.scalar_type() != dtype) throw Error("step changed the dtype at step " + std::to_string(i));
      }
      return x.to(at::kFloat);
    };
    const auto reference = run(at::kFloat);
    const auto half = run(at::kHalf);
    QVERIFY(half.isfinite().all().item<bool>());
    const double scale = reference.abs().max().item<double>();
    const double error = maxAbs(half, reference);
    QVERIFY2(error <= 2e-2 * scale + 1e-2, qPrintable(QString("fp16 vs fp32: %1 (scale %2)").arg(error).arg(scale)));
  }

  void pndmIgnoresBeginIndex() {
    // diffusers' PNDM has no set_begin_index; its step logic counts calls.
    auto a = makeScheduler(parseScheduler("pndm"), sdConfig());
    auto b = makeScheduler(parseScheduler("pndm"), sdConfig());
    a->setTimesteps(10);
    b->setTimesteps(10);
    b->setBeginIndex(4);
    const auto& x = test::tensorOf(m_golden, "x0");
    const auto& eps = test::tensorOf(m_golden, "c");
    for (int64_t i = 4; i < 7; ++i) {
      const auto t = a->timesteps()[i];
      QVERIFY(at::equal(a->step(eps, t, x, {}), b->step(eps, t, x, {})));
    }
  }

  void namesParse() {
    QCOMPARE(knownSchedulers().size(), std::size_t(10));
    for (const auto& info : knownSchedulers()) {
      QCOMPARE(findScheduler(info.id)->id, info.id);
      QCOMPARE(findScheduler(a1111Label(info))->id, info.id);
      QVERIFY(makeScheduler(parseScheduler(info.id), sdConfig()) != nullptr);
    }
    const std::vector<std::pair<std::string, std::string>> cases{
        {"PNDM", "pndm"}, {"ddim", "ddim"}, {"LMS", "lms"}, {"Euler", "euler"}, {"Euler a", "euler_ancestral"},
        {"euler A", "euler_ancestral"}, {"Heun", "heun"}, {"DPM++ 2M", "dpmpp_2m"},
        {"DPM++ 2M Karras", "dpmpp_2m_karras"}, {"  dpm++   2m  KARRAS ", "dpmpp_2m_karras"}, {"UniPC", "unipc"},
        {"DDPM", "ddpm"}, {"DPMPP_2M_KARRAS", "dpmpp_2m_karras"}, {"PNDMScheduler", "pndm"},
        {"DDIMScheduler", "ddim"}, {"LMSDiscreteScheduler", "lms"}, {"EulerDiscreteScheduler", "euler"},
        {"EulerAncestralDiscreteScheduler", "euler_ancestral"}, {"HeunDiscreteScheduler", "heun"},
        {"DPMSolverMultistepScheduler", "dpmpp_2m"}, {"UniPCMultistepScheduler", "unipc"},
        {"ddpmscheduler", "ddpm"}, {"PLMS", "pndm"}};
    for (const auto& [name, id] : cases) {
      const auto found = findScheduler(name);
      QVERIFY2(found, name.c_str());
      QCOMPARE(found->id, id);
    }
    for (const char* unknown : {"", "   ", "DPM++ SDE", "k_euler_a", "ddim_eta0", "Euler Karras", "DPM++ 2M SDE"})
      QVERIFY2(!findScheduler(unknown), unknown);
    // A1111 >= 1.9 infotexts: Sampler + Schedule type.
    QCOMPARE(findScheduler("DPM++ 2M", "Karras")->id, std::string("dpmpp_2m_karras"));
    QCOMPARE(findScheduler("DPM++ 2M", "Automatic")->id, std::string("dpmpp_2m_karras"));
    QCOMPARE(findScheduler("DPM++ 2M", "Uniform")->id, std::string("dpmpp_2m"));
    QCOMPARE(findScheduler("DPM++ 2M", "")->id, std::string("dpmpp_2m"));
    QCOMPARE(findScheduler("Euler a", "Automatic")->id, std::string("euler_ancestral"));
    QVERIFY(!findScheduler("DPM++ 2M", "Exponential"));
    QVERIFY(!findScheduler("Euler", "Karras"));
    QCOMPARE(a1111Label(*findScheduler("dpmpp_2m_karras")), std::string("DPM++ 2M Karras"));
    QCOMPARE(a1111Label(*findScheduler("euler_ancestral")), std::string("Euler a"));
    QVERIFY(findScheduler("Euler a")->stochastic);
    QVERIFY(!findScheduler("DPM++ 2M Karras")->stochastic);
  }

  void unknownIdIsNamed() {
    try {
      makeScheduler(parseScheduler("dpmpp_3m"), sdConfig());
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("dpmpp_3m") != std::string::npos, e.what());
    }
  }

  void badConfigsAreNamed_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("key");
    QTest::newRow("beta_schedule") << R"({"beta_schedule": "cosine"})" << "beta_schedule";
    QTest::newRow("prediction_type") << R"({"prediction_type": "flow"})" << "prediction_type";
    QTest::newRow("timestep_spacing") << R"({"timestep_spacing": "uniform"})" << "timestep_spacing";
    QTest::newRow("wrong type") << R"({"steps_offset": "one"})" << "steps_offset";
    QTest::newRow("trained_betas") << R"({"num_train_timesteps": 4, "trained_betas": [0.1, 0.2]})"
                                   << "trained_betas";
    QTest::newRow("not json") << "{beta_schedule" << "";
  }
  void badConfigsAreNamed() {
    QFETCH(QString, json);
    QFETCH(QString, key);
    QTemporaryDir dir;
    const auto path = dir.filePath("scheduler_config.json").toStdString();
    std::ofstream(path) << json.toStdString();
    try {
      readSchedulerConfig(path);
      QFAIL("no error");
    } catch (const Error& e) {
      const std::string message = e.what();
      QVERIFY2(message.find(path) != std::string::npos, e.what());
      QVERIFY2(message.find(key.toStdString()) != std::string::npos, e.what());
    }
  }

  void misuseThrows() {
    auto euler = makeScheduler(parseScheduler("euler"), sdConfig());
    const auto& x = test::tensorOf(m_golden, "x0");
    QVERIFY_THROWS_EXCEPTION(Error, euler->step(x, at::scalar_tensor(999.0), x, {}));
    QVERIFY_THROWS_EXCEPTION(Error, euler->setTimesteps(0));
    euler->setTimesteps(10);
    QVERIFY_THROWS_EXCEPTION(Error, euler->scaleModelInput(x, at::scalar_tensor(500.0)));  // not a timestep
    auto ddim = makeScheduler(parseScheduler("ddim"), sdConfig());
    QVERIFY_THROWS_EXCEPTION(Error, ddim->step(x, at::scalar_tensor(int64_t(951)), x, {}));
    QVERIFY_THROWS_EXCEPTION(Error, makeScheduler(parseScheduler("ddim"), sdConfig(), SchedulerOptions{-1.0}));
    auto eulerA = makeScheduler(parseScheduler("euler_ancestral"), sdConfig());
    eulerA->setTimesteps(10);
    QVERIFY_THROWS_EXCEPTION(Error, eulerA->step(x, eulerA->timesteps()[0], x, NoiseSource()));  // needs noise
  }

 private:
  void addSchedulerRows() {
    QTest::addColumn<QString>("golden");
    QTest::addColumn<int>("steps");
    for (const auto& [name, entry] : m_index["schedulers"].items())
      for (const auto& [steps, unused] : entry["steps"].items())
        QTest::newRow((name + " n" + steps).c_str()) << QString::fromStdString(name) << std::stoi(steps);
  }

  std::unique_ptr<Scheduler> makeFor(const std::string& golden) const {
    const auto& kwargs = m_index["schedulers"][golden]["steps"].begin().value()["step_kwargs"];
    SchedulerOptions options;
    if (kwargs.contains("eta")) options.eta = kwargs["eta"].get<double>();
    return makeScheduler(parseScheduler(idOfGolden(golden)), sdConfig(), options);
  }
};

QTEST_APPLESS_MAIN(TestSchedulers)
#include "test_schedulers.moc"
