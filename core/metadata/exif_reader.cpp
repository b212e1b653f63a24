#include "core/metadata/exif_reader.h"

#include <cstring>

#include "core/metadata/byte_order.h"
#include "core/util/error.h"

namespace sd {

namespace {

constexpr std::uint16_t kImageDescription = 0x010E, kMake = 0x010F, kModel = 0x0110, kSoftware = 0x0131;
constexpr std::uint16_t kExifIfd = 0x8769, kUserComment = 0x9286;
constexpr std::uint32_t kMaxEntries = 4096;  // real IFDs hold tens

class Tiff {
 public:
  Tiff(std::span<const unsigned char> data, const std::string& what) : m_data(data), m_what(what) {
    if (data.size() < 8) fail("too short for a TIFF header (" + std::to_string(data.size()) + " bytes)");
    if (data[0] == 'M' && data[1] == 'M') m_bigEndian = true;
    else if (!(data[0] == 'I' && data[1] == 'I')) fail("no TIFF byte-order mark (II or MM)");
    if (u16(2) != 42) fail("TIFF magic number is not 42");
  }
  bool bigEndian() const { return m_bigEndian; }
  std::uint16_t u16(std::uint64_t at) const {
    need(at, 2);
    return m_bigEndian ? be16(&m_data[at]) : le16(&m_data[at]);
  }
  std::uint32_t u32(std::uint64_t at) const {
    need(at, 4);
    return m_bigEndian ? be32(&m_data[at]) : le32(&m_data[at]);
  }
  void need(std::uint64_t at, std::uint64_t length) const {
    if (at > m_data.size() || length > m_data.size() - at)
      fail("offset " + std::to_string(at) + " + " + std::to_string(length) + " runs past the end (" +
           std::to_string(m_data.size()) + " bytes)");
  }
  // The bytes of one 12-byte IFD entry's value: inline when ≤ 4 bytes.
  std::span<const unsigned char> value(std::uint64_t entry) const {
    static constexpr std::uint8_t kTypeSize[] = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4};
    const std::uint16_t type = u16(entry + 2);
    const std::uint64_t count = u32(entry + 4);
    const std::uint64_t size = count * (type < std::size(kTypeSize) ? kTypeSize[type] : 1);
    const std::uint64_t at = size <= 4 ? entry + 8 : u32(entry + 8);
    need(at, size);
    return m_data.subspan(at, size);
  }
  [[noreturn]] void fail(const std::string& why) const { throw Error(m_what + ": " + why); }

 private:
  std::span<const unsigned char> m_data;
  const std::string& m_what;
  bool m_bigEndian = false;
};

std::string asciiValue(std::span<const unsigned char> v) {
  std::string s(v.begin(), v.end());
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

// Reads one IFD's entries we care about; returns the Exif sub-IFD's offset
// (0 when absent).
std::uint32_t readIfd(const Tiff& tiff, std::uint32_t ifd, ExifFields& out) {
  const std::uint16_t count = tiff.u16(ifd);
  if (count > kMaxEntries) tiff.fail("IFD at " + std::to_string(ifd) + " claims " + std::to_string(count) + " entries");
  tiff.need(ifd + 2, std::uint64_t(count) * 12);
  std::uint32_t exifIfd = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint64_t entry = ifd + 2 + std::uint64_t(i) * 12;
    switch (tiff.u16(entry)) {
      case kImageDescription: out.imageDescription = asciiValue(tiff.value(entry)); break;
      case kMake: out.make = asciiValue(tiff.value(entry)); break;
      case kModel: out.model = asciiValue(tiff.value(entry)); break;
      case kSoftware: out.software = asciiValue(tiff.value(entry)); break;
      case kExifIfd: exifIfd = tiff.u32(entry + 8); break;
      case kUserComment: {
        const auto v = tiff.value(entry);
        out.userComment.assign(v.begin(), v.end());
        out.hasUserComment = true;
        break;
      }
      default: break;
    }
  }
  return exifIfd;
}

}  // namespace

ExifFields readExif(std::span<const unsigned char> data, const std::string& what) {
  const Tiff tiff(data, what);
  ExifFields out;
  out.bigEndian = tiff.bigEndian();
  const std::uint32_t ifd0 = tiff.u32(4);
  const std::uint32_t exifIfd = readIfd(tiff, ifd0, out);
  // The Exif IFD's UserComment is the standard place; IFD0's (Fooocus) is
  // kept only when the sub-IFD has none. One level: the sub-IFD's own
  // pointers are not followed, so a cycle cannot loop.
  if (exifIfd != 0 && exifIfd != ifd0) {
    ExifFields sub;
    readIfd(tiff, exifIfd, sub);
    if (sub.hasUserComment) {
      out.userComment = std::move(sub.userComment);
      out.hasUserComment = true;
    }
  }
  return out;
}

}  // namespace sd
