#include "core/export/gallery_export.h"

#include <algorithm>
#include <exception>
#include <set>

#include "core/export/base64.h"
#include "core/export/gallery_html.h"
#include "core/export/score_tables.h"
#include "core/export/zip_writer.h"
#include "core/gallery/gallery_filter.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/no_follow.h"
#include "core/util/safe_file_name.h"

namespace fs = std::filesystem;

namespace sd {

namespace {

// Names in the export are vetted again: a folder may hold names that are
// legal here but not elsewhere ("CON.png", "a:b.png").
std::vector<std::string> exportNames(const std::vector<GalleryEntry>& entries) {
  std::vector<std::string> names;
  std::set<std::string> taken;
  for (const auto& e : entries) {
    std::string name = e.fileName;
    if (!isSafeFileName(name)) name = safeFileName(name.substr(0, name.size() - 4), 100) + ".png";
    const std::string stem = name.substr(0, name.size() - 4);
    for (int n = 2; !taken.insert(name).second; ++n) name = stem + "-" + std::to_string(n) + ".png";
    names.push_back(std::string(GalleryExport::kImagesFolder) + "/" + name);
  }
  return names;
}

}  // namespace

GalleryExport::GalleryExport(ExportOptions options, ExportProgress progress)
    : m_options(std::move(options)), m_progress(std::move(progress)), m_exceptionsAtStart(std::uncaught_exceptions()) {
  m_scan = loadGallery(m_options.gallery);
  for (const auto& w : m_scan.warnings) report("warning: " + w);
  if (m_scan.entries.empty()) throw Error("gallery " + m_options.gallery.string() + " holds no readable PNG image");
  keepFiltered();
  m_imageNames = exportNames(m_scan.entries);
  if (m_options.title.empty()) {
    const auto name = fs::absolute(m_options.gallery).lexically_normal().filename().string();
    m_options.title = "SD Studio gallery — " + (name.empty() ? m_options.gallery.string() : name);
    if (!m_options.filter.empty()) m_options.title += " (filter: " + m_options.filter + ")";
  }
}

void GalleryExport::keepFiltered() {
  const GalleryFilter filter = parseGalleryFilter(m_options.filter);
  if (filter.empty()) return;
  const std::size_t all = m_scan.entries.size();
  m_scan.entries = filterEntries(m_scan.entries, filter);
  if (m_scan.entries.empty())
    throw Error("the filter '" + m_options.filter + "' keeps none of the " + std::to_string(all) + " images of " +
                m_options.gallery.string());
  report("filter '" + m_options.filter + "': " + std::to_string(m_scan.entries.size()) + " of " +
         std::to_string(all) + " images");
}

GalleryExport::~GalleryExport() {
  if (std::uncaught_exceptions() > m_exceptionsAtStart) takeBack();
}

void GalleryExport::takeBack() noexcept {
  // Newest first: files, then the folders that held them (only if empty).
  std::error_code ec;
  for (auto it = m_created.rbegin(); it != m_created.rend(); ++it)
    if (fs::is_directory(*it, ec) ? fs::is_empty(*it, ec) : true) fs::remove(*it, ec);
}

void GalleryExport::report(const std::string& message) const {
  if (m_progress) m_progress(message);
}

std::string GalleryExport::zipName() const {
  const auto name = fs::absolute(m_options.gallery).lexically_normal().filename().string();
  return safeFileName(name, 80, "gallery") + ".zip";
}

std::vector<std::string> GalleryExport::plannedOutputs(const std::vector<std::string>& extra) const {
  std::vector<std::string> outputs = m_imageNames;
  if (m_options.html) outputs.push_back(kHtmlName);
  if (m_options.csv) outputs.push_back(kCsvName);
  if (m_options.json) outputs.push_back(kJsonName);
  outputs.insert(outputs.end(), extra.begin(), extra.end());
  if (m_options.zip) outputs.push_back(zipName());
  return outputs;
}

void GalleryExport::prepare(const std::vector<std::string>& extra) {
  std::error_code ec;
  // The export writes only into its own folder: an images/ (or an output)
  // that is a link would send the files, and --force's replacements, elsewhere.
  if (isSymlink(m_options.to / kImagesFolder))
    throw Error((m_options.to / kImagesFolder).string() + " is a symbolic link; an export writes only into its own "
                "folder (remove the link or export to another folder)");
  m_created.clear();
  for (const auto& folder : {m_options.to, m_options.to / kImagesFolder})
    if (!fs::exists(folder, ec)) m_created.push_back(folder);
  fs::create_directories(m_options.to / kImagesFolder, ec);
  if (ec) throw Error("cannot create export folder " + (m_options.to / kImagesFolder).string() + ": " + ec.message());
  std::vector<std::string> existing;
  for (const auto& name : plannedOutputs(extra)) {
    if (isSymlink(m_options.to / name))
      throw Error((m_options.to / name).string() + " is a symbolic link; an export does not replace links");
    if (!fs::exists(m_options.to / name)) m_created.push_back(m_options.to / name);
    else existing.push_back(name);
  }
  if (existing.empty() || m_options.force) return;
  std::string list;
  for (std::size_t i = 0; i < existing.size() && i < 5; ++i) list += (i ? ", " : "") + existing[i];
  if (existing.size() > 5) list += " and " + std::to_string(existing.size() - 5) + " more";
  // Refused: only the (empty) folders just made are ours to take back.
  m_created.erase(std::remove_if(m_created.begin(), m_created.end(), [](const fs::path& p) { return !fs::is_directory(p); }),
                  m_created.end());
  throw Error("export to " + m_options.to.string() + " would overwrite " + list + " (use --force to overwrite)");
}

void GalleryExport::writeImages() {
  const auto count = m_scan.entries.size();
  for (std::size_t i = 0; i < count; ++i) {
    const auto source = m_options.gallery / m_scan.entries[i].fileName;
    report("images " + std::to_string(i + 1) + "/" + std::to_string(count) + ": " + m_imageNames[i]);
    // Bytes as they are (metadata kept), read without following a link: the
    // gallery lists none, but one may have been swapped in since.
    writeFileAtomically(m_options.to / m_imageNames[i], readFileBeneath(m_options.gallery, m_scan.entries[i].fileName));
  }
}

void GalleryExport::writeReports() {
  if (m_options.html) {
    report(std::string("writing ") + kHtmlName + (m_options.embed ? " (images embedded)" : ""));
    HtmlPageOptions page;
    page.title = m_options.title;
    page.imageSource = [this](const GalleryEntry& e) {
      const std::size_t i = static_cast<std::size_t>(&e - m_scan.entries.data());
      if (!m_options.embed) return m_imageNames[i];
      return "data:image/png;base64," + base64Encode(readTextFile(m_options.to / m_imageNames[i]));
    };
    writeFileAtomically(m_options.to / kHtmlName, galleryHtml(m_scan.entries, page));
  }
  if (m_options.csv) {
    report(std::string("writing ") + kCsvName);
    writeFileAtomically(m_options.to / kCsvName, scoresCsv(m_scan.entries));
  }
  if (m_options.json) {
    report(std::string("writing ") + kJsonName);
    writeFileAtomically(m_options.to / kJsonName, scoresJson(m_scan.entries));
  }
}

void GalleryExport::writeZip(const std::vector<std::string>& extra) {
  if (!m_options.zip) return;
  report("writing " + zipName());
  ZipWriter zip;
  for (const auto& name : plannedOutputs(extra))
    if (name != zipName()) zip.addFile(name, m_options.to / name);
  zip.write(m_options.to / zipName());
}

void exportGallery(const ExportOptions& options, const ExportProgress& progress) {
  GalleryExport job(options, progress);
  job.prepare();
  job.writeImages();
  job.writeReports();
  job.writeZip();
}

}  // namespace sd
