#pragma once
// EXIF and XMP of a WebP: its RIFF "EXIF" and "XMP " chunks (WebP container
// spec, "Extended file format"), found by walking the chunk list without
// decoding the image.
#include "core/metadata/byte_source.h"
#include "core/metadata/embedded_metadata.h"

namespace sd {

bool isWebp(const ByteSource& source);
// Throws sd::Error naming the file when a metadata chunk runs past the end
// or is implausibly large.
EmbeddedMetadata readWebpMetadata(const ByteSource& source);

}  // namespace sd
