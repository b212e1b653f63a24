#pragma once
// Decodes a non-interlaced PNG one row at a time, as 8-bit RGBA (16-bit
// reduced, RGB given an opaque alpha), from a ByteSource. For the stealth
// metadata reader, which needs the low bits of the first rows and can stop
// there: libpng's row API lets it stop without inflating the rest.
#include <cstdint>
#include <memory>
#include <vector>

#include "core/metadata/byte_source.h"

namespace sd {

class PngRowReader {
 public:
  // Throws sd::Error naming the file when it is not a PNG libpng accepts,
  // is interlaced, or exceeds 16384 pixels a side.
  explicit PngRowReader(const ByteSource& source);
  ~PngRowReader();
  PngRowReader(const PngRowReader&) = delete;
  PngRowReader& operator=(const PngRowReader&) = delete;

  std::uint32_t width() const { return m_width; }
  std::uint32_t height() const { return m_height; }
  bool hasAlpha() const { return m_hasAlpha; }
  // The next row, width()·4 bytes RGBA. Throws sd::Error on corrupt data.
  const std::vector<unsigned char>& nextRow();

  struct Impl;  // libpng state (public for its C callbacks)

 private:
  std::unique_ptr<Impl> m_impl;
  std::uint32_t m_width = 0, m_height = 0;
  bool m_hasAlpha = false;
};

}  // namespace sd
