#include "core/metadata/jpeg_segments.h"

#include <cstring>

#include "core/metadata/byte_order.h"
#include "core/util/error.h"

namespace sd {

namespace {

constexpr unsigned char kSoi = 0xD8, kEoi = 0xD9, kSos = 0xDA, kApp1 = 0xE1;
constexpr std::size_t kMaxSegments = 65536;
constexpr char kExif[] = "Exif\0";  // then a pad byte (0x00, some writers 0xFF)
constexpr char kXmp[] = "http://ns.adobe.com/xap/1.0/";

bool startsWith(const std::vector<unsigned char>& payload, const char* prefix, std::size_t length) {
  return payload.size() >= length && std::memcmp(payload.data(), prefix, length) == 0;
}

// Markers without a length field: TEM and RST0–7.
bool standalone(unsigned char marker) { return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7); }

}  // namespace

bool isJpeg(const ByteSource& source) {
  if (!source.has(0, 3)) return false;
  const auto head = source.read(0, 3);
  return head[0] == 0xFF && head[1] == kSoi && head[2] == 0xFF;
}

EmbeddedMetadata readJpegMetadata(const ByteSource& source) {
  const std::string& name = source.name();
  if (!isJpeg(source)) throw Error(name + " is not a JPEG file");
  EmbeddedMetadata meta;
  std::uint64_t pos = 2;
  for (std::size_t count = 0; count < kMaxSegments; ++count) {
    // Any number of 0xFF fill bytes may precede a marker (T.81 §B.1.1.2).
    std::uint64_t fill = 0;
    while (source.has(pos + 1, 1) && source.read(pos + 1, 1)[0] == 0xFF && fill < 64) ++pos, ++fill;
    if (!source.has(pos, 2)) break;  // truncated before the scan: what we found so far stands
    const auto marker = source.read(pos, 2);
    if (marker[0] != 0xFF) throw Error(name + ": JPEG marker expected at byte " + std::to_string(pos));
    if (marker[1] == kSos || marker[1] == kEoi) break;
    if (standalone(marker[1])) {
      pos += 2;
      continue;
    }
    if (!source.has(pos + 2, 2)) break;
    const std::uint16_t length = be16(source.read(pos + 2, 2).data());
    if (length < 2) throw Error(name + ": JPEG segment at byte " + std::to_string(pos) + " has length " + std::to_string(length));
    if (marker[1] == kApp1) {
      const auto payload = source.read(pos + 4, length - 2u);
      if (meta.exif.empty() && startsWith(payload, kExif, 5) && payload.size() >= 6)
        meta.exif.assign(payload.begin() + 6, payload.end());
      else if (meta.xmp.empty() && startsWith(payload, kXmp, sizeof kXmp))  // includes its NUL
        meta.xmp.assign(payload.begin() + sizeof kXmp, payload.end());
    }
    pos += 2u + length;
  }
  return meta;
}

}  // namespace sd
