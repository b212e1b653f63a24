// Copies in 1 MiB chunks rather than std::filesystem::copy_file so a copy of
// a multi-GB file resumes, reports progress and stops when cancelled.
#include <fstream>
#include <vector>

#include "core/catalogue/model_source.h"

namespace sd {

namespace fs = std::filesystem;

std::string LocalFolderSource::locate(const std::string& path) const { return (m_folder / fs::path(path)).string(); }

void LocalFolderSource::fetch(const KnownModelFile& spec, const fs::path& part, const FetchContext& context) {
  const fs::path from = m_folder / fs::path(spec.path);
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) throw SourceFileMissing(from.string() + ": no such file");
  const uint64_t total = fs::file_size(from, ec);
  if (ec) throw Error(from.string() + ": cannot read its size: " + ec.message());
  uint64_t done = fs::exists(part, ec) ? fs::file_size(part, ec) : 0;
  if (done > total) {  // not a prefix of this file: start again
    fs::resize_file(part, 0, ec);
    done = 0;
  }
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(part, std::ios::binary | std::ios::app);
  if (!in) throw Error(from.string() + ": cannot open for reading");
  if (!out) throw Error(part.string() + ": cannot open for writing");
  in.seekg(static_cast<std::streamoff>(done));
  std::vector<char> buffer(1 << 20);
  if (context.progress) context.progress(done, total);
  while (done < total) {
    if (context.cancelled()) throw Cancelled();
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = in.gcount();
    if (got <= 0) throw Error(from.string() + ": read failed after " + std::to_string(done) + " bytes");
    out.write(buffer.data(), got);
    if (!out) throw Error(part.string() + ": write failed (disk full?)");
    done += static_cast<uint64_t>(got);
    if (context.progress) context.progress(done, total);
  }
}

}  // namespace sd
