#pragma once
// EXIF and XMP as JPEG and WebP embed them, before interpretation.
#include <string>
#include <vector>

namespace sd {

struct EmbeddedMetadata {
  std::vector<unsigned char> exif;  // a TIFF structure ("II*\0…"/"MM\0*…"), empty when absent
  std::string xmp;                  // the XMP packet (UTF-8 XML), empty when absent
};

}  // namespace sd
