#pragma once
// RFC 4648 base64, for data: URIs in self-contained HTML.
#include <string>
#include <string_view>

namespace sd {

std::string base64Encode(std::string_view bytes);

}  // namespace sd
