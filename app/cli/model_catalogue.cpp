#include "app/cli/model_catalogue.h"

#include "app/cli/command.h"
#include "core/catalogue/model_install.h"
#include "core/catalogue/model_search_paths.h"
#include "core/util/error.h"

namespace sd::cli {

namespace fs = std::filesystem;

KnownModels loadCatalogue() {
  const fs::path manifest = knownModelsManifestPath();
  if (manifest.empty()) throw Error("the model catalogue known_models.json was not found (is SD Studio installed?)");
  return KnownModels::load(manifest);
}

const KnownModel& requireModel(const KnownModels& catalogue, const std::string& id) {
  if (const auto* m = catalogue.find(id)) return *m;
  std::string ids;
  for (const auto& m : catalogue.models()) ids += (ids.empty() ? "" : ", ") + m.id;
  throw UsageError("unknown model '" + id + "' (known: " + ids + ")");
}

fs::path modelsTarget(const std::optional<std::string>& to) {
  if (to) {
    if (to->empty()) throw UsageError("--to needs a folder");
    return fs::path(*to);
  }
  const fs::path user = userModelsDir();
  if (user.empty()) throw Error("no user models folder (neither XDG_DATA_HOME nor HOME is set): give --to DIR");
  return user;
}

fs::path installedModelFolder(const KnownModel& model, const std::optional<std::string>& to) {
  std::vector<fs::path> dirs;
  if (to) dirs.push_back(*to);
  else
    for (const auto& d : modelSearchPaths()) dirs.push_back(d.path);
  for (const auto& dir : dirs) {
    const InstallPlan plan = planInstall(model, dir, false);
    if (!plan.installed()) continue;
    return model.layout == "single-file" ? plan.files.front().target : plan.folder;
  }
  return {};
}

uint64_t catalogueBytes(const KnownModel& model) {
  uint64_t total = 0;
  for (const auto& f : model.files) total += f.size.value_or(f.maxSize.value_or(f.minSize.value_or(0)));
  return total;
}

std::pair<const KnownModel*, fs::path> modelToVerify(const KnownModels& catalogue, const std::string& what,
                                                     const std::optional<std::string>& to) {
  if (const auto* m = catalogue.find(what)) {
    fs::path where = installedModelFolder(*m, to);
    if (where.empty()) {
      // Not complete anywhere: verify the usual place, so the wrong files are named.
      const fs::path folder = modelInstallFolder(*m, modelsTarget(to));
      where = m->layout == "single-file" ? folder / m->files.front().path : folder;
      std::error_code ec;
      if (!fs::exists(where, ec)) throw Error(m->id + " is not installed (looked for " + where.string() + ")");
    }
    return {m, where};
  }
  std::error_code ec;
  if (!fs::exists(what, ec)) throw Error("'" + what + "' is neither a known model id nor an existing folder or file");
  const KnownModel* m = catalogue.identify(what);
  if (!m) throw Error(what + ": not one of the known models (its files do not match any catalogue entry)");
  return {m, fs::path(what)};
}

}  // namespace sd::cli
