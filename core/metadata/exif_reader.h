#pragma once
// The few EXIF tags that carry generation settings, from a TIFF structure
// (a JPEG APP1 "Exif" payload, a WebP EXIF chunk, a PNG eXIf chunk): IFD0's
// text tags and UserComment (0x9286) from IFD0 or the Exif sub-IFD (0x8769).
// Per TIFF 6.0 §2 and Exif 2.32 §4.6. We walk IFD0 and the Exif IFD only,
// iteratively: no recursion, no chains, every offset checked.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sd {

struct ExifFields {
  bool bigEndian = false;                // "MM" byte order: the default for UTF-16 without a BOM
  bool hasUserComment = false;
  std::vector<unsigned char> userComment;  // raw, with its 8-byte character code when the writer added one
  std::string imageDescription;          // 0x010E
  std::string make;                      // 0x010F (ComfyUI: "workflow:{…}")
  std::string model;                     // 0x0110 (ComfyUI: "prompt:{…}")
  std::string software;                  // 0x0131 (Fooocus: "Fooocus v2.4.3")
};

// `what` names the payload in errors ("photo.jpg: EXIF"). Throws sd::Error
// when the structure or one of our tags points outside it.
ExifFields readExif(std::span<const unsigned char> tiff, const std::string& what);

}  // namespace sd
