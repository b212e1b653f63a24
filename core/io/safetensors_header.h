#pragma once
// The JSON header of a .safetensors file, read as a stream of events
// (nlohmann's SAX interface) straight into tensor descriptions: no DOM, so
// a header at the format's 100 MB limit costs one pass and no more memory
// than the tensors it describes, and the shape it must have (an object of
// objects holding short arrays) is enforced as it is read. Anything else —
// nesting, a shape of a million dimensions, a name given twice — stops the
// parse at once with an error naming the file.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/io/dtype.h"

namespace sd {

struct TensorInfo {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // byte offsets relative to the start of the data section
  uint64_t end = 0;

  uint64_t byteSize() const { return end - begin; }
  int64_t numel() const;
};

struct SafetensorsHeader {
  std::vector<TensorInfo> tensors;  // in data order
  std::map<std::string, std::string> metadata;
};

// Limits beyond the format's own (known dtypes, byte sizes that match the
// shapes, ranges inside the data section that do not overlap).
inline constexpr std::size_t kMaxTensorRank = 32;       // torch allows 64; real weights use ≤ 5
inline constexpr int kMaxSafetensorsJsonDepth = 8;      // the format needs 3; unknown fields get a little room

// `json` is the header text, `dataSize` the bytes that follow it. Throws
// sd::Error("<fileName>: …") naming the tensor at fault where there is one.
SafetensorsHeader parseSafetensorsHeader(std::string_view json, uint64_t dataSize, const std::string& fileName);

std::string formatShape(const std::vector<int64_t>& shape);

}  // namespace sd
