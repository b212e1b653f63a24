#include "core/catalogue/model_install.h"

#include <algorithm>

#include "core/catalogue/model_file_verify.h"
#include "core/util/error.h"
#include "core/util/transfer_meter.h"

namespace sd {

namespace fs = std::filesystem;

uint64_t PlannedFile::expectedBytes() const {
  return spec->size.value_or(spec->maxSize.value_or(spec->minSize.value_or(0)));
}

bool InstallPlan::installed() const {
  for (const auto& f : files)
    if (f.spec->required && f.state != PlannedState::Installed) return false;
  return true;
}

uint64_t InstallPlan::bytesStillNeeded() const {
  uint64_t needed = 0;
  for (const auto& f : files) {
    if (f.state == PlannedState::Installed) continue;
    const uint64_t expected = f.expectedBytes();
    needed += expected > f.partBytes ? expected - f.partBytes : 0;
  }
  return needed;
}

uint64_t InstallPlan::totalBytes() const {
  uint64_t total = 0;
  for (const auto& f : files) total += f.expectedBytes();
  return total;
}

fs::path modelInstallFolder(const KnownModel& model, const fs::path& modelsDir) {
  if (model.layout == "single-file" || model.folder.empty()) return modelsDir;
  return modelsDir / fs::path(model.folder);
}

InstallPlan planInstall(const KnownModel& model, const fs::path& modelsDir, bool verifyHashes) {
  InstallPlan plan;
  plan.model = &model;
  plan.folder = modelInstallFolder(model, modelsDir);
  for (const auto& spec : model.files) {
    PlannedFile f;
    f.spec = &spec;
    f.target = plan.folder / fs::path(spec.path);
    f.part = fs::path(f.target.string() + ".part");
    std::error_code ec;
    if (fs::exists(f.target, ec)) {
      const FileCheck sized = checkKnownFile(spec, f.target, false);
      if (sized.status == FileStatus::Ok && verifyHashes) {
        const auto verdict = verifyModelFile(spec, f.target, spec.path, true);
        if (verdict.ok) f.state = PlannedState::Installed;
        else f.note = verdict.message;
      } else if (sized.status == FileStatus::Ok) {
        f.state = PlannedState::Installed;
      } else {
        f.note = sized.message;
      }
    }
    if (f.state != PlannedState::Installed && fs::is_regular_file(f.part, ec)) {
      f.partBytes = fs::file_size(f.part, ec);
      if (!ec && f.partBytes > 0) f.state = PlannedState::Partial;
    }
    plan.files.push_back(std::move(f));
  }
  return plan;
}

void requireDiskSpace(const fs::path& folder, uint64_t bytesNeeded) {
  fs::path probe = folder;
  std::error_code ec;
  while (!probe.empty() && !fs::exists(probe, ec)) {
    if (probe == probe.parent_path()) break;
    probe = probe.parent_path();
  }
  if (probe.empty()) probe = fs::current_path(ec);
  const auto space = fs::space(probe, ec);
  if (ec) throw Error("cannot tell the free space in " + probe.string() + ": " + ec.message());
  if (space.available < bytesNeeded)
    throw Error("not enough disk space in " + folder.string() + ": " + formatBytes(bytesNeeded) + " (" +
                std::to_string(bytesNeeded) + " bytes) needed, " + formatBytes(space.available) + " (" +
                std::to_string(space.available) + " bytes) available");
}

std::string finishPartFile(const PlannedFile& file, const std::string& shownName) {
  const FileVerdict verdict = verifyModelFile(*file.spec, file.part, shownName, false);
  std::error_code ec;
  if (!verdict.ok) {
    fs::remove(file.part, ec);
    throw Error(verdict.message + "; the download was deleted, nothing was installed");
  }
  fs::rename(file.part, file.target, ec);
  if (ec) throw Error("cannot move " + file.part.string() + " to " + file.target.string() + ": " + ec.message());
  return verdict.message;
}

InstallResult installModel(const KnownModel& model, const fs::path& modelsDir, ModelSource& source,
                           const InstallOptions& options) {
  InstallPlan plan = planInstall(model, modelsDir, true);
  InstallResult result;
  result.folder = plan.folder;
  requireDiskSpace(plan.folder, plan.bytesStillNeeded());
  uint64_t doneBefore = 0;  // bytes of files already handled
  const uint64_t total = plan.totalBytes();
  const auto report = [&](const std::string& file, const char* phase, uint64_t done) {
    if (options.progress) options.progress({file, phase, done, std::max(total, done)});
  };
  for (auto& f : plan.files) {
    if (f.state == PlannedState::Installed) {
      result.verified.push_back(f.spec->path + ": already installed and verified");
      doneBefore += f.expectedBytes();
      continue;
    }
    if (options.cancel && options.cancel->load()) throw Cancelled();
    std::error_code ec;
    fs::create_directories(f.part.parent_path(), ec);
    if (ec) throw Error("cannot create " + f.part.parent_path().string() + ": " + ec.message());
    FetchContext context;
    context.cancel = options.cancel;
    uint64_t fetchedFrom = f.partBytes;
    context.progress = [&](uint64_t partBytes, uint64_t) { report(f.spec->path, "downloading", doneBefore + partBytes); };
    // A .part longer than the file cannot be its prefix; one of exactly the
    // size only needs its check (a run stopped before verifying).
    const bool complete = f.spec->size && f.partBytes == *f.spec->size;
    if (f.spec->size && f.partBytes > *f.spec->size) fs::resize_file(f.part, 0, ec), fetchedFrom = 0;
    try {
      if (!complete) source.fetch(*f.spec, f.part, context);
    } catch (const SourceFileMissing& e) {
      if (f.spec->required) throw;
      if (options.note) options.note(std::string("skipped optional file: ") + e.what());
      continue;
    }
    const uint64_t size = fs::file_size(f.part, ec);
    result.bytesFetched += size > fetchedFrom ? size - fetchedFrom : 0;
    report(f.spec->path, "verifying", doneBefore + size);
    result.verified.push_back(finishPartFile(f, source.locate(f.spec->path)));
    doneBefore += f.expectedBytes() ? f.expectedBytes() : size;
  }
  return result;
}

}  // namespace sd
