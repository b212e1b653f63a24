#pragma once
// EXIF UserComment → UTF-8. Exif 2.32 §4.6.5 prefixes the text with an
// 8-byte character code: "ASCII\0\0\0", "UNICODE\0" (UTF-16, byte order
// not fixed by the spec: A1111/piexif write big-endian, others follow the
// TIFF byte order), "JIS\0\0\0\0\0" or eight NULs (undefined). Writers
// that go through PIL with a str (Fooocus) store bare UTF-8 with no prefix.
#include <span>
#include <string>

namespace sd {

// `tiffBigEndian` decides UTF-16 without a BOM when the text itself does
// not tell (ASCII-heavy text does: its zero bytes sit on one side). An odd
// trailing byte of UTF-16 is dropped; unpaired surrogates become U+FFFD.
std::string decodeUserComment(std::span<const unsigned char> raw, bool tiffBigEndian);

}  // namespace sd
