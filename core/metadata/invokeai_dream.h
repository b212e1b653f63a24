#pragma once
// InvokeAI 2.x's "Dream" chunk: its command line,
//   "prompt [negative prompt]" -s 50 -S 2980747362 -W 512 -H 768 -C 5 -A k_lms
// and its prompt syntax, where [bracketed] parts are the negative prompt
// (also used inside "sd-metadata").
#include <optional>
#include <string>
#include <string_view>

#include "core/metadata/image_settings.h"

namespace sd {

struct InvokePrompt {
  std::string positive;  // the parts outside brackets, joined with ", "
  std::string negative;  // the bracketed parts, joined with ", "
};
InvokePrompt splitInvokePrompt(std::string_view prompt);

// nullopt when the text is not a quoted prompt followed by options with at
// least a seed or a step count.
std::optional<ImageSettings> parseInvokeDream(std::string_view dream);

}  // namespace sd
