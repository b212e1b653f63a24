#pragma once
// Turns what a user typed as a source into a ModelSource: nothing (the
// catalogue's base URL), an http(s) mirror base, a file:// URL or a local
// folder (imported by copying, with the same verification). Shared by
// `sdstudio-cli models get --source` and the window's Get models dialog.
#include <memory>
#include <string>

#include "core/catalogue/known_models.h"
#include "core/catalogue/model_source.h"

namespace sd::net {

// Throws sd::Error naming the source when it is unusable (an unknown URL
// scheme, a folder that does not exist, a model without a download address).
std::unique_ptr<ModelSource> modelSourceFor(const KnownModel& model, const std::string& source);

// A line to show before downloading when the files would come over plain
// http:// (anyone on the way can change them; only files with a sha256 in
// the catalogue would catch it); "" for https, file:// and folders.
std::string plainHttpWarning(const KnownModel& model, const std::string& source);

}  // namespace sd::net
