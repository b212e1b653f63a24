#include "core/text/extra_network_tags.h"

#include <cmath>
#include <cstdlib>

#include "core/util/error.h"

namespace sd {

namespace {

bool isWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}

std::vector<std::string> splitColons(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == ':') {
      parts.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

// Python's float(): surrounding whitespace allowed, the rest must be a number.
double parseWeight(const std::string& text, const std::string& tag) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  while (end && *end && (*end == ' ' || (*end >= '\t' && *end <= '\r'))) ++end;
  if (end == begin || !end || *end != '\0' || !std::isfinite(value))
    throw Error("LoRA tag " + tag + ": weight '" + text + "' is not a number");
  // People use -2 to 2; 1e38 turned every weight it touched into inf.
  if (std::abs(value) > kMaxLoraTagWeight)
    throw Error("LoRA tag " + tag + ": weight " + text + " is beyond ±" + std::to_string(int(kMaxLoraTagWeight)));
  return value;
}

}  // namespace

std::vector<ExtraNetworkTag> extraNetworkTags(std::string_view s) {
  std::vector<ExtraNetworkTag> tags;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '<') continue;
    std::size_t colon = i + 1;
    while (colon < s.size() && isWordByte(static_cast<unsigned char>(s[colon]))) ++colon;
    if (colon == i + 1 || colon >= s.size() || s[colon] != ':') continue;
    const auto close = s.find('>', colon + 1);
    if (close == std::string_view::npos || close == colon + 1) continue;
    tags.push_back({std::string(s.substr(i + 1, colon - i - 1)), splitColons(s.substr(colon + 1, close - colon - 1)),
                    i, close + 1});
    i = close;
  }
  return tags;
}

std::string withoutExtraNetworkTags(std::string_view prompt) {
  std::string out;
  std::size_t from = 0;
  for (const auto& tag : extraNetworkTags(prompt)) {
    out.append(prompt.substr(from, tag.begin - from));
    from = tag.end;
  }
  out.append(prompt.substr(from));
  return out;
}

std::vector<LoraTag> loraTags(std::string_view prompt) {
  std::vector<LoraTag> out;
  for (const auto& tag : extraNetworkTags(prompt)) {
    if (tag.kind != "lora") continue;
    const std::string text(prompt.substr(tag.begin, tag.end - tag.begin));
    std::vector<std::string> positional;
    std::string te, unet;
    for (const auto& arg : tag.args) {
      const auto eq = arg.find('=');
      if (eq == std::string::npos) positional.push_back(arg);
      else if (arg.compare(0, eq, "te") == 0) te = arg.substr(eq + 1);
      else if (arg.compare(0, eq, "unet") == 0) unet = arg.substr(eq + 1);
    }
    if (positional.empty() || positional[0].empty()) throw Error("LoRA tag " + text + " names no LoRA");
    LoraTag lora{positional[0]};
    if (positional.size() > 1) lora.textEncoderWeight = parseWeight(positional[1], text);
    if (!te.empty()) lora.textEncoderWeight = parseWeight(te, text);
    lora.unetWeight = positional.size() > 2 ? parseWeight(positional[2], text) : lora.textEncoderWeight;
    if (!unet.empty()) lora.unetWeight = parseWeight(unet, text);
    out.push_back(std::move(lora));
  }
  return out;
}

}  // namespace sd
