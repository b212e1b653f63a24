#pragma once
// Reads A1111's "parameters" infotext, as A1111's own
// parse_generation_parameters (modules/infotext_utils.py) does: the last
// line holds "Key: value" pairs when it has at least three of them; lines
// before it are the prompt until one starts with "Negative prompt:". Values
// may be JSON-quoted. Also reads stable-diffusion.cpp's variant.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/metadata/image_settings.h"

namespace sd {

// Never throws on malformed text: unreadable fields land in warnings.
ImageSettings parseInfotext(std::string_view infotext);

// The "Key: value" pairs of one infotext line, values unquoted.
std::vector<std::pair<std::string, std::string>> parseInfotextFields(std::string_view line);

}  // namespace sd
