#pragma once
// EXIF and XMP of a JPEG: its APP1 segments (JPEG ITU T.81 §B.1.1.4;
// "Exif\0\0" per Exif 2.32 §4.5.4, XMP per XMP spec part 3 §1.1.3), read by
// walking the marker segments up to the image scan. The entropy-coded data
// is never touched.
#include "core/metadata/byte_source.h"
#include "core/metadata/embedded_metadata.h"

namespace sd {

bool isJpeg(const ByteSource& source);
// Throws sd::Error naming the file when the segment structure is broken
// before the scan, or an APP1 segment runs past the end of the file.
EmbeddedMetadata readJpegMetadata(const ByteSource& source);

}  // namespace sd
