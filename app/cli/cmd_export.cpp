// sdstudio-cli export GALLERY --to DIR [--html [--embed]] [--contact-sheet]
// [--csv] [--json] [--zip] [--force]: a gallery folder (the studio's, or
// any folder of PNGs sdstudio-cli generate wrote) as files to hand over.
// Progress goes to stderr, the summary to stdout.
#include <iostream>

#include "app/cli/commands.h"
#include "core/export/gallery_export.h"
#include "core/gallery/gallery_filter.h"
#include "core/util/error.h"

#ifdef SDSTUDIO_CLI_CONTACT_SHEET
#include <QGuiApplication>
#include <memory>

#include "ui/painting/gallery_export_job.h"
#endif

namespace sd::cli {

namespace {

#ifdef SDSTUDIO_CLI_CONTACT_SHEET
// Painting text needs a QGuiApplication; the CLI never shows a window, so
// the offscreen platform unless the user chose another.
void ensureGuiApplication() {
  if (QGuiApplication::instance()) return;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "sdstudio-cli";
  static char* argv[] = {name, nullptr};
  static std::unique_ptr<QGuiApplication> app = std::make_unique<QGuiApplication>(argc, argv);
}
#endif

int runExport(const ParsedArgs& args) {
  ExportOptions options;
  options.gallery = args.positionals()[0];
  options.to = args.require("to");
  options.html = args.has("html") || args.has("embed");
  options.embed = args.has("embed");
  options.csv = args.has("csv");
  options.json = args.has("json");
  options.zip = args.has("zip");
  options.force = args.has("force");
  options.title = args.value("title").value_or("");
  options.filter = args.value("filter").value_or("");
  try {
    parseGalleryFilter(options.filter);  // a query it cannot read is the command line's fault
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  const bool contactSheet = args.has("contact-sheet");
  [[maybe_unused]] const int columns = static_cast<int>(args.integer("columns", 4, 1, 64));
  const ExportProgress progress = [](const std::string& line) { std::cerr << "export: " << line << std::endl; };
#ifdef SDSTUDIO_CLI_CONTACT_SHEET
  if (contactSheet) ensureGuiApplication();
  const auto outputs = ui::runGalleryExport(options, {contactSheet, columns}, progress);
#else
  if (contactSheet) throw UsageError("--contact-sheet needs a build with the UI (SDSTUDIO_BUILD_UI=ON)");
  GalleryExport job(options, progress);
  job.prepare();
  job.writeImages();
  job.writeReports();
  job.writeZip();
  const auto outputs = job.plannedOutputs();
#endif
  std::size_t images = 0;
  for (const auto& name : outputs) images += name.rfind(GalleryExport::kImagesFolder, 0) == 0;
  std::cout << "exported " << images << " images to " << options.to.string() << "\n";
  for (const auto& name : outputs)
    if (name.rfind(GalleryExport::kImagesFolder, 0) != 0) std::cout << "  " << (options.to / name).string() << "\n";
  return 0;
}

}  // namespace

CommandSpec exportCommand() {
  return {"export",
          "Export a gallery as images, an HTML page, a contact sheet, CSV, JSON or a zip.",
          "Exports a gallery folder (the studio's, or PNGs written by 'generate'): the PNGs with their metadata "
          "under DIR/images, plus on request an HTML page with CLIP bars, a contact sheet, CSV and JSON of all "
          "scores, and a zip of everything. --filter exports only the images a gallery query keeps (the syntax of "
          "the window's filter box and 'sdstudio-cli search'). Refuses to overwrite unless --force.",
          "GALLERY --to DIR [--filter QUERY] [--html [--embed]] [--contact-sheet] [--csv] [--json] [--zip] [--force]",
          {required(value("to", "DIR", "where to write (created when missing)")),
           flag("html", "index.html: every image with prompt, settings and probability bars"),
           flag("embed", "put the images inside index.html as data: URIs (implies --html)"),
           flag("contact-sheet", "contact-sheet.png: one grid with prompts, seeds and bars"),
           value("columns", "N", "contact sheet columns (default 4)"),
           flag("csv", "scores.csv: one row per image and comparison prompt"),
           flag("json", "scores.json: every image's settings and scores"),
           flag("zip", "GALLERY-NAME.zip of all exported files"),
           value("title", "TEXT", "page and sheet title (default: from the folder name and the filter)"),
           value("filter", "QUERY",
                 "only the images this query keeps, e.g. \"fox -blurry sampler:euler margin:>=20%\" (see search)"),
           flag("force", "overwrite files that exist in DIR")},
          {"GALLERY", 1, 1},
          runExport};
}

}  // namespace sd::cli
