#pragma once
// Resolving the user's device choice into a torch device and dtype.
#include <string>
#include <string_view>

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include "core/nn/device_preference.h"

namespace sd {

struct ComputeDevice {
  c10::Device device = c10::kCPU;
  // The pipeline's tensors (noise, latents, prompt embeddings) and the text
  // encoder: fp16 on CUDA, fp32 on the CPU.
  c10::ScalarType dtype = c10::kFloat;
  // The UNet's and the VAE's weights, and so their arithmetic: `dtype`, except
  // on the CPU's fast mode (DevicePreference::CpuBf16), where they run in
  // bfloat16 (about 2× the float32 throughput where the CPU has AVX-512 BF16,
  // half the memory) while the scheduler keeps its latents in float32.
  c10::ScalarType networkDtype = c10::kFloat;
  // The UNet's convolution weights in channels-last (NHWC) order, so it runs
  // NHWC throughout: on CUDA unless SDSTUDIO_CHANNELS_LAST=0, on the CPU
  // only with SDSTUDIO_CHANNELS_LAST=1. On an H200 a CFG step took 10.8 ms
  // instead of 12.5 ms; the VAE decode was slower in NHWC (26.5 against
  // 21.2 ms) and stays NCHW. On the CPU (LibTorch 1.13) the step gained 3-7 %
  // and a whole image nothing, so it stays off there (docs/performance.md).
  bool channelsLast = false;
  std::string describe() const;  // "cpu (float32)", "cuda:0 (float16)", "cpu (bfloat16)"
};

// The same device with its networks in the pipeline's dtype: CLIP scoring
// is cheap beside generation and its bars are compared across runs, so it
// never takes the CPU's bfloat16 mode.
ComputeDevice exactNetworks(ComputeDevice compute);

// "float32", "float16", "bfloat16".
std::string_view dtypeName(c10::ScalarType dtype);

// Throws when CUDA is asked for and this build or machine has none.
ComputeDevice resolveComputeDevice(DevicePreference preference);

}  // namespace sd
