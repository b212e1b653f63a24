#pragma once
// SHA-256 (FIPS 180-4), streaming, in plain C++: model hashes for A1111's
// "Model hash" field without a crypto dependency.
#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace sd {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  std::array<uint8_t, 32> finish();  // the digest; the object is spent afterwards
  std::string finishHex();

 private:
  void compress(const uint8_t* block);

  std::array<uint32_t, 8> m_state;
  std::array<uint8_t, 64> m_buffer{};
  std::size_t m_buffered = 0;
  uint64_t m_totalBytes = 0;
};

std::string sha256Hex(std::string_view data);
// Streams the file in chunks; errors name the file.
std::string sha256File(const std::filesystem::path& path);

}  // namespace sd
