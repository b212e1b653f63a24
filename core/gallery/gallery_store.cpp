#include "core/gallery/gallery_store.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>

#include "core/image/png_io.h"
#include "core/image/png_text.h"
#include "core/metadata/settings_reader.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/safe_file_name.h"

namespace fs = std::filesystem;

namespace sd {

namespace {

bool isTemporary(const std::string& name) { return name.front() == '.' && name.find(".tmp-") != std::string::npos; }

bool isPngName(const std::string& name) {
  if (name.empty() || name.front() == '.' || name.size() < 5) return false;
  std::string ext = name.substr(name.size() - 4);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".png";
}

struct FolderListing {
  std::vector<std::string> pngs;  // sorted
  std::vector<std::string> temporaries;
  std::vector<std::string> links;  // .png names that are symbolic links: never read or exported
};

FolderListing listFolder(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) throw Error("gallery folder " + folder.string() + " does not exist or is not a folder");
  FolderListing listing;
  for (const auto& item : fs::directory_iterator(folder, ec)) {
    const std::string name = item.path().filename().string();
    if (isTemporary(name)) listing.temporaries.push_back(name);
    else if (isPngName(name) && item.is_symlink(ec)) listing.links.push_back(name);
    else if (isPngName(name) && item.is_regular_file(ec)) listing.pngs.push_back(name);
  }
  if (ec) throw Error("cannot list gallery folder " + folder.string() + ": " + ec.message());
  std::sort(listing.pngs.begin(), listing.pngs.end());
  return listing;
}

// A PNG the index does not know: decode it completely (a foreign tool may
// have left it half-written) and take its recipe from its own chunks.
bool recoverEntry(const fs::path& folder, const std::string& name, GalleryScan& scan) {
  try {
    const auto contents = readPng(folder / name);
    const auto settings = settingsFromText(contents.text);
    if (!hasRecipe(settings))  // why it shows without settings (a limit passed, a chunk unreadable)
      for (const auto& w : settings.warnings) scan.warnings.push_back(name + ": " + w);
    GalleryEntry e;
    e.fileName = name;
    e.recipe = settings.recipe;
    e.hasSettings = hasRecipe(settings);
    std::error_code ec;
    const auto time = fs::last_write_time(folder / name, ec);
    if (!ec)
      e.addedAtMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::file_clock::to_sys(time).time_since_epoch())
                        .count();
    scan.entries.push_back(std::move(e));
    return true;
  } catch (const Error& error) {
    scan.unreadable += 1;
    scan.warnings.push_back(error.what());
    return false;
  }
}

GalleryScan scanFolder(const fs::path& folder, bool useIndex) {
  const auto listing = listFolder(folder);
  GalleryScan scan;
  scan.temporaries = static_cast<int>(listing.temporaries.size());
  for (const auto& name : listing.links)
    scan.warnings.push_back(name + ": a symbolic link, skipped (a gallery shows and exports only its own files)");
  const std::set<std::string> present(listing.pngs.begin(), listing.pngs.end());
  std::set<std::string> known;
  const auto indexPath = folder / kGalleryIndexName;
  if (useIndex && fs::exists(indexPath)) {
    scan.indexFound = true;
    try {
      for (auto& e : parseGalleryIndex(readTextFile(indexPath), indexPath, &scan.warnings)) {
        if (!present.count(e.fileName) || !known.insert(e.fileName).second) {
          scan.missing += present.count(e.fileName) ? 0 : 1;
          continue;
        }
        scan.entries.push_back(std::move(e));
        scan.fromIndex += 1;
      }
    } catch (const Error& error) {
      scan.warnings.push_back(std::string(error.what()) + "; rebuilt from the PNG files");
      scan.entries.clear();
      scan.fromIndex = 0;
      known.clear();
    }
  }
  for (const auto& name : listing.pngs)
    if (!known.count(name) && recoverEntry(folder, name, scan)) scan.recovered += 1;
  return scan;
}

int leadingNumber(const std::string& name) {
  int n = 0;
  std::size_t i = 0;
  for (; i < name.size() && i < 9 && std::isdigit(static_cast<unsigned char>(name[i])); ++i) n = n * 10 + (name[i] - '0');
  return i > 0 && i < name.size() && name[i] == '-' ? n : 0;
}

