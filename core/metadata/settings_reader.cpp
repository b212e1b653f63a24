#include "core/metadata/settings_reader.h"

#include "core/metadata/json_values.h"
#include "core/metadata/metadata_text.h"
#include "core/metadata/stealth_png.h"
#include "core/util/error.h"

namespace sd {

namespace {

// Stealth text is an A1111 infotext or a NovelAI JSON object whose members
// are NovelAI's PNG keywords ("Description", "Comment", …).
MetadataText stealthAsText(const std::string& text) {
  const Json json = parseJsonObject(text);
  if (json.is_discarded()) return {{"parameters", text}};
  return jsonFields(json);
}

ImageSettings readSettingsUnguarded(const ByteSource& source) {
  const FileMetadata meta = readFileMetadata(source);
  ImageSettings settings = settingsFromText(meta.text);
  settings.carrier = meta.carrier;
  if (settings.source == SettingsSource::None && meta.mayHideStealth) {
    std::string probeError;
    const auto stealth = readStealthText(source, &probeError);
    if (!probeError.empty()) settings.warnings.push_back("could not look for stealth metadata in the pixels: " + probeError);
    if (stealth) {
      auto fromPixels = settingsFromText(stealthAsText(stealth->text));
      fromPixels.carrier = "stealth " + stealth->mode;
      // The file's own text chunks (none of them settings) stay listed.
      fromPixels.textChunks.insert(fromPixels.textChunks.begin(), meta.text.begin(), meta.text.end());
      return fromPixels;
    }
  }
  return settings;
}

}  // namespace

ImageSettings readSettings(const ByteSource& source) {
  try {
    return readSettingsUnguarded(source);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    // Whatever a reader missed (a JSON type error, bad_alloc) is still this
    // file's problem alone, said with its name: `info a b c` goes on to b.
    throw Error(source.name() + ": " + e.what());
  }
}

ImageSettings readSettings(const std::filesystem::path& path) { return readSettings(FileByteSource(path)); }

ImageRecipe readRecipe(const std::filesystem::path& path) {
  auto settings = readSettings(path);
  if (settings.source == SettingsSource::Unrecognised)
    throw Error(path.string() + ": " + (settings.warnings.empty() ? "unrecognised metadata" : settings.warnings.front()));
  if (settings.source == SettingsSource::None)
    throw Error(path.string() + " carries no generation settings (no 'sdstudio', 'parameters', ComfyUI, InvokeAI, "
                                "NovelAI or Fooocus metadata, in text chunks, EXIF, XMP or stealth pixels)");
  return std::move(settings.recipe);
}

}  // namespace sd
