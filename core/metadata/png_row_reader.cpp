#include "core/metadata/png_row_reader.h"

#include <csetjmp>
#include <cstring>

#include <png.h>

#include "core/util/error.h"

namespace sd {

struct PngRowReader::Impl {
  explicit Impl(const ByteSource& s) : source(s) {}
  const ByteSource& source;
  std::uint64_t offset = 0;
  std::string error;
  png_structp png = nullptr;
  png_infop info = nullptr;
  std::vector<unsigned char> row;
  std::uint32_t rowsRead = 0;

  ~Impl() {
    if (png) png_destroy_read_struct(&png, &info, nullptr);
  }

  // Called by libpng; C++ exceptions must not cross its C frames, so a
  // failed read becomes png_error (a longjmp to the caller's setjmp).
  bool fill(unsigned char* out, std::size_t length) {
    try {
      const auto bytes = source.read(offset, length);
      if (length) std::memcpy(out, bytes.data(), length);
      offset += length;
      return true;
    } catch (const std::exception& e) {
      error = e.what();
      return false;
    }
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw Error(source.name() + ": " + what + (error.empty() ? "" : ": " + error));
  }
};

namespace {

void onError(png_structp png, png_const_charp message) {
  auto* impl = static_cast<PngRowReader::Impl*>(png_get_error_ptr(png));
  if (impl->error.empty()) impl->error = message;
  png_longjmp(png, 1);
}
void onWarning(png_structp, png_const_charp) {}

void readBytes(png_structp png, png_bytep out, png_size_t length) {
  auto* impl = static_cast<PngRowReader::Impl*>(png_get_io_ptr(png));
  if (!impl->fill(out, length)) png_error(png, "read failed");
}

}  // namespace

PngRowReader::PngRowReader(const ByteSource& source) : m_impl(std::make_unique<Impl>(source)) {
  Impl& s = *m_impl;
  s.png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &s, onError, onWarning);
  s.info = s.png ? png_create_info_struct(s.png) : nullptr;
  if (!s.png || !s.info) throw Error("libpng: out of memory");
  if (setjmp(png_jmpbuf(s.png))) s.fail("cannot decode PNG");
  png_set_read_fn(s.png, &s, readBytes);
  png_set_user_limits(s.png, 16384, 16384);
  // Text chunks were read (with our caps) by png_chunks; libpng need not
  // inflate them again.
  static const png_byte kSkip[] = "tEXt\0zTXt\0iTXt\0";
  png_set_keep_unknown_chunks(s.png, PNG_HANDLE_CHUNK_NEVER, kSkip, 3);
  png_read_info(s.png, s.info);
  if (png_get_interlace_type(s.png, s.info) != PNG_INTERLACE_NONE) s.fail("interlaced PNG");
  const int colorType = png_get_color_type(s.png, s.info);
  m_hasAlpha = (colorType & PNG_COLOR_MASK_ALPHA) != 0;
  png_set_strip_16(s.png);
  png_set_palette_to_rgb(s.png);
  png_set_expand_gray_1_2_4_to_8(s.png);
  png_set_gray_to_rgb(s.png);
  if (!m_hasAlpha) png_set_filler(s.png, 0xFF, PNG_FILLER_AFTER);
  png_read_update_info(s.png, s.info);
  m_width = png_get_image_width(s.png, s.info);
  m_height = png_get_image_height(s.png, s.info);
  if (png_get_rowbytes(s.png, s.info) != std::size_t(m_width) * 4) s.fail("unexpected PNG row layout");
  s.row.resize(std::size_t(m_width) * 4);
}

PngRowReader::~PngRowReader() = default;

const std::vector<unsigned char>& PngRowReader::nextRow() {
  Impl& s = *m_impl;
  if (s.rowsRead >= m_height) throw Error(s.source.name() + ": read past the last PNG row");
  ++s.rowsRead;
  if (setjmp(png_jmpbuf(s.png))) s.fail("cannot decode PNG rows");
  png_read_row(s.png, s.row.data(), nullptr);
  return s.row;
}

}  // namespace sd
