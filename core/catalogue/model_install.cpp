#include "core/catalogue/model_install.h"

#include <sys/file.h>

#include <algorithm>

#include "core/catalogue/model_file_verify.h"
#include "core/util/error.h"
#include "core/util/no_follow.h"
#include "core/util/transfer_meter.h"

namespace sd {

namespace fs = std::filesystem;

uint64_t PlannedFile::expectedBytes() const { return spec->byteCap(); }

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
      if (f.state != PlannedState::Installed) f.state = PlannedState::Different;
    }
    // symlink_status: a .part that is a link is not counted (the fetch refuses it).
    if (f.state == PlannedState::Missing && fs::is_regular_file(fs::symlink_status(f.part, ec))) {
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

std::string finishPartFile(const PlannedFile& file, const std::string& shownName, const std::atomic<bool>* cancel) {
  const FileVerdict verdict = verifyModelFile(*file.spec, file.part, shownName, false, cancel);
  std::error_code ec;
  if (!verdict.ok) {
    fs::remove(file.part, ec);
    throw Error(verdict.message + "; the download was deleted");
  }
  fs::rename(file.part, file.target, ec);
  if (ec) throw Error("cannot move " + file.part.string() + " to " + file.target.string() + ": " + ec.message());
  return verdict.message;
}

namespace {

// "; installed before this: a, b" — so a failure half-way says what is there.
std::string installedSoFar(const InstallResult& result) {
  if (result.installed.empty()) return "; nothing was installed";
  std::string list;
  for (const auto& path : result.installed) list += (list.empty() ? "" : ", ") + path;
  return "; installed before this: " + list;
}

void refuseToReplace(const InstallPlan& plan) {
  std::string lines;
  for (const auto& f : plan.files)
    if (f.state == PlannedState::Different) lines += "\n  " + f.note;
  if (lines.empty()) return;
  throw DifferentFilesPresent("files that are not the catalogue's are already at its paths in " + plan.folder.string() +
                              ":" + lines + "\nnothing was downloaded or replaced; move them away, or choose to replace them");
}

// Held for the whole install; a second install of the model into the same
// folder fails at once, naming the lock, instead of interleaving.
class InstallLock {
 public:
  InstallLock(const KnownModel& model, const fs::path& modelsDir) {
    std::error_code ec;
    fs::create_directories(modelsDir, ec);
    const auto path = installLockPath(model, modelsDir);
    m_fd = openWritableNoFollow(path);
    if (::flock(m_fd.get(), LOCK_EX | LOCK_NB) != 0)
      throw Error("another install of " + model.id + " into " + modelsDir.string() + " is running (it holds " +
                  path.string() + "); wait for it to end, or stop it");
  }  // the descriptor's close releases the lock

 private:
  UniqueFd m_fd;
};

// Removes the folders an install made if it ends holding nothing (a failed
// first download must not leave an empty model folder that looks installed).
class MadeFolders {
 public:
  explicit MadeFolders(const fs::path& folder) : m_folder(folder) {
    std::error_code ec;
    m_existed = fs::exists(folder, ec);
  }
  ~MadeFolders() {
    if (!m_existed) pruneEmpty(m_folder);  // after a success it holds files: nothing goes
  }

 private:
  // Empty subfolders first, then the folder itself if that leaves it empty.
  static bool pruneEmpty(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(dir, ec))) return false;
    bool empty = true;
    for (const auto& entry : fs::directory_iterator(dir, ec)) empty = pruneEmpty(entry.path()) && empty;
    return empty && fs::remove(dir, ec);
  }
  fs::path m_folder;
  bool m_existed = false;
};

}  // namespace

fs::path installLockPath(const KnownModel& model, const fs::path& modelsDir) {
  return modelsDir / ("." + model.id + ".install-lock");
}

InstallResult installModel(const KnownModel& model, const fs::path& modelsDir, ModelSource& source,
                           const InstallOptions& options) {
  MadeFolders made(modelInstallFolder(model, modelsDir));
  const InstallLock lock(model, modelsDir);
  InstallPlan plan = planInstall(model, modelsDir, true);
  InstallResult result;
  result.folder = plan.folder;
  if (!options.replace) refuseToReplace(plan);
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
    context.maxBytes = f.spec->byteCap();
    uint64_t fetchedFrom = f.partBytes;
    context.progress = [&](uint64_t partBytes, uint64_t) { report(f.spec->path, "downloading", doneBefore + partBytes); };
    // A .part longer than the file cannot be its prefix; one of exactly the
    // size only needs its check (a run stopped before verifying).
    const bool complete = f.spec->size && f.partBytes == *f.spec->size;
    if (f.spec->size && f.partBytes > *f.spec->size) fs::resize_file(f.part, 0, ec), fetchedFrom = 0;
    try {
      if (!complete) source.fetch(*f.spec, f.part, context);
    } catch (const SourceFileMissing& e) {
      if (f.spec->required) throw Error(e.what() + installedSoFar(result));
      if (options.note) options.note(std::string("skipped optional file: ") + e.what());
      result.verified.push_back(f.spec->path + ": optional, not on the source, skipped");
      continue;
    } catch (const SourceFileTooLarge& e) {
      fs::remove(f.part, ec);
      throw Error(e.what() + std::string(" and deleted") + installedSoFar(result));
    } catch (const PartWriteFailed& e) {
      fs::remove(f.part, ec);  // its tail is not known to be good, and it holds the space
      throw Error(e.what() + std::string("; the partial download was deleted") + installedSoFar(result));
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      throw Error(e.what() + installedSoFar(result));
    }
    const uint64_t size = fs::file_size(f.part, ec);
    result.bytesFetched += size > fetchedFrom ? size - fetchedFrom : 0;
    report(f.spec->path, "verifying", doneBefore + size);
    std::string verdict;
    try {
      verdict = finishPartFile(f, source.locate(f.spec->path), options.cancel);
    } catch (const Cancelled&) {
      throw;  // the .part is complete: the next install only checks it
    } catch (const Error& e) {
      throw Error(e.what() + installedSoFar(result));
    }
    const bool replaced = f.state == PlannedState::Different;
    result.verified.push_back(verdict + (replaced ? " (replaced the different file that was there)" : ""));
    result.installed.push_back(f.spec->path);
    if (replaced) result.replaced.push_back(f.spec->path);
    doneBefore += size;
  }
  return result;
}

}  // namespace sd
