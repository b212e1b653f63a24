#include "core/catalogue/model_file_verify.h"

#include <fstream>

#include "core/io/safetensors_header.h"
#include "core/util/error.h"
#include "core/util/hash_cache.h"
#include "core/util/sha256.h"

namespace sd {

namespace fs = std::filesystem;

namespace {

// The tensor count and bytes a safetensors header declares; "" when they
// match the catalogue, else what differs.
std::string tensorProblem(const KnownModelFile& spec, const fs::path& file, uint64_t fileSize) {
  std::ifstream in(file, std::ios::binary);
  unsigned char lengthBytes[8] = {};
  if (!in.read(reinterpret_cast<char*>(lengthBytes), 8)) return "too short for a safetensors header";
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i) length = (length << 8) | lengthBytes[i];
  if (length > 100'000'000 || 8 + length > fileSize) return "not a safetensors file (header length " + std::to_string(length) + ")";
  std::string json(length, '\0');
  if (!in.read(json.data(), static_cast<std::streamsize>(length))) return "cannot read the safetensors header";
  SafetensorsHeader header;
  try {
    header = parseSafetensorsHeader(json, fileSize - 8 - length, file.string());
  } catch (const Error& e) {
    return e.what();
  }
  uint64_t bytes = 0;
  for (const auto& t : header.tensors) bytes += t.byteSize();
  if (spec.tensors && header.tensors.size() < *spec.tensors)
    return std::to_string(header.tensors.size()) + " tensors, expected " + std::to_string(*spec.tensors);
  if (spec.tensorBytes && bytes < *spec.tensorBytes)
    return std::to_string(bytes) + " bytes of tensors, expected " + std::to_string(*spec.tensorBytes);
  return {};
}

}  // namespace

FileVerdict verifyModelFile(const KnownModelFile& spec, const fs::path& file, const std::string& shownName,
                            bool useHashCache, const std::atomic<bool>* cancel) {
  FileVerdict v;
  v.sha256Known = spec.sha256.has_value();
  const FileCheck sized = checkKnownFile(spec, file, false);
  if (sized.status != FileStatus::Ok) {
    v.message = shownName + ": " + (sized.status == FileStatus::Missing ? "missing" : sized.message.substr(file.string().size() + 2));
    return v;
  }
  if (spec.sha256) {
    v.actualSha256 = useHashCache ? cachedSha256File(file) : sha256File(file, cancel);
    if (v.actualSha256 != *spec.sha256) {
      v.message = shownName + ": sha256 mismatch: expected " + *spec.sha256 + ", got " + v.actualSha256;
      return v;
    }
    v.ok = true;
    v.message = shownName + ": size and sha256 ok";
    return v;
  }
  if (spec.path.ends_with(".safetensors") && (spec.tensors || spec.tensorBytes)) {
    const std::string problem = tensorProblem(spec, file, sized.actualSize);
    if (!problem.empty()) {
      v.message = shownName + ": " + problem;
      return v;
    }
  }
  v.ok = true;
  v.message = shownName + ": " + kSha256Unknown;
  return v;
}

std::string describeChecks(const KnownModel& model) {
  std::size_t hashed = 0;
  for (const auto& f : model.files) hashed += f.sha256 ? 1 : 0;
  const std::size_t total = model.files.size();
  if (hashed == total) return "every file is checked by its sha256";
  const std::string rest = "by size (and tensor count for weights)";
  if (hashed == 0) return "no file has a known sha256: each is checked " + rest;
  return std::to_string(hashed) + " of " + std::to_string(total) + " files are checked by sha256; the other " +
         std::to_string(total - hashed) + " " + rest;
}

}  // namespace sd
