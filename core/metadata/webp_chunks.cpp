#include "core/metadata/webp_chunks.h"

#include <algorithm>
#include <cstring>

#include "core/metadata/byte_order.h"
#include "core/util/error.h"

namespace sd {

namespace {

constexpr std::uint32_t kMaxMetadataChunk = 32u << 20;
constexpr std::size_t kMaxChunks = 1u << 16;

}  // namespace

bool isWebp(const ByteSource& source) {
  if (!source.has(0, 12)) return false;
  const auto head = source.read(0, 12);
  return std::memcmp(head.data(), "RIFF", 4) == 0 && std::memcmp(head.data() + 8, "WEBP", 4) == 0;
}

EmbeddedMetadata readWebpMetadata(const ByteSource& source) {
  const std::string& name = source.name();
  if (!isWebp(source)) throw Error(name + " is not a WebP file");
  EmbeddedMetadata meta;
  // The RIFF size bounds the walk; a file cut short ends it earlier.
  const std::uint64_t end = std::min<std::uint64_t>(source.size(), 8ull + le32(source.read(4, 4).data()));
  std::uint64_t pos = 12;
  for (std::size_t count = 0; count < kMaxChunks && pos + 8 <= end; ++count) {
    const auto head = source.read(pos, 8);
    const std::string fourcc(head.begin(), head.begin() + 4);
    const std::uint32_t size = le32(head.data() + 4);
    if (fourcc == "EXIF" || fourcc == "XMP ") {
      if (size > kMaxMetadataChunk) throw Error(name + ": WebP " + fourcc + " chunk of " + std::to_string(size) + " bytes");
      if (pos + 8 + size > end)
        throw Error(name + ": WebP " + fourcc + " chunk at byte " + std::to_string(pos) + " runs past the end of the file");
      auto payload = source.read(pos + 8, size);
      if (fourcc == "XMP ") {
        meta.xmp.assign(payload.begin(), payload.end());
      } else {
        // Some writers keep JPEG's "Exif\0\0" prefix in front of the TIFF header.
        const std::size_t skip = payload.size() >= 6 && std::memcmp(payload.data(), "Exif\0", 5) == 0 ? 6 : 0;
        meta.exif.assign(payload.begin() + static_cast<std::ptrdiff_t>(skip), payload.end());
      }
    }
    pos += 8ull + size + (size & 1u);  // chunks are padded to even sizes
  }
  return meta;
}

}  // namespace sd
