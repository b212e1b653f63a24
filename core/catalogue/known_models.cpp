#include "core/catalogue/known_models.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/util/app_dirs.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

namespace sd {

namespace fs = std::filesystem;

namespace {

std::string sizeText(uint64_t bytes) { return std::to_string(bytes) + " bytes"; }

}  // namespace

KnownModels KnownModels::load(const fs::path& manifest) {
  std::ifstream in(manifest, std::ios::binary);
  if (!in) throw Error("cannot open model manifest " + manifest.string());
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), manifest.string());
}

const KnownModel* KnownModels::find(std::string_view id) const {
  for (const auto& m : m_models)
    if (m.id == id) return &m;
  return nullptr;
}

const KnownModel* KnownModels::identify(const fs::path& folderOrFile) const {
  std::error_code ec;
  if (fs::is_directory(folderOrFile, ec)) {
    // The folder model whose required files are all present, preferring the
    // one whose folder name matches, then the one whose sizes all check out.
    const KnownModel* best = nullptr;
    int bestScore = 0;
    for (const auto& m : m_models) {
      if (m.layout == "single-file") continue;
      const auto check = checkKnownModel(m, folderOrFile, false);
      if (!check.ok()) {
        bool anyMissing = false;
        for (const auto& f : check.files) anyMissing |= f.required && f.status == FileStatus::Missing;
        if (anyMissing) continue;
      }
      const int score = 1 + (check.ok() ? 2 : 0) + (folderOrFile.filename() == m.folder ? 1 : 0);
      if (score > bestScore) best = &m, bestScore = score;
    }
    return best;
  }
  const auto size = fs::file_size(folderOrFile, ec);
  if (ec) return nullptr;
  for (const auto& m : m_models) {
    if (m.layout != "single-file" || m.files.size() != 1) continue;
    const auto& f = m.files.front();
    if (folderOrFile.filename() == f.path) return &m;
    if (f.size && *f.size == size && f.sha256) return &m;  // a renamed copy; verify before trusting
  }
  return nullptr;
}

bool ModelCheck::ok() const {
  for (const auto& f : files) {
    if (f.status == FileStatus::WrongSize || f.status == FileStatus::WrongSha256) return false;
    if (f.required && f.status == FileStatus::Missing) return false;
  }
  return true;
}

std::string ModelCheck::summary() const {
  std::string out;
  for (const auto& f : files) {
    const bool problem = f.status == FileStatus::WrongSize || f.status == FileStatus::WrongSha256 ||
                         (f.required && f.status == FileStatus::Missing);
    if (problem) out += f.message + "\n";
  }
  return out;
}

uint64_t defaultByteCap(std::string_view path) {
  if (path.ends_with(".json") || path.ends_with(".txt")) return uint64_t(16) << 20;
  if (path.ends_with(".safetensors") || path.ends_with(".ckpt") || path.ends_with(".bin")) return uint64_t(8) << 30;
  return uint64_t(64) << 20;
}

uint64_t KnownModelFile::byteCap() const { return size.value_or(maxSize.value_or(defaultByteCap(path))); }

FileCheck checkKnownFile(const KnownModelFile& spec, const fs::path& file, bool verifySha256) {
  FileCheck r;
  r.path = spec.path;
  r.file = file;
  r.required = spec.required;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    r.status = FileStatus::Missing;
    r.message = file.string() + ": missing" + (spec.required ? "" : " (optional)");
    return r;
  }
  r.actualSize = fs::file_size(file, ec);
  if (ec) {
    r.status = FileStatus::Missing;
    r.message = file.string() + ": cannot read its size: " + ec.message();
    return r;
  }
  if (spec.size && r.actualSize != *spec.size) {
    r.status = FileStatus::WrongSize;
    r.message = file.string() + ": " + sizeText(r.actualSize) + ", expected " + sizeText(*spec.size) +
                " (incomplete or a different file)";
    return r;
  }
  if (!spec.size && ((spec.minSize && r.actualSize < *spec.minSize) || r.actualSize > spec.byteCap())) {
    r.status = FileStatus::WrongSize;
    r.message = file.string() + ": " + sizeText(r.actualSize) + ", expected " +
                sizeText(spec.minSize.value_or(0)) + " to " + sizeText(spec.byteCap()) +
                " (incomplete or a different file)";
    return r;
  }
  r.status = FileStatus::Ok;
  r.message = file.string() + ": size ok";
  if (!verifySha256 || !spec.sha256) return r;
  r.actualSha256 = sha256File(file);
  if (r.actualSha256 != *spec.sha256) {
    r.status = FileStatus::WrongSha256;
    r.message = file.string() + ": sha256 " + r.actualSha256 + ", expected " + *spec.sha256;
  } else {
    r.message = file.string() + ": size and sha256 ok";
  }
  return r;
}

ModelCheck checkKnownModel(const KnownModel& model, const fs::path& folderOrFile, bool verifySha256) {
  ModelCheck check;
  check.model = &model;
  const bool single = model.layout == "single-file";
  for (const auto& spec : model.files) {
    const fs::path file = single ? folderOrFile : folderOrFile / fs::path(spec.path);
    check.files.push_back(checkKnownFile(spec, file, verifySha256));
  }
  return check;
}

fs::path knownModelsManifestPath() {
  return knownModelsFile(runningExecutableDir()).lexically_normal();
}

}  // namespace sd
