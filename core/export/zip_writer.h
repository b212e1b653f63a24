#pragma once
// A minimal ZIP archive writer (PKWARE APPNOTE 6.3): stored entries (PNGs
// are compressed already), UTF-8 names, no Zip64 — enough to hand a gallery
// over as one file without a new dependency.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sd {

uint32_t crc32(std::string_view bytes, uint32_t crc = 0);

class ZipWriter {
 public:
  // `name` is the path inside the archive ("images/a.png"): relative, '/'
  // separated, no "..". Throws sd::Error on a bad name, a duplicate, or past
  // the 4 GiB / 65535-entry limits of a plain zip.
  void add(const std::string& name, std::string_view bytes);
  void addFile(const std::string& name, const std::filesystem::path& file);
  // The archive bytes; the writer can keep adding afterwards.
  std::string finish() const;
  // finish() written atomically to `path`.
  void write(const std::filesystem::path& path) const;
  std::size_t size() const { return m_entries.size(); }

 private:
  struct Entry {
    std::string name;
    uint32_t crc = 0;
    uint32_t size = 0;
    uint32_t offset = 0;
  };
  std::string m_data;  // local headers and file data so far
  std::vector<Entry> m_entries;
};

}  // namespace sd
