// The fp16 VAE's fallback: SD v1's VAE overflows half precision on some
// images (NaN/Inf in the output); decodeLatents then decodes again in
// float32 and keeps the VAE there. Forced here on the CPU with the tiny
// model in float16 and latents far beyond half precision's range (65504),
// where LibTorch has float16 convolutions on the CPU (2.x; 1.13 has none).
#include <QtTest>

#include <ATen/Context.h>
#include <ATen/ops/allclose.h>
#include <ATen/ops/isfinite.h>
#include <ATen/ops/randn.h>

#include "core/pipeline/image_generation.h"
#include "core/pipeline/sd_components.h"
#include "support/golden.h"

using namespace sd;

class TestVaeFallback : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<SdComponents> m_model;
  at::Tensor m_latents;

  void toHalfVae() {
    m_model->vae->forEachParameter([](const Module::ParamRef& p) { p.tensor = p.tensor.to(at::kHalf); });
    m_model->vaeDtype = at::kHalf;
  }

 private Q_SLOTS:
  void init() {
    c10::InferenceMode guard;
    m_model = loadComponents(locateModel(test::dataPath("tiny-sd")), ComputeDevice{}, {});
    at::manual_seed(3);
    m_latents = at::randn({1, m_model->vaeConfig.latentChannels, 8, 8});
    toHalfVae();
    try {
      (void)m_model->vae->decode(m_latents.to(at::kHalf));
    } catch (const c10::Error&) {
      QSKIP("this LibTorch has no float16 convolution on the CPU (1.13); the LibTorch 2.x CI leg runs it");
    }
  }

  void halfPrecisionStaysWhereItFits() {
    c10::InferenceMode guard;
    const auto decoded = decodeLatents(*m_model, m_latents);
    QVERIFY(at::isfinite(decoded).all().item<bool>());
    QCOMPARE(decoded.scalar_type(), at::kHalf);
    QCOMPARE(m_model->vaeDtype, at::kHalf);
  }

  void overflowFallsBackToFloat32ForGood() {
    c10::InferenceMode guard;
    // ×1e5 / scaling factor: far past 65504, so the half input is already Inf.
    const auto huge = m_latents * 1e5;
    const auto decoded = decodeLatents(*m_model, huge);
    QCOMPARE(decoded.scalar_type(), at::kFloat);
    QVERIFY(at::isfinite(decoded).all().item<bool>());
    QCOMPARE(m_model->vaeDtype, at::kFloat);
    bool allFloat = true;
    m_model->vae->forEachParameter([&](const Module::ParamRef& p) { allFloat &= p.tensor.scalar_type() == at::kFloat; });
    QVERIFY2(allFloat, "the VAE's weights stay in float32 after the fallback");
    // The next decode goes straight to float32 and matches a float32 decode.
    const auto again = decodeLatents(*m_model, m_latents);
    QCOMPARE(again.scalar_type(), at::kFloat);
    const auto reference = m_model->vae->decode(m_latents / m_model->vaeConfig.scalingFactor);
    QVERIFY(at::allclose(again, reference));
  }
};

QTEST_APPLESS_MAIN(TestVaeFallback)
#include "test_vae_fallback.moc"
