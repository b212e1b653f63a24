#include "core/nn/gpu_probe.h"

#include <dlfcn.h>

#include <cstdio>
#include <memory>
#include <mutex>

namespace sd {
namespace {

// The driver API's and NVML's C signatures (cuda.h, nvml.h), declared here so
// that no CUDA header is needed: the values are ABI, stable since CUDA 4.
using CuResult = int;
using CuInit = CuResult (*)(unsigned int);
using CuDriverGetVersion = CuResult (*)(int*);
using CuDeviceGetCount = CuResult (*)(int*);
using CuDeviceGet = CuResult (*)(int*, int);
using CuDeviceGetName = CuResult (*)(char*, int, int);
using CuDeviceTotalMem = CuResult (*)(std::size_t*, int);
using CuDeviceGetAttribute = CuResult (*)(int*, int, int);
using CuDeviceGetPciBusId = CuResult (*)(char*, int, int);
using CuGetErrorString = CuResult (*)(CuResult, const char**);
constexpr int kComputeCapabilityMajor = 75;  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
constexpr int kComputeCapabilityMinor = 76;

struct NvmlMemory {
  unsigned long long total, free, used;
};
using NvmlInit = int (*)();
using NvmlShutdown = int (*)();
using NvmlSystemGetDriverVersion = int (*)(char*, unsigned int);
using NvmlDeviceGetHandleByPciBusId = int (*)(const char*, void**);
using NvmlDeviceGetMemoryInfo = int (*)(void*, NvmlMemory*);

struct Library {
  void* handle = nullptr;
  explicit Library(const std::string& name) : handle(dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL)) {}
  // The driver stays loaded: LibTorch opens the same library next, and
  // unloading a CUDA driver after cuInit is not supported.
  template <typename F>
  F get(const char* symbol) const {
    return handle ? reinterpret_cast<F>(dlsym(handle, symbol)) : nullptr;
  }
};

std::string driverError(const Library& cuda, CuResult code) {
  const char* text = nullptr;
  if (auto errorString = cuda.get<CuGetErrorString>("cuGetErrorString")) errorString(code, &text);
  return text ? std::string(text) + " (CUDA error " + std::to_string(code) + ")" : "CUDA error " + std::to_string(code);
}

std::string cudaVersionText(int version) {
  return std::to_string(version / 1000) + "." + std::to_string((version % 1000) / 10);
}

std::string capabilityText(int capability) {
  return std::to_string(capability / 10) + "." + std::to_string(capability % 10);
}

// Free memory and the driver's release number from NVML, which needs no
// CUDA context (creating one would take memory from the GPU we measure).
void readNvml(const std::string& library, const char* pciBusId, GpuProbe& probe) {
  const Library nvml(library);
  const auto init = nvml.get<NvmlInit>("nvmlInit_v2");
  const auto shutdown = nvml.get<NvmlShutdown>("nvmlShutdown");
  if (!init || !shutdown || init() != 0) return;
  char release[96] = "";
  if (auto version = nvml.get<NvmlSystemGetDriverVersion>("nvmlSystemGetDriverVersion");
      version && version(release, sizeof release) == 0)
    probe.driverRelease = release;
  void* device = nullptr;
  NvmlMemory memory{};
  const auto byBus = nvml.get<NvmlDeviceGetHandleByPciBusId>("nvmlDeviceGetHandleByPciBusId_v2");
  const auto memoryInfo = nvml.get<NvmlDeviceGetMemoryInfo>("nvmlDeviceGetMemoryInfo");
  if (pciBusId && byBus && memoryInfo && byBus(pciBusId, &device) == 0 && memoryInfo(device, &memory) == 0)
    probe.freeBytes = memory.free;
  shutdown();
}

}  // namespace

