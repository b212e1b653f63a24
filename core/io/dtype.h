#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sd {

// Element types of the safetensors format, spelled as in its header.
enum class DType { Bool, U8, I8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64, F8_E4M3, F8_E5M2 };

std::optional<DType> dtypeFromName(std::string_view name);
std::string_view dtypeName(DType dtype);
std::size_t dtypeSize(DType dtype);

}  // namespace sd
