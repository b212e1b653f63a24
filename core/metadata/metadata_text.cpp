#include "core/metadata/metadata_text.h"

#include <algorithm>
#include <cctype>

#include "core/metadata/exif_text.h"
#include "core/metadata/infotext_parser.h"
#include "core/metadata/jpeg_segments.h"
#include "core/metadata/json_values.h"
#include "core/metadata/png_chunks.h"
#include "core/metadata/webp_chunks.h"
#include "core/metadata/xmp_text.h"
#include "core/util/error.h"

namespace sd {

namespace {

void addUnique(MetadataText& text, const std::string& key, std::string value) {
  const bool present = std::any_of(text.begin(), text.end(), [&](const auto& kv) { return kv.first == key; });
  if (!present && !value.empty()) text.emplace_back(key, std::move(value));
}

// A UserComment is taken for generation settings only when it looks like
// them (an A1111 parameter line, or a JSON object); a camera's "charset"
// filler or a personal note stays a plain comment.
bool looksLikeSettings(const std::string& comment) {
  const auto start = comment.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return false;
  if (comment[start] == '{') return !parseJsonObject(comment).is_discarded();
  const auto lastLine = comment.substr(comment.find_last_of('\n', comment.find_last_not_of(" \t\r\n")) + 1);
  return parseInfotextFields(lastLine).size() >= 3;
}

// ComfyUI's SaveAnimatedWEBP stores "prompt:{json}" in Model and
// "workflow:{json}" in Make (then ImageDescription, …).
bool addKeyedJson(const std::string& value, MetadataText& text) {
  const auto colon = value.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= value.size() || value[colon + 1] != '{') return false;
  const auto key = value.substr(0, colon);
  if (!std::all_of(key.begin(), key.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; })) return false;
  addUnique(text, key, value.substr(colon + 1));
  return true;
}

FileMetadata fromEmbedded(const EmbeddedMetadata& embedded, const std::string& name) {
  FileMetadata meta;
  const ExifFields exif = embedded.exif.empty() ? ExifFields{} : readExif(embedded.exif, name + ": EXIF");
  addExifText(exif, embedded.xmp, meta.text);
  meta.carrier = exif.hasUserComment ? "EXIF UserComment" : !embedded.xmp.empty() ? "XMP" : "EXIF";
  return meta;
}

}  // namespace

void addExifText(const ExifFields& exif, const std::string& xmp, MetadataText& text) {
  std::string comment = exif.hasUserComment ? decodeUserComment(exif.userComment, exif.bigEndian) : "";
  if (comment.empty() && !xmp.empty()) comment = xmpProperty(xmp, "exif:UserComment");
  addUnique(text, looksLikeSettings(comment) ? "parameters" : "UserComment", comment);
  for (const auto* tag : {&exif.model, &exif.make, &exif.imageDescription})
    if (!addKeyedJson(*tag, text) && tag == &exif.imageDescription) addUnique(text, "Description", *tag);
  addUnique(text, "Software", exif.software);
}

FileMetadata readFileMetadata(const ByteSource& source) {
  if (isJpeg(source)) return fromEmbedded(readJpegMetadata(source), source.name());
  if (isWebp(source)) return fromEmbedded(readWebpMetadata(source), source.name());
  if (!isPng(source)) throw Error(source.name() + " is not a PNG, JPEG or WebP image");
  auto png = readPngMetadata(source);
  FileMetadata meta;
  meta.text = std::move(png.text);
  meta.carrier = "PNG text";
  if (!png.exif.empty()) {
    const bool hadText = !meta.text.empty();
    addExifText(readExif(png.exif, source.name() + ": eXIf chunk"), "", meta.text);
    if (!hadText && !meta.text.empty()) meta.carrier = "PNG eXIf";
  }
  const auto& h = png.header;
  meta.mayHideStealth = (h.colorType == 2 || h.colorType == 6) && (h.bitDepth == 8 || h.bitDepth == 16) && !h.interlaced;
  return meta;
}

}  // namespace sd
