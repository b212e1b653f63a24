#pragma once
// SHA-256 (FIPS 180-4), streaming: model hashes for A1111's "Model hash"
// field and the sha256 checks of known model files. The compression runs in
// OpenSSL's libcrypto, which uses the CPU's SHA extensions where present
// (~1.5 GB/s against ~0.3 GB/s for a portable loop): hashing a 4 GB
// checkpoint was half the CPU time of a short `generate`. OpenSSL stays out
// of this header; the context is opaque.
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace sd {

class Sha256 {
 public:
  Sha256();  // throws sd::Error when libcrypto cannot set up a context
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  std::array<uint8_t, 32> finish();  // the digest; the object is spent afterwards
  std::string finishHex();

 private:
  struct FreeContext {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, FreeContext> m_context;
};

std::string sha256Hex(std::string_view data);
// Streams the file in chunks; errors name the file. `cancel`, when set by
// another thread (Ctrl+C, a Cancel button), stops it with sd::Cancelled
// within one 1 MiB chunk: a multi-GB file takes many seconds.
std::string sha256File(const std::filesystem::path& path, const std::atomic<bool>* cancel = nullptr);

}  // namespace sd
