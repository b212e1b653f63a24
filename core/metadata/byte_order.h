#pragma once
// Integers as containers store them: big-endian (PNG, JPEG, "MM" TIFF) or
// little-endian (RIFF, "II" TIFF). Callers check bounds before calling.
#include <cstdint>

namespace sd {

inline std::uint16_t be16(const unsigned char* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
inline std::uint32_t be32(const unsigned char* p) {
  return std::uint32_t(p[0]) << 24 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[2]) << 8 | p[3];
}
inline std::uint16_t le16(const unsigned char* p) { return static_cast<std::uint16_t>(p[1] << 8 | p[0]); }
inline std::uint32_t le32(const unsigned char* p) {
  return std::uint32_t(p[3]) << 24 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[1]) << 8 | p[0];
}

}  // namespace sd
