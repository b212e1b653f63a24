#include "core/util/sha256.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <openssl/evp.h>

#include "core/util/error.h"

namespace sd {

namespace {

[[noreturn]] void fail(const char* step) { throw Error(std::string("SHA-256: OpenSSL's ") + step + " failed"); }

}  // namespace

void Sha256::FreeContext::operator()(evp_md_ctx_st* context) const { EVP_MD_CTX_free(context); }

Sha256::Sha256() : m_context(EVP_MD_CTX_new()) {
  if (!m_context) fail("EVP_MD_CTX_new");
  if (EVP_DigestInit_ex(m_context.get(), EVP_sha256(), nullptr) != 1) fail("EVP_DigestInit_ex");
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, std::size_t size) {
  if (size > 0 && EVP_DigestUpdate(m_context.get(), data, size) != 1) fail("EVP_DigestUpdate");
}

std::array<uint8_t, 32> Sha256::finish() {
  std::array<uint8_t, 32> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(m_context.get(), digest.data(), &length) != 1 || length != digest.size())
    fail("EVP_DigestFinal_ex");
  return digest;
}

std::string Sha256::finishHex() {
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (uint8_t byte : finish()) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

std::string sha256Hex(std::string_view data) {
  Sha256 hash;
  hash.update(data);
  return hash.finishHex();
}

std::string sha256File(const std::filesystem::path& path, const std::atomic<bool>* cancel) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!file) throw Error("cannot open " + path.string() + ": " + std::strerror(errno));
  Sha256 hash;
  std::vector<char> chunk(1 << 20);
  for (;;) {
    if (cancel && cancel->load()) throw Cancelled();
    const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file.get());
    hash.update(chunk.data(), n);
    if (n < chunk.size()) break;
  }
  if (std::ferror(file.get())) throw Error("cannot read " + path.string() + ": " + std::strerror(errno));
  return hash.finishHex();
}

}  // namespace sd
