#pragma once
// A1111's extra-network tags, <kind:arg:arg…> (modules/extra_networks.py,
// re_extra_net = <(\w+):([^>]+)>): every tag is taken out of a positive
// prompt before its emphasis is parsed, so CLIP never reads one. The only
// kind SD Studio acts on is <lora:name[:te_weight[:unet_weight]]>, whose
// arguments follow extensions-builtin/Lora/extra_networks_lora.py:
//   positional: name, then the text-encoder weight (default 1), then the
//   UNet weight (default: the text-encoder one); named te=… and unet=…
//   override them. Other kinds (hypernet, …) are removed and ignored.
// Differences, on purpose: \w treats every byte ≥ 0x80 as a word byte
// (Python's is Unicode-aware), as in prompt_syntax.h.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

// A LoRA tag's weight must lie within ±this (A1111 sets no bound; people
// use about −2 to 2, and 1e38 turned weights into inf).
inline constexpr double kMaxLoraTagWeight = 100.0;

struct ExtraNetworkTag {
  std::string kind;               // "lora"
  std::vector<std::string> args;  // the text after "kind:", split at ':'
  std::size_t begin = 0, end = 0; // byte range of the tag, '<' … '>'
};

std::vector<ExtraNetworkTag> extraNetworkTags(std::string_view prompt);

// The prompt without its tags (what A1111 hands to the text encoder).
std::string withoutExtraNetworkTags(std::string_view prompt);

struct LoraTag {
  std::string name;  // the file stem in the LoRA folder
  double textEncoderWeight = 1.0;
  double unetWeight = 1.0;
  bool operator==(const LoraTag&) const = default;
};

// The prompt's <lora:…> tags in order. Throws sd::Error quoting the tag when
// a weight is not a number (A1111's float() would raise there too).
std::vector<LoraTag> loraTags(std::string_view prompt);

}  // namespace sd
