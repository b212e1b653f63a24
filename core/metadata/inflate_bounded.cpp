#include "core/metadata/inflate_bounded.h"

#include <climits>
#include <memory>

#include <zlib.h>

#include "core/util/error.h"

namespace sd {

std::string inflateBounded(std::span<const unsigned char> data, CompressedFormat format, std::size_t maxOutput,
                           const std::string& what) {
  if (data.size() > UINT_MAX) throw Error(what + ": compressed data too large");
  z_stream stream{};
  // 15 window bits; +16 asks zlib for the gzip wrapper instead of zlib's.
  const int windowBits = format == CompressedFormat::Gzip ? 15 + 16 : 15;
  if (inflateInit2(&stream, windowBits) != Z_OK) throw Error(what + ": cannot start decompression");
  const std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, inflateEnd);
  stream.next_in = const_cast<unsigned char*>(data.data());
  stream.avail_in = static_cast<unsigned>(data.size());
  std::string out;
  unsigned char buffer[16384];
  for (;;) {
    stream.next_out = buffer;
    stream.avail_out = sizeof buffer;
    const int rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
      throw Error(what + ": corrupt compressed data" + (stream.msg ? std::string(" (") + stream.msg + ")" : ""));
    const std::size_t produced = sizeof buffer - stream.avail_out;
    if (out.size() + produced > maxOutput)
      throw Error(what + ": decompresses to more than " + std::to_string(maxOutput) + " bytes");
    out.append(reinterpret_cast<const char*>(buffer), produced);
    if (rc == Z_STREAM_END) return out;
    // No progress possible: the input ended before the stream did.
    if (rc == Z_BUF_ERROR || (produced == 0 && stream.avail_in == 0))
      throw Error(what + ": compressed data is truncated");
  }
}

}  // namespace sd
