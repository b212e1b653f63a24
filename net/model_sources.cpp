#include "net/model_sources.h"

#include <QUrl>
#include <filesystem>

#include "core/util/error.h"
#include "net/http_model_source.h"

namespace sd::net {

namespace fs = std::filesystem;

std::unique_ptr<ModelSource> modelSourceFor(const KnownModel& model, const std::string& source) {
  if (source.empty()) {
    if (model.baseUrl.empty())
      throw Error("model '" + model.id + "' has no download address in the catalogue; give a source: a mirror URL "
                  "or a folder holding its files (" + model.source + ")");
    return std::make_unique<HttpModelSource>(QUrl(QString::fromStdString(model.baseUrl)));
  }
  const QUrl url(QString::fromStdString(source), QUrl::StrictMode);
  const QString scheme = url.scheme().toLower();
  if (scheme == "http" || scheme == "https") {
    if (!url.isValid() || url.host().isEmpty()) throw Error("source '" + source + "' is not a valid URL");
    return std::make_unique<HttpModelSource>(url);
  }
  fs::path folder = scheme == "file" ? fs::path(url.toLocalFile().toStdString()) : fs::path(source);
  if (scheme != "file" && scheme.size() > 1) throw Error("source '" + source + "': only http, https and file URLs or a folder");
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw Error("source folder " + folder.string() + " does not exist");
  return std::make_unique<LocalFolderSource>(folder);
}

std::string plainHttpWarning(const KnownModel& model, const std::string& source) {
  const std::string address = source.empty() ? model.baseUrl : source;
  if (QUrl(QString::fromStdString(address)).scheme().toLower() != "http") return {};
  int hashed = 0;
  for (const auto& f : model.files) hashed += f.sha256 ? 1 : 0;
  return "warning: " + address + " is plain http: anyone between you and it can change what arrives; " +
         std::to_string(hashed) + " of the " + std::to_string(model.files.size()) +
         " files have a sha256 in the catalogue to catch that (use https where the mirror offers it)";
}

}  // namespace sd::net
