#include "core/export/zip_writer.h"

#include <array>
#include <limits>
#include <set>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/safe_file_name.h"

namespace sd {

namespace {

constexpr uint16_t kVersion = 20;       // 2.0: folders and stored files
constexpr uint16_t kUtf8Names = 0x0800;  // general purpose bit 11
constexpr uint16_t kDosTime = 0;         // 00:00:00
constexpr uint16_t kDosDate = (2020 - 1980) << 9 | 1 << 5 | 1;  // fixed: archives are reproducible

void put16(std::string& out, uint16_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>(v >> 8);
}
void put32(std::string& out, uint32_t v) {
  put16(out, static_cast<uint16_t>(v & 0xFFFF));
  put16(out, static_cast<uint16_t>(v >> 16));
}

void checkName(const std::string& name) {
  if (name.empty() || name.size() > 0xFFFF || name.front() == '/' || name.find('\\') != std::string::npos ||
      name.find('\0') != std::string::npos)
    throw Error("zip: bad entry name '" + validUtf8(name) + "'");
  std::size_t start = 0;
  for (;;) {
    const auto slash = name.find('/', start);
    const auto part = name.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    // Each component a plain, visible name: no "..", no controls, no bidi
    // overrides that make an entry read as something else when unpacked.
    if (!isSafeFileName(part)) throw Error("zip: bad entry name '" + validUtf8(name) + "'");
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
}

}  // namespace

uint32_t crc32(std::string_view bytes, uint32_t crc) {
  static const auto kTable = [] {
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    return table;
  }();
  crc = ~crc;
  for (const char b : bytes) crc = kTable[(crc ^ static_cast<uint8_t>(b)) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

void ZipWriter::add(const std::string& name, std::string_view bytes) {
  checkName(name);
  for (const auto& e : m_entries)
    if (e.name == name) throw Error("zip: duplicate entry '" + name + "'");
  constexpr auto kMax = std::numeric_limits<uint32_t>::max();
  if (m_entries.size() >= 0xFFFF || bytes.size() >= kMax || m_data.size() + bytes.size() + 30 + name.size() >= kMax)
    throw Error("zip: archive would exceed 4 GiB or 65535 entries (no Zip64 support)");
  Entry e{name, crc32(bytes), static_cast<uint32_t>(bytes.size()), static_cast<uint32_t>(m_data.size())};
  put32(m_data, 0x04034b50);
  put16(m_data, kVersion);
  put16(m_data, kUtf8Names);
  put16(m_data, 0);  // stored
  put16(m_data, kDosTime);
  put16(m_data, kDosDate);
  put32(m_data, e.crc);
  put32(m_data, e.size);  // compressed = uncompressed
  put32(m_data, e.size);
  put16(m_data, static_cast<uint16_t>(name.size()));
  put16(m_data, 0);  // no extra field
  m_data += name;
  m_data.append(bytes);
  m_entries.push_back(std::move(e));
}

void ZipWriter::addFile(const std::string& name, const std::filesystem::path& file) { add(name, readTextFile(file)); }

std::string ZipWriter::finish() const {
  std::string out = m_data;
  const auto directoryStart = static_cast<uint32_t>(out.size());
  for (const auto& e : m_entries) {
    put32(out, 0x02014b50);
    put16(out, 3 << 8 | kVersion);  // made by: Unix, so the mode below counts
    put16(out, kVersion);
    put16(out, kUtf8Names);
    put16(out, 0);
    put16(out, kDosTime);
    put16(out, kDosDate);
    put32(out, e.crc);
    put32(out, e.size);
    put32(out, e.size);
    put16(out, static_cast<uint16_t>(e.name.size()));
    put16(out, 0);  // extra
    put16(out, 0);  // comment
    put16(out, 0);  // disk
    put16(out, 0);  // internal attributes
    put32(out, 0100644u << 16);  // -rw-r--r--
    put32(out, e.offset);
    out += e.name;
  }
  const auto directorySize = static_cast<uint32_t>(out.size() - directoryStart);
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<uint16_t>(m_entries.size()));
  put16(out, static_cast<uint16_t>(m_entries.size()));
  put32(out, directorySize);
  put32(out, directoryStart);
  put16(out, 0);  // comment length
  return out;
}

void ZipWriter::write(const std::filesystem::path& path) const { writeFileAtomically(path, finish()); }

}  // namespace sd
