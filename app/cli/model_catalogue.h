#pragma once
// What `sdstudio-cli models` needs around the catalogue: loading it, finding
// a model by id with a helpful error, the models folder to install into,
// and where a model is already installed.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "core/catalogue/known_models.h"

namespace sd::cli {

KnownModels loadCatalogue();  // throws naming the manifest, or saying none was found
const KnownModel& requireModel(const KnownModels& catalogue, const std::string& id);  // lists the ids when unknown
// --to DIR, else the user's models folder (throws when there is none).
std::filesystem::path modelsTarget(const std::optional<std::string>& to);
// The first folder (or file, for single-file models) where every required
// file of `model` is present with the right size: in --to DIR when given,
// else in the model search folders. Empty when not installed.
std::filesystem::path installedModelFolder(const KnownModel& model, const std::optional<std::string>& to);
// The catalogue's size of a model: exact sizes, else the upper bound.
uint64_t catalogueBytes(const KnownModel& model);
// `verify ID|DIR`: the model and its folder (or file), or a clear error.
std::pair<const KnownModel*, std::filesystem::path> modelToVerify(const KnownModels& catalogue, const std::string& what,
                                                                   const std::optional<std::string>& to);

}  // namespace sd::cli
