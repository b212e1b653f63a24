#pragma once
// Taking a gallery folder elsewhere (sdstudio-cli export, the window's
// Export…): the PNGs as they are (metadata included) under images/, an HTML
// page, score tables and a zip of it all. Nothing that exists is overwritten
// unless `force`: the whole export is refused before anything is written.
// An export that fails half-way (a full disk) takes back the files it had
// created, so the retry is not refused for its own leftovers.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/gallery/gallery_store.h"

namespace sd {

struct ExportOptions {
  std::filesystem::path gallery;  // any folder of PNGs (a studio gallery, sdstudio-cli generate output…)
  std::filesystem::path to;       // created when missing
  bool html = false;
  bool embed = false;  // HTML carries the images as data: URIs (one file to mail)
  bool csv = false;
  bool json = false;
  bool zip = false;
  bool force = false;  // overwrite existing outputs
  std::string title;   // default: "SD Studio gallery — <folder name>" (and the filter)
  // A gallery query (core/gallery/gallery_filter.h): only the images it
  // keeps are exported; "" = all.
  std::string filter;
};

// Called with one line per step ("images 3/12: 00003-s42-a_cat.png").
using ExportProgress = std::function<void(const std::string& message)>;

class GalleryExport {
 public:
  static constexpr const char* kHtmlName = "index.html";
  static constexpr const char* kCsvName = "scores.csv";
  static constexpr const char* kJsonName = "scores.json";
  static constexpr const char* kImagesFolder = "images";

  // Loads the gallery (throws sd::Error when it is not a folder or holds no PNG).
  GalleryExport(ExportOptions options, ExportProgress progress = {});
  // Destroyed by an exception in flight (a step failed): removes the
  // outputs prepare() found missing, and the folders it created.
  ~GalleryExport();
  GalleryExport(const GalleryExport&) = delete;
  GalleryExport& operator=(const GalleryExport&) = delete;

  const std::vector<GalleryEntry>& entries() const { return m_scan.entries; }
  const GalleryScan& scan() const { return m_scan; }
  const ExportOptions& options() const { return m_options; }
  std::string exportedImageName(std::size_t index) const { return m_imageNames[index]; }  // "images/…"
  std::string zipName() const;

  // Every file the export writes (relative to `to`), `extra` included (files
  // another writer adds, e.g. the contact sheet), the zip last.
  std::vector<std::string> plannedOutputs(const std::vector<std::string>& extra = {}) const;
  // Creates `to`; throws sd::Error listing the outputs that exist already
  // (unless force), so an export never half-overwrites a folder.
  void prepare(const std::vector<std::string>& extra = {});
  void writeImages();
  void writeReports();  // HTML, CSV, JSON as asked
  void writeZip(const std::vector<std::string>& extra = {});  // all outputs, when asked

 private:
  void report(const std::string& message) const;
  void keepFiltered();  // the entries options.filter keeps (throws when none)
  void takeBack() noexcept;

  ExportOptions m_options;
  ExportProgress m_progress;
  GalleryScan m_scan;
  std::vector<std::string> m_imageNames;
  std::vector<std::filesystem::path> m_created;  // outputs and folders this export brings into being
  int m_exceptionsAtStart;
};

// The whole export without a contact sheet (the CLI adds that from ui/).
void exportGallery(const ExportOptions& options, const ExportProgress& progress = {});

}  // namespace sd
