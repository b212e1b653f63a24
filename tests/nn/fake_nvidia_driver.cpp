// A stand-in for the NVIDIA driver's libcuda.so.1 and libnvidia-ml.so.1 with
// the few entry points core/nn/gpu_probe.cpp calls, so the probe's verdicts
// are tested on machines without a GPU. What it reports comes from the
// environment (FAKE_CUDA_*), read at each call.
#include <cstdlib>
#include <cstring>
#include <string>

namespace {
int envInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}
const char* envText(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}
}  // namespace

extern "C" {
__attribute__((visibility("default"))) int cuInit(unsigned int) { return envInt("FAKE_CUDA_INIT_RESULT", 0); }
__attribute__((visibility("default"))) int cuDriverGetVersion(int* v) {
  *v = envInt("FAKE_CUDA_DRIVER_VERSION", 12080);
  return 0;
}
__attribute__((visibility("default"))) int cuDeviceGetCount(int* n) {
  *n = envInt("FAKE_CUDA_DEVICE_COUNT", 1);
  return 0;
}
__attribute__((visibility("default"))) int cuDeviceGet(int* d, int ordinal) {
  *d = ordinal;
  return ordinal < envInt("FAKE_CUDA_DEVICE_COUNT", 1) ? 0 : 101;  // CUDA_ERROR_INVALID_DEVICE
}
__attribute__((visibility("default"))) int cuDeviceGetName(char* name, int length, int) {
  std::strncpy(name, envText("FAKE_CUDA_NAME", "NVIDIA GeForce RTX 3060"), length - 1);
  name[length - 1] = '\0';
  return 0;
}
__attribute__((visibility("default"))) int cuDeviceTotalMem_v2(std::size_t* bytes, int) {
  *bytes = std::size_t(envInt("FAKE_CUDA_TOTAL_MB", 12288)) << 20;
  return 0;
}
__attribute__((visibility("default"))) int cuDeviceGetAttribute(int* value, int attribute, int) {
  const int capability = envInt("FAKE_CUDA_CAPABILITY", 86);
  *value = attribute == 75 ? capability / 10 : attribute == 76 ? capability % 10 : 0;
  return 0;
}
__attribute__((visibility("default"))) int cuDeviceGetPCIBusId(char* bus, int length, int) {
  std::strncpy(bus, "00000000:01:00.0", length - 1);
  bus[length - 1] = '\0';
  return 0;
}
__attribute__((visibility("default"))) int cuGetErrorString(int code, const char** text) {
  *text = code == 100 ? "no CUDA-capable device is detected" : "fake driver error";
  return 0;
}

struct FakeNvmlMemory {
  unsigned long long total, free, used;
};
__attribute__((visibility("default"))) int nvmlInit_v2() { return 0; }
__attribute__((visibility("default"))) int nvmlShutdown() { return 0; }
__attribute__((visibility("default"))) int nvmlSystemGetDriverVersion(char* text, unsigned int length) {
  std::strncpy(text, envText("FAKE_NVML_DRIVER", "570.86.15"), length - 1);
  text[length - 1] = '\0';
  return 0;
}
__attribute__((visibility("default"))) int nvmlDeviceGetHandleByPciBusId_v2(const char* bus, void** device) {
  *device = reinterpret_cast<void*>(0x1);
  return std::strcmp(bus, "00000000:01:00.0") == 0 ? 0 : 1;
}
__attribute__((visibility("default"))) int nvmlDeviceGetMemoryInfo(void*, FakeNvmlMemory* memory) {
  memory->total = (unsigned long long)envInt("FAKE_CUDA_TOTAL_MB", 12288) << 20;
  memory->free = (unsigned long long)envInt("FAKE_NVML_FREE_MB", 11571) << 20;
  memory->used = memory->total - memory->free;
  return 0;
}
}
