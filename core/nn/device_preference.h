#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sd {

// Where inference runs. Auto picks CUDA when LibTorch and the machine have it.
enum class DevicePreference { Auto, Cpu, Cuda };

std::optional<DevicePreference> parseDevicePreference(std::string_view text);
std::string_view devicePreferenceName(DevicePreference preference);
// Whether this build of LibTorch and this machine can run on CUDA; torch-free
// here so the studio can offer (or not) a CUDA choice without torch headers.
bool cudaAvailable();

}  // namespace sd
