// The VAE in tiles (core/models/vae_tiling.h) against diffusers 0.27.2's
// AutoencoderKL.tiled_decode / tiled_encode on the tiny SD's VAE
// (tests/data/goldens/tiny-sd/vae_tiling.safetensors, made by
// scripts/peer/make_vae_tiling_goldens.py; fp32 CPU): 3x4 decode tiles with
// a short last row and column, 4x4 encode tiles. Tolerance: atol 2e-4, the
// whole VAE's (test_vae.cpp). And the policy of
// core/pipeline/vae_within_memory.h: never tiled on the CPU unless asked,
// tiled when asked, whole where one tile covers it.
//
// How far tiling moves an image from the whole decode depends on the
// weights: each tile's GroupNorm sees only that tile. With this random-weight
// VAE the golden's two differ by up to 2.8 (of the [-1, 1] range), so the
// test holds our tiles to diffusers' tiles, not to the whole decode.
#include <QtTest>

#include <ATen/TensorOperators.h>
#include <ATen/ops/equal.h>
#include <ATen/ops/zeros.h>
#include <c10/core/InferenceMode.h>

#include "core/models/autoencoder_kl.h"
#include "core/models/vae_tiling.h"
#include "core/nn/weight_loader.h"
#include "core/pipeline/vae_within_memory.h"
#include "core/util/error.h"
#include "support/golden.h"

using namespace sd;

class TestVaeTiling : public QObject {
  Q_OBJECT
  std::map<std::string, at::Tensor> m_golden;
  std::unique_ptr<AutoencoderKL> m_vae;
  static constexpr double kAtol = 2e-4;

  const at::Tensor& golden(const std::string& name) const { return test::tensorOf(m_golden, name); }

 private Q_SLOTS:
  void initTestCase() {
    m_golden = test::loadGolden("goldens/tiny-sd/vae_tiling.safetensors");
    m_vae = std::make_unique<AutoencoderKL>(readVaeConfig(test::dataPath("tiny-sd/vae/config.json")));
    WeightSource source;
    source.addFile(test::dataPath("tiny-sd/vae/diffusion_pytorch_model.safetensors"));
    loadWeights(*m_vae, source, {}, "VAE");
  }

  void geometryIsDiffusers() {
    const auto g = VaeTileGeometry::of(m_vae->config());
    QCOMPARE(g.sampleTile, int64_t(64));
    QCOMPARE(g.latentTile, int64_t(8));
    QVERIFY(g.decodeWouldTile(golden("latents")));
    QVERIFY(!g.decodeWouldTile(golden("latents").narrow(2, 0, 8).narrow(3, 0, 8)));
    QVERIFY(g.encodeWouldTile(golden("image")));
  }

  void tiledDecodeMatchesDiffusers() {
    c10::InferenceMode guard;
    const auto tiled = tiledDecode(*m_vae, golden("latents"));
    qInfo("tiled decode: %s", test::compare(tiled, golden("decoded_tiled")).describe().c_str());
    SD_EXPECT_CLOSE(tiled, golden("decoded_tiled"), kAtol, 0);
    // The whole decode of the same latents is diffusers' too: the golden's
    // two differ, so matching the tiled one means tiles really ran.
    SD_EXPECT_CLOSE(m_vae->decode(golden("latents")), golden("decoded_whole"), kAtol, 0);
    QVERIFY((golden("decoded_tiled") - golden("decoded_whole")).abs().max().item<double>() > 0.1);
  }

  void tiledEncodeMatchesDiffusers() {
    c10::InferenceMode guard;
    const auto posterior = tiledEncode(*m_vae, golden("image"));
    qInfo("tiled encode: %s", test::compare(posterior.parameters, golden("moments_tiled")).describe().c_str());
    SD_EXPECT_CLOSE(posterior.parameters, golden("moments_tiled"), kAtol, 0);
    QCOMPARE(posterior.mean.size(1), int64_t(4));
  }

  void thePolicyTilesOnlyWhenAskedOnTheCpu() {
    c10::InferenceMode guard;
    SD_EXPECT_CLOSE(decodeWithinMemory(*m_vae, golden("latents"), VaeTiling::Auto), golden("decoded_whole"), kAtol, 0);
    SD_EXPECT_CLOSE(decodeWithinMemory(*m_vae, golden("latents"), VaeTiling::Always), golden("decoded_tiled"), kAtol,
                    0);
    SD_EXPECT_CLOSE(encodeWithinMemory(*m_vae, golden("image"), VaeTiling::Always).parameters,
                    golden("moments_tiled"), kAtol, 0);
    // One tile covers it: "always" decodes it whole, as diffusers does.
    const auto small = golden("latents").narrow(2, 0, 8).narrow(3, 0, 8).contiguous();
    QVERIFY(at::equal(decodeWithinMemory(*m_vae, small, VaeTiling::Always), m_vae->decode(small)));
  }

  void aBadTilingSettingIsNamed() {
    qputenv("SDSTUDIO_VAE_TILING", "sometimes");
    try {
      (void)vaeTilingFromEnvironment();
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find("SDSTUDIO_VAE_TILING='sometimes'") != std::string::npos, e.what());
    }
    qputenv("SDSTUDIO_VAE_TILING", "always");
    QVERIFY(vaeTilingFromEnvironment() == VaeTiling::Always);
    qunsetenv("SDSTUDIO_VAE_TILING");
    QVERIFY(vaeTilingFromEnvironment() == VaeTiling::Auto);
  }

  void theEstimateGrowsWithThePixels() {
    const auto z = at::zeros({1, 4, 128, 128}, at::TensorOptions().dtype(at::kHalf));
    // 1024x1024 in fp16: 1536 values x 2 bytes per pixel = 3 GiB.
    QCOMPARE(vaeDecodeBytes(z, 8), 1024.0 * 1024.0 * 1536.0 * 2.0);
  }
};

QTEST_GUILESS_MAIN(TestVaeTiling)
#include "test_vae_tiling.moc"
