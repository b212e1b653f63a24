#pragma once
// Values as other tools write them in text: trimmed of surrounding white
// space (or other `chars`), and numbers ("7", "6.5", "6952411511246973023")
// parsed locale-independently and whole: "7 steps" or "-3" for an unsigned
// setting is not a number.
#include <charconv>
#include <locale>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>

namespace sd {

inline std::string_view trimmedView(std::string_view text, std::string_view chars = " \t\r\n") {
  const auto a = text.find_first_not_of(chars);
  if (a == std::string_view::npos) return {};
  return text.substr(a, text.find_last_not_of(chars) - a + 1);
}
inline std::string trimmed(std::string_view text, std::string_view chars = " \t\r\n") {
  return std::string(trimmedView(text, chars));
}

template <typename T>
bool parseNumber(std::string_view text, T& out) {
  text = trimmedView(text);
  if (text.empty()) return false;
  T value{};
  if constexpr (std::is_floating_point_v<T>) {
    std::istringstream in{std::string(text)};
    in.imbue(std::locale::classic());
    if (!(in >> value) || !in.eof()) return false;
  } else {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return false;
  }
  out = value;
  return true;
}

}  // namespace sd
