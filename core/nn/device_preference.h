#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sd {

// Where inference runs. Auto picks the GPU when the driver, the GPU and this
// build agree (core/nn/gpu_probe.h), else the CPU's fast mode where the CPU
// has it, else the CPU in float32. CpuBf16 is the CPU's fast mode: the UNet
// and the VAE in bfloat16, which changes the images slightly
// (docs/performance.md measures by how much); Cpu is always the exact
// float32 path that the goldens hold.
enum class DevicePreference { Auto, Cpu, Cuda, CpuBf16 };

std::optional<DevicePreference> parseDevicePreference(std::string_view text);
std::string_view devicePreferenceName(DevicePreference preference);
// Whether this build of LibTorch and this machine can run on CUDA; torch-free
// here so the studio can offer (or not) a CUDA choice without torch headers.
bool cudaAvailable();
// Whether this CPU multiplies bfloat16 in hardware (AVX-512 BF16: AMD Zen 4
// and later, Intel Cooper Lake, Sapphire Rapids and later), where the
// CpuBf16 mode pays; elsewhere oneDNN emulates it and it is slower than float32.
bool cpuHasFastBfloat16();
// What Auto resolves to on this machine (any other choice is itself).
DevicePreference effectiveDevice(DevicePreference preference);

}  // namespace sd
