#pragma once
// zlib/gzip decompression with a ceiling on the output, for compressed text
// from untrusted files (PNG zTXt/iTXt, gzip'd stealth metadata): a 1 KB
// "zip bomb" must fail with an error, not fill memory.
#include <cstddef>
#include <span>
#include <string>

namespace sd {

enum class CompressedFormat { Zlib, Gzip };

// Throws sd::Error("<what>: …") when the data is corrupt, truncated or
// inflates to more than `maxOutput` bytes.
std::string inflateBounded(std::span<const unsigned char> data, CompressedFormat format, std::size_t maxOutput,
                           const std::string& what);

}  // namespace sd