GpuProbe probeNvidiaGpu(const CudaRequirements& needs, const std::string& cudaLibrary,
                        const std::string& nvmlLibrary) {
  GpuProbe probe;
  const Library cuda(cudaLibrary);
  if (!cuda.handle) {
    const char* why = dlerror();
    probe.verdict = GpuProbe::Verdict::NoDriver;
    probe.detail = why ? why : cudaLibrary + " not found";
    if (!needs.buildHasCuda) probe.verdict = GpuProbe::Verdict::BuildHasNoCuda;
    return probe;
  }
  const auto init = cuda.get<CuInit>("cuInit");
  const auto driverVersion = cuda.get<CuDriverGetVersion>("cuDriverGetVersion");
  const auto count = cuda.get<CuDeviceGetCount>("cuDeviceGetCount");
  const auto device = cuda.get<CuDeviceGet>("cuDeviceGet");
  const auto name = cuda.get<CuDeviceGetName>("cuDeviceGetName");
  const auto totalMem = cuda.get<CuDeviceTotalMem>("cuDeviceTotalMem_v2");
  const auto attribute = cuda.get<CuDeviceGetAttribute>("cuDeviceGetAttribute");
  const auto pciBusId = cuda.get<CuDeviceGetPciBusId>("cuDeviceGetPCIBusId");
  if (!init || !driverVersion || !count || !device || !name || !totalMem || !attribute) {
    probe.verdict = GpuProbe::Verdict::DriverFailed;
    probe.detail = cudaLibrary + " lacks the CUDA driver API (not an NVIDIA driver?)";
    return probe;
  }
  driverVersion(&probe.driverCuda);
  if (const CuResult r = init(0); r != 0) {
    probe.verdict = GpuProbe::Verdict::DriverFailed;
    probe.detail = driverError(cuda, r);
    if (r == 100) probe.verdict = GpuProbe::Verdict::NoDevice;  // CUDA_ERROR_NO_DEVICE
  } else {
    int devices = 0, ordinal = 0;
    if (count(&devices) != 0 || devices < 1 || device(&ordinal, 0) != 0) {
      probe.verdict = GpuProbe::Verdict::NoDevice;
    } else {
      char text[256] = "";
      if (name(text, sizeof text, ordinal) == 0) probe.gpuName = text;
      std::size_t total = 0;
      if (totalMem(&total, ordinal) == 0) probe.totalBytes = total;
      int major = 0, minor = 0;
      attribute(&major, kComputeCapabilityMajor, ordinal);
      attribute(&minor, kComputeCapabilityMinor, ordinal);
      probe.computeCapability = major * 10 + minor;
      char bus[32] = "";
      const bool haveBus = pciBusId && pciBusId(bus, sizeof bus, ordinal) == 0;
      readNvml(nvmlLibrary, haveBus ? bus : nullptr, probe);
      probe.verdict = GpuProbe::Verdict::Usable;
    }
  }
  if (probe.verdict == GpuProbe::Verdict::Usable || probe.verdict == GpuProbe::Verdict::DriverFailed) {
    // cuInit itself fails with CUDA_ERROR_SYSTEM_DRIVER_MISMATCH and the like;
    // an old driver initialises fine and fails later, in the runtime.
    if (!needs.buildHasCuda) probe.verdict = GpuProbe::Verdict::BuildHasNoCuda;
    else if (probe.driverCuda > 0 && probe.driverCuda < needs.minDriverCuda) probe.verdict = GpuProbe::Verdict::DriverTooOld;
    else if (probe.verdict == GpuProbe::Verdict::Usable && needs.minComputeCapability > 0 &&
             probe.computeCapability > 0 && probe.computeCapability < needs.minComputeCapability)
      probe.verdict = GpuProbe::Verdict::GpuTooOld;
  } else if (!needs.buildHasCuda) {
    probe.verdict = GpuProbe::Verdict::BuildHasNoCuda;
  }
  return probe;
}

const GpuProbe& machineGpu() {
  static const GpuProbe probe = probeNvidiaGpu();
  return probe;
}

std::string formatGigabytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
  return text;
}

std::string describeGpu(const GpuProbe& probe, const CudaRequirements& needs) {
  const std::string driver = probe.driverRelease.empty() ? "the NVIDIA driver" : "NVIDIA driver " + probe.driverRelease;
  const std::string gpu = probe.gpuName.empty() ? "an NVIDIA GPU" : probe.gpuName;
  const std::string needsDriver = "this build's CUDA " + needs.runtime + " needs driver " + needs.minDriverRelease + " or newer";
  switch (probe.verdict) {
    case GpuProbe::Verdict::Usable: {
      std::string line = "GPU: " + gpu;
      if (probe.totalBytes) {
        line += " · " + formatGigabytes(probe.totalBytes);
        if (probe.freeBytes) line += ", " + formatGigabytes(probe.freeBytes) + " free";
      }
      if (!probe.driverRelease.empty()) line += " · driver " + probe.driverRelease;
      return needs.runtime.empty() ? line : line + " · CUDA " + needs.runtime;
    }
    case GpuProbe::Verdict::BuildHasNoCuda:
      if (probe.gpuName.empty() && probe.driverCuda == 0) return "No GPU used: this build of SD Studio is CPU-only";
      return "No GPU used: " + gpu + " was found, but this build of SD Studio is CPU-only (the sdstudio-cuda package runs on it)";
    case GpuProbe::Verdict::NoDriver:
      if (!needs.buildHasCuda) return "No GPU used: no NVIDIA driver was found, and this build of SD Studio is CPU-only";
      return "No GPU used: no NVIDIA driver was found (libcuda.so.1 is not installed); " + needsDriver;
    case GpuProbe::Verdict::DriverFailed:
      return "No GPU used: " + driver + " did not start: " + probe.detail;
    case GpuProbe::Verdict::NoDevice:
      return "No GPU used: " + driver + " is installed but sees no GPU" +
             (probe.detail.empty() ? std::string() : ": " + probe.detail);
    case GpuProbe::Verdict::DriverTooOld:
      return "No GPU used: " + driver + " supports CUDA " + cudaVersionText(probe.driverCuda) + "; " + needsDriver;
    case GpuProbe::Verdict::GpuTooOld:
      return "No GPU used: " + gpu + " (compute capability " + capabilityText(probe.computeCapability) +
             ") is older than this build's kernels (" + capabilityText(needs.minComputeCapability) + " or newer)";
  }
  return "No GPU used";
}

std::string describeDeviceChoice(DevicePreference preference, const GpuProbe& probe, bool cudaUsable, bool cpuFastBf16,
                                 const CudaRequirements& needs) {
  const bool onGpu = cudaUsable && (preference == DevicePreference::Auto || preference == DevicePreference::Cuda);
  if (onGpu) return describeGpu(probe, needs);
  if (preference == DevicePreference::Cuda) {
    return "GPU chosen but not usable: " +
           (probe.usable() ? "LibTorch could not open " + probe.gpuName : describeGpu(probe, needs));
  }
  const bool fast = preference == DevicePreference::CpuBf16 || (preference == DevicePreference::Auto && cpuFastBf16);
  const std::string cpu = fast ? "CPU, bfloat16 fast mode" : "CPU, float32";
  if (preference != DevicePreference::Auto && cudaUsable) return cpu + " (chosen; the GPU is not used)";
  return cpu + ". " + describeGpu(probe, needs);
}

}  // namespace sd
