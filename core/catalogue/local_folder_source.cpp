// Copies in 1 MiB chunks rather than std::filesystem::copy_file so a copy of
// a multi-GB file resumes, reports progress and stops when cancelled. The
// folder is someone else's (a share, a copy from a stranger): its files are
// opened without following symbolic links (a `config.json` linked to
// ~/.ssh/id_rsa is refused, never copied into the models folder).
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/catalogue/model_source.h"
#include "core/catalogue/part_file.h"
#include "core/util/no_follow.h"

namespace sd {

namespace fs = std::filesystem;

std::string LocalFolderSource::locate(const std::string& path) const { return (m_folder / fs::path(path)).string(); }

void LocalFolderSource::fetch(const KnownModelFile& spec, const fs::path& part, const FetchContext& context) {
  const fs::path from = m_folder / fs::path(spec.path);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(from, ec))) throw SourceFileMissing(from.string() + ": no such file");
  const UniqueFd in = openRegularBeneath(m_folder, fs::path(spec.path));
  const off_t end = ::lseek(in.get(), 0, SEEK_END);
  if (end < 0) throw Error(from.string() + ": cannot read its size: " + std::strerror(errno));
  const auto total = static_cast<uint64_t>(end);
  PartFile out(part, context.maxBytes, from.string());
  out.requireRoomFor(total);  // before a byte is copied
  if (out.size() > total) out.truncate();  // not a prefix of this file: start again
  std::vector<char> buffer(1 << 20);
  if (context.progress) context.progress(out.size(), total);
  while (out.size() < total) {
    if (context.cancelled()) throw Cancelled();
    const ssize_t got = ::pread(in.get(), buffer.data(), buffer.size(), static_cast<off_t>(out.size()));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) throw Error(from.string() + ": read failed after " + std::to_string(out.size()) + " bytes");
    out.append(buffer.data(), static_cast<std::size_t>(got));
    if (context.progress) context.progress(out.size(), total);
  }
}

}  // namespace sd