int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

GalleryScan loadGallery(const fs::path& folder) { return scanFolder(folder, true); }
GalleryScan rebuildFromPngs(const fs::path& folder) { return scanFolder(folder, false); }

GalleryStore::GalleryStore(fs::path folder) : m_folder(std::move(folder)) {
  std::error_code ec;
  fs::create_directories(m_folder, ec);
  if (ec) throw Error("cannot create gallery folder " + m_folder.string() + ": " + ec.message());
  m_openReport = loadGallery(m_folder);
  m_entries = m_openReport.entries;
  // Only a killed writer leaves these, and this store is the folder's writer now.
  for (const auto& name : listFolder(m_folder).temporaries) fs::remove(m_folder / name, ec);
  for (const auto& e : m_entries) m_counter = std::max(m_counter, leadingNumber(e.fileName));
  if (m_openReport.recovered || m_openReport.missing || (!m_openReport.indexFound && !m_entries.empty()) ||
      !m_openReport.warnings.empty()) {
    // A full disk or a read-only folder must not keep the gallery closed:
    // its images are all there, only the index stays as it was.
    try {
      writeIndex();
    } catch (const Error& e) {
      m_openReport.warnings.push_back(std::string(e.what()) + " (the index was not updated)");
    }
  }
}

std::string GalleryStore::nextFileName(const ImageRecipe& recipe) {
  for (;;) {
    char counter[16];
    std::snprintf(counter, sizeof counter, "%05d", ++m_counter);
    // The seed and, as the CLI's names have them, the variation seed and
    // the mode: variations and img2img renders are told apart by name.
    std::string name = std::string(counter) + "-s" + std::to_string(recipe.seed);
    if (recipe.variationStrength > 0) name += "-v" + std::to_string(recipe.variationSeed);
    if (recipe.denoisingStrength) name += recipe.maskBlur ? "-inpaint" : "-img2img";
    name += "-" + safeFileName(recipe.prompt, 60) + ".png";
    if (!fs::exists(m_folder / name)) return name;
  }
}

const GalleryEntry& GalleryStore::add(const RgbImage& image, const ImageRecipe& recipe) {
  GalleryEntry entry;
  entry.fileName = nextFileName(recipe);
  entry.recipe = recipe;
  entry.addedAtMs = nowMs();
  writePng(m_folder / entry.fileName, image,
           {{"parameters", formatInfotext(recipe)}, {"sdstudio", formatRecipeJson(recipe)}});
  m_entries.push_back(std::move(entry));
  writeIndex();
  return m_entries.back();
}

bool GalleryStore::remove(const std::string& fileName) {
  // First the index: a crash in between leaves a PNG that reopening recovers, never a dangling entry.
  if (!forget(fileName)) return false;
  const fs::path path = m_folder / fileName;
  std::error_code ec;
  fs::remove(path, ec);
  if (ec) throw Error("cannot delete " + path.string() + ": " + ec.message());
  return true;
}

std::vector<GalleryEntry>::iterator GalleryStore::entryNamed(const std::string& fileName) {
  return std::find_if(m_entries.begin(), m_entries.end(), [&](const auto& e) { return e.fileName == fileName; });
}

bool GalleryStore::forget(const std::string& fileName) {
  const auto it = entryNamed(fileName);
  if (it == m_entries.end()) return false;
  m_entries.erase(it);
  writeIndex();
  return true;
}

const GalleryEntry* GalleryStore::find(const std::string& fileName) const {
  const auto it = const_cast<GalleryStore*>(this)->entryNamed(fileName);
  return it == m_entries.end() ? nullptr : &*it;
}

bool GalleryStore::setRecipe(const std::string& fileName, const ImageRecipe& recipe) {
  const auto it = entryNamed(fileName);
  if (it == m_entries.end()) return false;
  rewritePngText(m_folder / fileName, {{"parameters", formatInfotext(recipe)}, {"sdstudio", formatRecipeJson(recipe)}});
  it->recipe = recipe;
  return true;
}

void GalleryStore::writeIndex() const { writeFileAtomically(m_folder / kGalleryIndexName, formatGalleryIndex(m_entries)); }

}  // namespace sd
