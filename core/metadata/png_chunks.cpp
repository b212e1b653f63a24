#include "core/metadata/png_chunks.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <span>

#include "core/metadata/byte_order.h"
#include "core/metadata/inflate_bounded.h"
#include "core/metadata/text_encoding.h"
#include "core/util/error.h"
#include "core/util/safe_file_name.h"

namespace sd {

namespace {

constexpr unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
// Caps: generation metadata (ComfyUI workflows included) is well under a
// few MB; a file claiming more is not something we want in memory, nor
// something whose parsing may take seconds.
constexpr std::uint32_t kMaxTextChunk = 16u << 20;
constexpr std::size_t kMaxInflated = 16u << 20;
constexpr std::size_t kMaxTextTotal = 32u << 20;
constexpr std::size_t kMaxChunks = 1u << 20;

// A NUL-terminated field at `pos`; nullopt when the terminator is missing.
std::optional<std::string> cString(const std::vector<unsigned char>& body, std::size_t& pos) {
  const auto begin = body.begin() + static_cast<std::ptrdiff_t>(std::min(pos, body.size()));
  const auto end = std::find(begin, body.end(), 0);
  if (end == body.end()) return std::nullopt;
  pos = static_cast<std::size_t>(end - body.begin()) + 1;
  return std::string(begin, end);
}

std::span<const unsigned char> rest(const std::vector<unsigned char>& body, std::size_t pos) {
  return std::span(body).subspan(std::min(pos, body.size()));
}

// One tEXt/zTXt/iTXt body → keyword and UTF-8 text; false when malformed
// (a broken text chunk is skipped, as libpng and PIL do).
bool decodeText(const std::string& type, const std::vector<unsigned char>& body, const std::string& where,
                std::pair<std::string, std::string>& out) {
  std::size_t pos = 0;
  const auto keyword = cString(body, pos);
  if (!keyword || keyword->empty()) return false;
  out.first = *keyword;
  if (type == "tEXt") {
    const auto text = rest(body, pos);
    out.second = utf8OrLatin1(std::string(text.begin(), text.end()));
    return true;
  }
  if (type == "zTXt") {
    if (pos >= body.size() || body[pos] != 0) return false;  // method 0 = deflate is the only one
    out.second = utf8OrLatin1(inflateBounded(rest(body, pos + 1), CompressedFormat::Zlib, kMaxInflated, where));
    return true;
  }
  // iTXt: compression flag, method, language tag, translated keyword, UTF-8 text.
  if (pos + 2 > body.size()) return false;
  const bool compressed = body[pos] != 0;
  pos += 2;
  if (!cString(body, pos) || !cString(body, pos)) return false;
  const auto text = rest(body, pos);
  out.second = compressed ? inflateBounded(text, CompressedFormat::Zlib, kMaxInflated, where)
                          : std::string(text.begin(), text.end());
  return true;
}

PngHeader parseHeader(const std::vector<unsigned char>& body, const std::string& name) {
  if (body.size() != 13) throw Error(name + ": IHDR chunk has " + std::to_string(body.size()) + " bytes, not 13");
  PngHeader h;
  h.width = be32(body.data());
  h.height = be32(body.data() + 4);
  h.bitDepth = body[8];
  h.colorType = body[9];
  h.interlaced = body[12] != 0;
  return h;
}

}  // namespace

bool isPng(const ByteSource& source) {
  return source.has(0, 8) && std::memcmp(source.read(0, 8).data(), kSignature, 8) == 0;
}

PngMetadata readPngMetadata(const ByteSource& source) {
  const std::string& name = source.name();
  if (!isPng(source)) throw Error(name + " is not a PNG file");
  PngMetadata meta;
  std::size_t textTotal = 0;
  std::uint64_t offset = 8;
  for (std::size_t index = 0;; ++index) {
    if (index >= kMaxChunks) throw Error(name + ": more than " + std::to_string(kMaxChunks) + " PNG chunks");
    if (!source.has(offset, 8)) {
      if (index == 0) throw Error(name + ": PNG has no IHDR chunk");
      break;  // no IEND: tolerated (PIL reads such files too), the chunks so far count
    }
    const auto head = source.read(offset, 8);
    const std::uint32_t length = be32(head.data());
    const std::string type(head.begin() + 4, head.end());
    if (length > 0x7FFFFFFFu) throw Error(name + ": PNG chunk " + std::to_string(index) + " has an invalid length");
    if (index == 0 && type != "IHDR") throw Error(name + ": PNG does not start with IHDR");
    const std::uint64_t body = offset + 8;
    if (type == "IHDR") {
      meta.header = parseHeader(source.read(body, length), name);
    } else if (type == "tEXt" || type == "zTXt" || type == "iTXt") {
      if (length > kMaxTextChunk) {
        // Named by its keyword (at most 79 bytes, NUL-terminated) so the user knows which tool wrote it.
        const auto head = source.read(body, std::min<std::uint32_t>(length, 80));
        const std::string keyword(head.begin(), std::find(head.begin(), head.end(), 0));
        throw Error(name + ": " + type + " chunk '" + validUtf8(keyword) + "' of " + std::to_string(length) +
                    " bytes is over the " + std::to_string(kMaxTextChunk) + "-byte limit for a text chunk");
      }
      std::pair<std::string, std::string> text;
      if (decodeText(type, source.read(body, length), name + ": " + type + " chunk", text)) {
        // Counted inflated: many small zTXt chunks must not add up to gigabytes.
        textTotal += text.first.size() + text.second.size();
        if (textTotal > kMaxTextTotal)
          throw Error(name + ": PNG text chunks hold more than the " + std::to_string(kMaxTextTotal) +
                      "-byte limit for one file (at chunk '" + validUtf8(text.first) + "')");
        meta.text.push_back(std::move(text));
      }
    } else if (type == "eXIf") {
      if (length > kMaxTextChunk) throw Error(name + ": PNG eXIf chunk too large");
      meta.exif = source.read(body, length);
    } else if (type == "IEND") {
      break;
    }
    offset = body + length + 4;  // + CRC (not checked: a bad CRC costs at most a garbled value)
  }
  return meta;
}

}  // namespace sd
