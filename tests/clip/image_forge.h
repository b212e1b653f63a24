#pragma once
// Hand-made picture files for the loader tests: PNGs of any colour type and
// bit depth (stored, uncompressed deflate, so no zlib is needed), a PNG
// header that claims a huge size, and CMYK JPEGs through libjpeg when the
// build has it. OpenCV cannot write 16-bit gray+alpha or CMYK files.
#include <cstdint>
#include <filesystem>
#include <vector>

namespace sd::test {

enum class PngColor : uint8_t { Gray = 0, Rgb = 2, GrayAlpha = 4, Rgba = 6 };

// `samples` row-major, channels interleaved, each < 2^bitDepth (8 or 16).
std::vector<uint8_t> forgePng(int width, int height, int bitDepth, PngColor color,
                              const std::vector<uint16_t>& samples);
// Signature + IHDR + IEND: a valid header over no pixel data.
std::vector<uint8_t> forgePngHeaderOnly(uint32_t width, uint32_t height);

bool canForgeCmykJpeg();
// Flat CMYK JPEG of Adobe-inverted samples (what Photoshop writes).
std::vector<uint8_t> forgeCmykJpeg(int width, int height, const uint8_t cmyk[4]);

void writeBytes(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);

}  // namespace sd::test
