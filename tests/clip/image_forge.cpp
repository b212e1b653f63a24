#include "image_forge.h"

#include <array>
#include <fstream>
#include <stdexcept>
#include <string>

#ifdef SD_TEST_HAVE_LIBJPEG
#include <cstdio>
#include <jpeglib.h>
#endif

namespace sd::test {

namespace {

uint32_t crc32(const uint8_t* data, std::size_t size, uint32_t crc = 0) {
  crc = ~crc;
  for (std::size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

uint32_t adler32(const std::vector<uint8_t>& data) {
  uint32_t a = 1, b = 0;
  for (uint8_t byte : data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

void put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

void chunk(std::vector<uint8_t>& out, const char type[4], const std::vector<uint8_t>& data) {
  put32(out, static_cast<uint32_t>(data.size()));
  const std::size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  put32(out, crc32(&out[start], out.size() - start));
}

// zlib stream of stored (uncompressed) deflate blocks.
std::vector<uint8_t> zlibStored(const std::vector<uint8_t>& raw) {
  std::vector<uint8_t> out{0x78, 0x01};
  std::size_t pos = 0;
  do {
    const std::size_t len = std::min<std::size_t>(raw.size() - pos, 65535);
    const bool last = pos + len == raw.size();
    out.push_back(last ? 1 : 0);
    out.push_back(len & 0xFF);
    out.push_back(len >> 8);
    out.push_back(~len & 0xFF);
    out.push_back((~len >> 8) & 0xFF);
    out.insert(out.end(), raw.begin() + pos, raw.begin() + pos + len);
    pos += len;
  } while (pos < raw.size());
  put32(out, adler32(raw));
  return out;
}

std::vector<uint8_t> header(uint32_t width, uint32_t height, int bitDepth, PngColor color) {
  std::vector<uint8_t> ihdr;
  put32(ihdr, width);
  put32(ihdr, height);
  ihdr.insert(ihdr.end(), {static_cast<uint8_t>(bitDepth), static_cast<uint8_t>(color), 0, 0, 0});
  std::vector<uint8_t> out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  chunk(out, "IHDR", ihdr);
  return out;
}

int channelsOf(PngColor color) {
  switch (color) {
    case PngColor::Gray: return 1;
    case PngColor::GrayAlpha: return 2;
    case PngColor::Rgb: return 3;
    default: return 4;
  }
}

}  // namespace

std::vector<uint8_t> forgePng(int width, int height, int bitDepth, PngColor color,
                              const std::vector<uint16_t>& samples) {
  const std::size_t perRow = static_cast<std::size_t>(width) * channelsOf(color);
  if (samples.size() != perRow * height) throw std::invalid_argument("forgePng: wrong sample count");
  std::vector<uint8_t> raw;
  for (int y = 0; y < height; ++y) {
    raw.push_back(0);  // filter: none
    for (std::size_t i = 0; i < perRow; ++i) {
      const uint16_t v = samples[y * perRow + i];
      if (bitDepth == 16) raw.push_back(v >> 8);
      raw.push_back(v & 0xFF);
    }
  }
  auto out = header(width, height, bitDepth, color);
  chunk(out, "IDAT", zlibStored(raw));
  chunk(out, "IEND", {});
  return out;
}

std::vector<uint8_t> forgePngHeaderOnly(uint32_t width, uint32_t height) {
  auto out = header(width, height, 8, PngColor::Rgb);
  chunk(out, "IEND", {});
  return out;
}

#ifdef SD_TEST_HAVE_LIBJPEG
bool canForgeCmykJpeg() { return true; }

std::vector<uint8_t> forgeCmykJpeg(int width, int height, const uint8_t cmyk[4]) {
  jpeg_compress_struct info{};
  jpeg_error_mgr errors{};
  info.err = jpeg_std_error(&errors);
  jpeg_create_compress(&info);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&info, &buffer, &size);
  info.image_width = width;
  info.image_height = height;
  info.input_components = 4;
  info.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&info);
  jpeg_set_quality(&info, 100, TRUE);
  jpeg_start_compress(&info, TRUE);
  std::vector<uint8_t> row(static_cast<std::size_t>(width) * 4);
  for (int x = 0; x < width; ++x) std::copy(cmyk, cmyk + 4, &row[x * 4]);
  while (info.next_scanline < info.image_height) {
    JSAMPROW rows[1] = {row.data()};
    jpeg_write_scanlines(&info, rows, 1);
  }
  jpeg_finish_compress(&info);
  std::vector<uint8_t> out(buffer, buffer + size);
  jpeg_destroy_compress(&info);
  std::free(buffer);
  return out;
}
#else
bool canForgeCmykJpeg() { return false; }
std::vector<uint8_t> forgeCmykJpeg(int, int, const uint8_t[4]) { throw std::logic_error("built without libjpeg"); }
#endif

void writeBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace sd::test
