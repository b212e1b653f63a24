#include "core/image/png_text.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>

#include "core/util/error.h"
#include "core/util/file_io.h"

namespace sd {

namespace {

constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);

uint32_t readU32(std::string_view s, std::size_t at) {
  return uint32_t(uint8_t(s[at])) << 24 | uint32_t(uint8_t(s[at + 1])) << 16 | uint32_t(uint8_t(s[at + 2])) << 8 |
         uint32_t(uint8_t(s[at + 3]));
}

void appendU32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(char((v >> shift) & 0xff));
}

// length, type, data, CRC over type and data (PNG spec, section 5.3).
void appendChunk(std::string& out, std::string_view type, std::string_view data) {
  appendU32(out, uint32_t(data.size()));
  const std::size_t crcFrom = out.size();
  out.append(type);
  out.append(data);
  const auto* bytes = reinterpret_cast<const Bytef*>(out.data() + crcFrom);
  appendU32(out, uint32_t(crc32(crc32(0L, Z_NULL, 0), bytes, uInt(out.size() - crcFrom))));
}

bool isPlainAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 0x20 && c < 0x7f) || c == '\n'; });
}

void appendText(std::string& out, const std::string& keyword, const std::string& value) {
  if (isPlainAscii(value)) {
    appendChunk(out, "tEXt", keyword + '\0' + value);
  } else {
    // keyword, 0, compression flag 0, method 0, empty language, 0, empty translated keyword, 0, UTF-8 text
    appendChunk(out, "iTXt", keyword + std::string("\0\0\0\0\0", 5) + value);
  }
}

bool isTextChunk(std::string_view type) { return type == "tEXt" || type == "zTXt" || type == "iTXt"; }

}  // namespace

std::string withPngText(std::string_view png, const PngText& text, const std::string& shownAs) {
  if (png.substr(0, kSignature.size()) != kSignature) throw Error(shownAs + " is not a PNG file");
  std::string out(kSignature);
  bool textWritten = false;
  for (std::size_t at = kSignature.size(); at < png.size();) {
    if (png.size() - at < 12) throw Error(shownAs + ": truncated chunk at byte " + std::to_string(at));
    const uint32_t length = readU32(png, at);
    if (length > png.size() - at - 12) throw Error(shownAs + ": a chunk runs past the end of the file");
    const std::string_view type = png.substr(at + 4, 4);
    const std::string_view data = png.substr(at + 8, length);
    const std::string_view whole = png.substr(at, std::size_t(length) + 12);
    at += std::size_t(length) + 12;
    if (type == "IDAT" && !textWritten) {
      for (const auto& [keyword, value] : text) appendText(out, keyword, value);
      textWritten = true;
    }
    if (isTextChunk(type)) {
      const std::string keyword(data.substr(0, data.find('\0')));
      if (std::any_of(text.begin(), text.end(), [&](const auto& kv) { return kv.first == keyword; })) continue;
    }
    out.append(whole);
  }
  if (!textWritten) throw Error(shownAs + " has no image data (IDAT)");
  return out;
}

void rewritePngText(const std::filesystem::path& path, const PngText& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open " + path.string());
  const std::string png((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  writeFileAtomically(path, withPngText(png, text, path.string()));
}

}  // namespace sd
