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
#include <vector>

namespace sd {

template <typename T>
struct IsVector : std::false_type {};
template <typename U>
struct IsVector<std::vector<U>> : std::true_type {};

template <typename T, typename BasicJson>
T checkedGet(const BasicJson& value) {
  if constexpr (IsVector<T>::value) {
    // A list of integers is checked number by number (the model_config
    // fuzzer found 6.4e70 in block_out_channels).
    if (!value.is_array()) return value.template get<T>();  // get<T> names the wrong type
    T out;
    out.reserve(value.size());
    for (const auto& element : value) out.push_back(checkedGet<typename T::value_type>(element));
    return out;
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    const bool fits = value.is_number_unsigned()  ? std::in_range<T>(value.template get<std::uint64_t>())
                      : value.is_number_integer() ? std::in_range<T>(value.template get<std::int64_t>())
                                                  : !value.is_number_float();  // not a number: get<T> says so
    if (!fits) throw BasicJson::out_of_range::create(406, "number does not fit the setting", &value);
  }
  return value.template get<T>();
}

}  // namespace sd
