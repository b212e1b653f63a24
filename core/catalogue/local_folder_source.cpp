// Copies in 1 MiB chunks rather than std::filesystem::copy_file so a copy of
// a multi-GB file resumes, reports progress and stops when cancelled. The
// folder is someone else's (a share, a copy from a stranger): its files are
// opened without following symbolic links (a `config.json` linked to
// ~/.ssh/id_rsa is refused, never copied into the models folder).
#include <algorithm>
#include <vector>

#include "core/catalogue/model_source.h"
#include "core/catalogue/part_file.h"
#include "core/util/regular_file.h"

namespace sd {

namespace fs = std::filesystem;

std::string LocalFolderSource::locate(const std::string& path) const { return (m_folder / fs::path(path)).string(); }

void LocalFolderSource::fetch(const KnownModelFile& spec, const fs::path& part, const FetchContext& context) {
  const fs::path from = m_folder / fs::path(spec.path);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(from, ec))) throw SourceFileMissing(from.string() + ": no such file");
  const RegularFile in = RegularFile::beneath(m_folder, fs::path(spec.path));
  const uint64_t total = in.size();
  PartFile out(part, context.maxBytes, from.string());
  out.requireRoomFor(total);  // before a byte is copied
  if (out.size() > total) out.truncate();  // not a prefix of this file: start again
  std::vector<char> buffer(1 << 20);
  if (context.progress) context.progress(out.size(), total);
  while (out.size() < total) {
    if (context.cancelled()) throw Cancelled();
    const auto length = static_cast<std::size_t>(std::min<uint64_t>(buffer.size(), total - out.size()));
    in.readAt(out.size(), buffer.data(), length);  // names the file if it shrank meanwhile
    out.append(buffer.data(), length);
    if (context.progress) context.progress(out.size(), total);
  }
}

}  // namespace sd
