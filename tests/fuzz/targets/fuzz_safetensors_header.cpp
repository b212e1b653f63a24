// The safetensors header parser (core/io/safetensors_header.h): the JSON
// after a model file's 8-byte length. The first 8 input bytes say how large
// the data section is, the rest is the header text.
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/io/safetensors_header.h"
#include "core/util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint64_t dataSize = 0;
  if (size >= 8) {
    std::memcpy(&dataSize, data, 8);
    dataSize %= uint64_t(1) << 40;
    data += 8;
    size -= 8;
  }
  try {
    const auto header = sd::parseSafetensorsHeader({reinterpret_cast<const char*>(data), size}, dataSize, "fuzz");
    for (const auto& t : header.tensors)
      if (t.end > dataSize || t.end < t.begin) __builtin_trap();  // the parser promised ranges inside the data
  } catch (const sd::Error&) {
  }
  return 0;
}
