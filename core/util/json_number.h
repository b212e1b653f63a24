#pragma once
// nlohmann's get<T>() converts any JSON number to any arithmetic T: a seed
// of 1e40 or -3 read as uint64_t is undefined behaviour, not an error. Files
// from strangers carry such numbers (the comfy_prompt fuzzer found one), so
// integer settings are read through checkedGet, which refuses a fractional
// or out-of-range number with the json exception get<T>() throws for a wrong
// type; every caller already turns that into an error naming the key.
#include <cstdint>
#include <type_traits>
#include <utility>

namespace sd {

template <typename T, typename BasicJson>
T checkedGet(const BasicJson& value) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    const bool fits = value.is_number_unsigned()  ? std::in_range<T>(value.template get<std::uint64_t>())
                      : value.is_number_integer() ? std::in_range<T>(value.template get<std::int64_t>())
                                                  : !value.is_number_float();  // not a number: get<T> says so
    if (!fits) throw BasicJson::out_of_range::create(406, "number does not fit the setting", &value);
  }
  return value.template get<T>();
}

}  // namespace sd
