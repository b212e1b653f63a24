// The CPU fast mode's attention kernel (core/nn/bf16_attention_kernel.h),
// reached through attention() with bfloat16 tensors: its result against
// float32 attention on the same (bfloat16-rounded) inputs must be as close
// as LibTorch's own bfloat16 attention gets, at SD's head widths (40, 80,
// 160, the VAE's 512), at key and query counts that are no multiple of the
// kernel's tiles, and with the head-split strides the UNet hands it.
// Skipped on CPUs without AVX-512 BF16 (the kernel is not used there).
#include <QtTest>

#include <cmath>

#include "core/nn/aten.h"
#include <ATen/ops/matmul.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/softmax.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/InferenceMode.h>

#include "core/nn/attention.h"
#include "core/nn/bf16_attention_kernel.h"

using namespace sd;

namespace {

at::Tensor referenceFloat(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale) {
  const auto qf = q.to(at::kFloat), kf = k.to(at::kFloat), vf = v.to(at::kFloat);
  return at::matmul(at::softmax(at::matmul(qf, kf.transpose(-2, -1)) * scale, -1), vf);
}

// LibTorch's bfloat16 attention without our kernel: softmax and products in
// bfloat16 as an eager pipeline would run them.
at::Tensor torchBf16(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale) {
  return chunkedAttention(q, k, v, {}, scale, int64_t{64} << 20);
}

struct Case {
  int64_t batch, heads, queries, keys, dim;
  double spread;  // scale of the random inputs: larger makes the softmax peakier
};

}  // namespace

class TestBf16Attention : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    if (!bf16AttentionAvailable()) QSKIP("this CPU has no AVX-512 BF16: the kernel is not used here");
  }

  void matchesFloatAttentionAsCloselyAsTorchsBfloat16() {
    c10::InferenceMode guard;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(7);
    const Case cases[] = {
        {2, 8, 1000, 1000, 40, 1.0},  // UNet level 0 shape, shortened; not a multiple of any tile
        {2, 8, 256, 77, 40, 1.0},     // cross-attention: 77 text tokens
        {1, 8, 300, 257, 80, 1.5},    // one key past a block
        {2, 8, 64, 64, 160, 1.0},
        {1, 1, 200, 200, 512, 0.5},   // the VAE's single wide head
        {1, 2, 7, 5, 2, 3.0},         // tiny and odd: padding rows, padding keys
        {1, 3, 333, 600, 40, 4.0},    // very peaky rows: the running maximum moves a lot
    };
    for (const auto& c : cases) {
      const auto make = [&](int64_t tokens) {
        // [B, T, H·D] split into heads as the UNet does: non-contiguous.
        const auto flat = (at::randn({c.batch, tokens, c.heads * c.dim}, generator) * c.spread).to(at::kBFloat16);
        return splitHeads(flat, c.heads);
      };
      const auto q = make(c.queries), k = make(c.keys), v = make(c.keys);
      const double scale = 1.0 / std::sqrt(static_cast<double>(c.dim));
      const auto expected = referenceFloat(q, k, v, scale);
      const auto ours = attention(q, k, v, {}, scale);
      QCOMPARE(ours.scalar_type(), at::kBFloat16);
      QCOMPARE(ours.sizes(), expected.sizes());
      const auto theirs = torchBf16(q, k, v, scale);
      const double ourError = (ours.to(at::kFloat) - expected).abs().max().item<double>();
      const double ourMean = (ours.to(at::kFloat) - expected).abs().mean().item<double>();
      const double torchError = (theirs.to(at::kFloat) - expected).abs().max().item<double>();
      const double torchMean = (theirs.to(at::kFloat) - expected).abs().mean().item<double>();
      const QByteArray label = QByteArray("B") + QByteArray::number(qint64(c.batch)) + " H" +
                               QByteArray::number(qint64(c.heads)) + " Tq" + QByteArray::number(qint64(c.queries)) +
                               " Tk" + QByteArray::number(qint64(c.keys)) + " D" + QByteArray::number(qint64(c.dim)) +
                               ": ours max " + QByteArray::number(ourError) + " mean " +
                               QByteArray::number(ourMean) + ", torch bf16 max " + QByteArray::number(torchError) +
                               " mean " + QByteArray::number(torchMean);
      qInfo("%s", label.constData());
      QVERIFY2(std::isfinite(ourError), label.constData());
      // Rounding to bfloat16 (8 bits) dominates both; ours keeps the
      // probabilities in float32 longer, so it must not be worse than
      // LibTorch's bfloat16 beyond a small margin.
      QVERIFY2(ourMean <= torchMean * 1.25 + 1e-4, label.constData());
      QVERIFY2(ourError <= torchError * 1.5 + 2e-3, label.constData());
      // And on its own terms: within bfloat16's rounding (2^-8 relative)
      // of the outputs' size on average.
      const double typical = expected.abs().mean().item<double>();
      QVERIFY2(ourMean <= typical / 128, label.constData());
    }
  }

  void otherCasesStillGoThroughTorch() {
    c10::InferenceMode guard;
    // float32, and bfloat16 with a mask or an odd head width, are not the
    // kernel's: they keep LibTorch's exact numbers.
    const auto q = at::randn({1, 2, 33, 40}), k = at::randn({1, 2, 20, 40}), v = at::randn({1, 2, 20, 40});
    QVERIFY(at::allclose(attention(q, k, v, {}, 0.3), referenceFloat(q, k, v, 0.3), 1e-5, 1e-5));
    const auto qo = at::randn({1, 2, 9, 3}).to(at::kBFloat16), ko = at::randn({1, 2, 9, 3}).to(at::kBFloat16);
    const auto out = attention(qo, ko, ko, {}, 0.5);
    QCOMPARE(out.scalar_type(), at::kBFloat16);
    QVERIFY((out.to(at::kFloat) - referenceFloat(qo, ko, ko, 0.5)).abs().max().item<double>() < 0.05);
  }
};

QTEST_APPLESS_MAIN(TestBf16Attention)
#include "test_bf16_attention.moc"
