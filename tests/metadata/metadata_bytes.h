#pragma once
// Builders for hand-made image files in tests: TIFF/EXIF structures, JPEG
// APP1 segments, WebP RIFF chunks and PNG chunk lists, byte by byte, so
// tests can break them exactly where they want (CRCs are left zero: the
// metadata reader does not check them).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <QByteArray>

namespace testbytes {

using Bytes = std::vector<unsigned char>;

inline Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
// Appends byte by byte: GCC 12 warns falsely on vector::insert of ranges here.
inline Bytes operator+(Bytes a, const Bytes& b) {
  a.reserve(a.size() + b.size());
  for (const unsigned char c : b) a.push_back(c);
  return a;
}

inline void put16(Bytes& b, std::uint32_t v, bool be) {
  const auto hi = static_cast<unsigned char>(v >> 8), lo = static_cast<unsigned char>(v);
  b.push_back(be ? hi : lo);
  b.push_back(be ? lo : hi);
}
inline void put32(Bytes& b, std::uint32_t v, bool be) {
  if (be) {
    put16(b, v >> 16, true);
    put16(b, v & 0xFFFF, true);
  } else {
    put16(b, v & 0xFFFF, false);
    put16(b, v >> 16, false);
  }
}

struct Entry {
  std::uint16_t tag;
  std::uint16_t type;  // 2 ASCII, 4 LONG, 7 UNDEFINED
  Bytes value;
};

// "II"/"MM" TIFF with IFD0 and, when `exif` is not empty, an Exif IFD that
// IFD0 points to (tag 0x8769). Values over 4 bytes follow the IFDs.
inline Bytes tiff(bool be, std::vector<Entry> ifd0, const std::vector<Entry>& exif = {}) {
  if (!exif.empty()) ifd0.push_back({0x8769, 4, Bytes(4)});  // patched below
  const auto ifdSize = [](std::size_t n) { return 2 + 12 * n + 4; };
  const std::uint32_t ifd0At = 8, exifAt = static_cast<std::uint32_t>(ifd0At + ifdSize(ifd0.size()));
  std::uint32_t dataAt = static_cast<std::uint32_t>(exifAt + (exif.empty() ? 0 : ifdSize(exif.size())));
  Bytes head = bytes(be ? "MM" : "II"), data;
  put16(head, 42, be);
  put32(head, ifd0At, be);
  const auto writeIfd = [&](const std::vector<Entry>& entries) {
    put16(head, static_cast<std::uint32_t>(entries.size()), be);
    for (const auto& e : entries) {
      put16(head, e.tag, be);
      put16(head, e.type, be);
      put32(head, static_cast<std::uint32_t>(e.type == 4 ? e.value.size() / 4 : e.value.size()), be);
      if (e.tag == 0x8769 && !exif.empty()) {
        put32(head, exifAt, be);
      } else if (e.value.size() <= 4) {
        Bytes inline4 = e.value;
        inline4.resize(4);
        head = head + inline4;
      } else {
        put32(head, dataAt + static_cast<std::uint32_t>(data.size()), be);
        data = data + e.value;
      }
    }
    put32(head, 0, be);
  };
  writeIfd(ifd0);
  if (!exif.empty()) writeIfd(exif);
  return head + data;
}

inline Bytes userComment(std::string_view code8, const Bytes& text) { return Bytes(code8.begin(), code8.begin() + 8) + text; }

inline Bytes utf16(std::u16string_view s, bool be) {
  Bytes out;
  for (const char16_t c : s) put16(out, c, be);
  return out;
}

// SOI, a JFIF APP0, the given segments (marker, payload), SOS, data, EOI.
inline Bytes jpeg(const std::vector<std::pair<unsigned char, Bytes>>& segments) {
  Bytes out{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0};
  for (const auto& [marker, payload] : segments) {
    out.push_back(0xFF);
    out.push_back(marker);
    put16(out, static_cast<std::uint32_t>(payload.size() + 2), true);
    out = out + payload;
  }
  return out + Bytes{0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9};
}

inline Bytes webp(const std::vector<std::pair<std::string, Bytes>>& chunks) {
  Bytes body = bytes("WEBP");
  for (const auto& [fourcc, payload] : chunks) {
    body = body + bytes(fourcc);
    put32(body, static_cast<std::uint32_t>(payload.size()), false);
    body = body + payload;
    if (payload.size() & 1) body.push_back(0);
  }
  Bytes out = bytes("RIFF");
  put32(out, static_cast<std::uint32_t>(body.size()), false);
  return out + body;
}

// CRC-32 (ISO 3309, as PNG and gzip use it), bit by bit: test data is small.
inline std::uint32_t crc32(const Bytes& data, std::size_t from = 0) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (std::size_t i = from; i < data.size(); ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = crc & 1 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return crc ^ 0xFFFFFFFFu;
}

// A zlib stream (qCompress prefixes it with its 4-byte length).
inline Bytes zlib(const Bytes& data) {
  const QByteArray packed = qCompress(QByteArray(reinterpret_cast<const char*>(data.data()), static_cast<int>(data.size())));
  return Bytes(packed.begin() + 4, packed.end());
}

// gzip (RFC 1952) around zlib's deflate data: header, deflate, CRC-32, size.
inline Bytes gzip(const Bytes& data) {
  const Bytes z = zlib(data);
  Bytes out = Bytes{0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF} + Bytes(z.begin() + 2, z.end() - 4);
  put32(out, crc32(data), false);
  put32(out, static_cast<std::uint32_t>(data.size()), false);
  return out;
}

// PNG signature, IHDR (1×1 8-bit RGB), the chunks, IEND; CRCs zero.
inline Bytes pngChunk(std::string_view type, const Bytes& body) {
  Bytes out;
  put32(out, static_cast<std::uint32_t>(body.size()), true);
  return out + bytes(type) + body + Bytes(4);
}
inline Bytes png(const std::vector<std::pair<std::string, Bytes>>& chunks) {
  Bytes out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  out = out + pngChunk("IHDR", {0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0});
  for (const auto& [type, body] : chunks) out = out + pngChunk(type, body);
  return out + pngChunk("IEND", {});
}

// A decodable 8-bit PNG (colour type 6 RGBA or 2 RGB) with real CRCs;
// `pixels` holds width·height·channels bytes, row by row.
inline Bytes pngImage(std::uint32_t width, std::uint32_t height, bool alpha, const Bytes& pixels) {
  const auto chunk = [](std::string_view type, const Bytes& body) {
    Bytes typed = bytes(type) + body, out;
    put32(out, static_cast<std::uint32_t>(body.size()), true);
    out = out + typed;
    put32(out, crc32(typed), true);
    return out;
  };
  Bytes ihdr;
  put32(ihdr, width, true);
  put32(ihdr, height, true);
  ihdr = ihdr + Bytes{8, static_cast<unsigned char>(alpha ? 6 : 2), 0, 0, 0};
  const std::size_t stride = std::size_t(width) * (alpha ? 4 : 3);
  Bytes raw;
  for (std::uint32_t y = 0; y < height; ++y) {
    raw.push_back(0);  // filter: none
    for (std::size_t i = y * stride; i < (y + 1) * stride; ++i) raw.push_back(pixels[i]);
  }
  Bytes out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  return out + chunk("IHDR", ihdr) + chunk("IDAT", zlib(raw)) + chunk("IEND", {});
}

}  // namespace testbytes
