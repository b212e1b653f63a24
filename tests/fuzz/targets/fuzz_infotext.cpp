// A1111's "parameters" infotext (core/metadata/infotext_parser.h). Never
// throws by contract; -timeout catches a parser that is not linear.
#include <cstdint>
#include <string_view>

#include "core/metadata/infotext_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  sd::parseInfotext(text);
  return 0;
}
