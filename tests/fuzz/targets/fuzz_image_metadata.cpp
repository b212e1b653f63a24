// The metadata of an image file as `info` and a gallery read it
// (core/metadata/settings_reader.h): the PNG chunk walk with its text,
// zTXt/iTXt inflation and eXIf, JPEG and WebP containers with EXIF and XMP,
// stealth pixels, and every tool's reader on what they hold. Then the two
// reports `info` prints, which must not fail on anything a reader accepted.
#include <cstdint>
#include <vector>

#include "core/metadata/settings_reader.h"
#include "core/metadata/settings_report.h"
#include "core/util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const sd::ImageSettings settings = sd::readSettings(sd::MemoryByteSource(std::vector<unsigned char>(data, data + size)));
    sd::formatSettingsText(settings);
    sd::formatSettingsJson(settings);
  } catch (const sd::Error&) {
  }
  return 0;
}
