#include "core/image/png_io.h"

#include <csetjmp>
#include <cstdint>
#include <cstring>
#include <memory>

#include <png.h>

#include "core/image/image_io.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace sd {

namespace {

bool isLatin1Printable(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80 || (c < 0x20 && c != '\n')) return false;
  return true;
}

void onPngError(png_structp png, png_const_charp message) {
  auto* error = static_cast<std::string*>(png_get_error_ptr(png));
  if (error) *error = message;
  png_longjmp(png, 1);
}
void onPngWarning(png_structp, png_const_charp) {}

void appendBytes(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::vector<unsigned char>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}
void flushNothing(png_structp) {}

struct MemoryInput {
  const std::string& bytes;
  std::size_t at = 0;
};
void readBytes(png_structp png, png_bytep data, png_size_t length) {
  auto* in = static_cast<MemoryInput*>(png_get_io_ptr(png));
  if (length > in->bytes.size() - in->at) png_error(png, "the file ends inside the image data (truncated)");
  std::memcpy(data, in->bytes.data() + in->at, length);
  in->at += length;
}

// Files we decode are those of a gallery or an init image: metadata far
// below these, pixels within what loadRgbImage allows.
constexpr std::size_t kMaxFileBytes = 512u << 20;
constexpr png_alloc_size_t kMaxChunkBytes = 32u << 20;
constexpr png_uint_32 kMaxAncillaryChunks = 1000;

}  // namespace

std::vector<unsigned char> encodePng(const RgbImage& image, const PngText& text) {
  if (image.empty() || image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3)
    throw Error("cannot encode an empty or inconsistent image as PNG");
  std::string error;
  std::vector<unsigned char> out;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, onPngError, onPngWarning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) throw Error("libpng: out of memory");
  // Keep the chunk structs alive until png_write_info has run.
  std::vector<png_text> chunks(text.size());
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw Error("cannot encode PNG: " + error);
  }
  png_set_write_fn(png, &out, appendBytes, flushNothing);
  png_set_IHDR(png, info, image.width, image.height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 6);
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto& chunk = chunks[i];
    chunk = {};
    chunk.compression = isLatin1Printable(text[i].second) ? PNG_TEXT_COMPRESSION_NONE : PNG_ITXT_COMPRESSION_NONE;
    chunk.key = const_cast<char*>(text[i].first.c_str());
    chunk.text = const_cast<char*>(text[i].second.c_str());
    chunk.text_length = text[i].second.size();
    chunk.itxt_length = chunk.compression == PNG_ITXT_COMPRESSION_NONE ? text[i].second.size() : 0;
  }
  if (!chunks.empty()) png_set_text(png, info, chunks.data(), static_cast<int>(chunks.size()));
  png_write_info(png, info);
  for (int y = 0; y < image.height; ++y) png_write_row(png, const_cast<png_bytep>(image.row(y)));
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return out;
}

void writePng(const std::filesystem::path& path, const RgbImage& image, const PngText& text) {
  const auto bytes = encodePng(image, text);
  writeFileAtomically(path, std::as_bytes(std::span(bytes.data(), bytes.size())));
}

PngContents readPng(const std::filesystem::path& path, bool decodePixels) {
  // Read whole and decoded from memory: a regular file only (a FIFO would
  // block fopen), and one that shrinks while we decode is just truncated.
  const std::string bytes = readTextFile(path, kMaxFileBytes);
  if (bytes.size() < 8 || png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8) != 0)
    throw Error(path.string() + " is not a PNG file");
  std::string error;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, onPngError, onPngWarning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!png || !info) throw Error("libpng: out of memory");
  // Everything libpng's error handler may longjmp past lives on the heap,
  // owned by a pointer set before setjmp: its destructor then runs when the
  // error is thrown (a vector made after setjmp leaked ~128 KB per corrupt
  // file), and no local the jump could clobber is read afterwards.
  struct Decoding {
    PngContents contents;
    std::vector<png_bytep> rows;
  };
  const auto decoding = std::make_unique<Decoding>();
  PngContents& contents = decoding->contents;
  MemoryInput input{bytes, 8};
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    throw Error("cannot read " + path.string() + ": " + error);
  }
  png_set_read_fn(png, &input, readBytes);
  png_set_sig_bytes(png, 8);
  png_set_user_limits(png, 16384, 16384);
  png_set_chunk_malloc_max(png, kMaxChunkBytes);
  png_set_chunk_cache_max(png, kMaxAncillaryChunks);
  png_read_info(png, info);
  png_textp chunks = nullptr;
  int count = 0;
  png_get_text(png, info, &chunks, &count);
  for (int i = 0; i < count; ++i)
    contents.text.emplace_back(chunks[i].key, std::string(chunks[i].text, chunks[i].compression >= PNG_ITXT_COMPRESSION_NONE
                                                                             ? chunks[i].itxt_length
                                                                             : chunks[i].text_length));
  if (decodePixels) {
    // Refused before a row is decoded: a 782 KB file of 16384×16384 would take 800 MB.
    const std::uint64_t pixels = std::uint64_t(png_get_image_width(png, info)) * png_get_image_height(png, info);
    if (pixels > static_cast<std::uint64_t>(ImageSizeLimits{}.maxPixels)) {
      png_destroy_read_struct(&png, &info, nullptr);
      throw Error(path.string() + ": " + std::to_string(pixels) + " pixels is more than the " +
                  std::to_string(ImageSizeLimits{}.maxPixels) + " an image may have here");
    }
    png_set_strip_16(png);
    png_set_strip_alpha(png);
    png_set_palette_to_rgb(png);
    png_set_expand_gray_1_2_4_to_8(png);
    png_set_gray_to_rgb(png);
    png_read_update_info(png, info);
    contents.image = RgbImage::blank(static_cast<int>(png_get_image_width(png, info)),
                                     static_cast<int>(png_get_image_height(png, info)));
    auto& rows = decoding->rows;
    rows.resize(static_cast<std::size_t>(contents.image.height));
    for (int y = 0; y < contents.image.height; ++y) rows[static_cast<std::size_t>(y)] = contents.image.row(y);
    png_read_image(png, rows.data());
    png_read_end(png, info);
    // Text chunks after the image data (allowed by the format) count too.
    png_get_text(png, info, &chunks, &count);
    for (int i = static_cast<int>(contents.text.size()); i < count; ++i)
      contents.text.emplace_back(chunks[i].key, std::string(chunks[i].text, chunks[i].compression >= PNG_ITXT_COMPRESSION_NONE
                                                                               ? chunks[i].itxt_length
                                                                               : chunks[i].text_length));
  }
  png_destroy_read_struct(&png, &info, nullptr);
  return std::move(contents);
}

std::string findText(const PngText& text, const std::string& keyword) {
  for (const auto& [k, v] : text)
    if (k == keyword) return v;
  return "";
}

}  // namespace sd
