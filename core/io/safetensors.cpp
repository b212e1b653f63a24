#include "core/io/safetensors.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace sd {

namespace {

uint64_t readLittleEndian64(const std::byte* p) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | std::to_integer<uint64_t>(p[i]);
  return value;
}

// numel * elementSize with overflow detection; nullopt on overflow.
std::optional<uint64_t> checkedByteSize(const std::vector<int64_t>& shape, std::size_t elementSize) {
  uint64_t total = elementSize;
  for (int64_t dim : shape) {
    if (dim == 0) return 0;
    if (total > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(dim)) return std::nullopt;
    total *= static_cast<uint64_t>(dim);
  }
  return total;
}

class HeaderParser {
 public:
  HeaderParser(std::string fileName, uint64_t dataSize) : m_file(std::move(fileName)), m_dataSize(dataSize) {}

  TensorInfo parseTensor(const std::string& name, const nlohmann::json& entry) const {
    if (name.empty()) fail("a tensor has an empty name");
    if (!entry.is_object()) fail("tensor '" + name + "': entry is not an object");
    TensorInfo info;
    info.name = name;
    info.dtype = parseDType(name, entry);
    info.shape = parseShape(name, entry);
    parseOffsets(name, entry, info);
    const auto bytes = checkedByteSize(info.shape, dtypeSize(info.dtype));
    if (!bytes || *bytes != info.byteSize())
      fail("tensor '" + name + "': shape " + formatShape(info.shape) + " of " + std::string(dtypeName(info.dtype)) +
           " needs " + (bytes ? std::to_string(*bytes) : std::string("an impossible number of")) +
           " bytes but its data range holds " + std::to_string(info.byteSize()));
    return info;
  }

  [[noreturn]] void fail(const std::string& what) const { throw Error(m_file + ": " + what); }

 private:
  DType parseDType(const std::string& name, const nlohmann::json& entry) const {
    const auto it = entry.find("dtype");
    if (it == entry.end() || !it->is_string()) fail("tensor '" + name + "': missing dtype");
    const auto dtype = dtypeFromName(it->get<std::string>());
    if (!dtype) fail("tensor '" + name + "': unknown dtype '" + it->get<std::string>() + "'");
    return *dtype;
  }

  std::vector<int64_t> parseShape(const std::string& name, const nlohmann::json& entry) const {
    const auto it = entry.find("shape");
    if (it == entry.end() || !it->is_array()) fail("tensor '" + name + "': missing shape");
    std::vector<int64_t> shape;
    for (const auto& dim : *it) {
      if (!dim.is_number_unsigned()) fail("tensor '" + name + "': shape " + it->dump() + " is not a list of sizes");
      const auto value = dim.get<uint64_t>();
      if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
        fail("tensor '" + name + "': dimension " + std::to_string(value) + " is too large");
      shape.push_back(static_cast<int64_t>(value));
    }
    return shape;
  }

  void parseOffsets(const std::string& name, const nlohmann::json& entry, TensorInfo& info) const {
    const auto it = entry.find("data_offsets");
    if (it == entry.end() || !it->is_array() || it->size() != 2 || !(*it)[0].is_number_unsigned() ||
        !(*it)[1].is_number_unsigned())
      fail("tensor '" + name + "': data_offsets must be [begin, end]");
    info.begin = (*it)[0].get<uint64_t>();
    info.end = (*it)[1].get<uint64_t>();
    if (info.end < info.begin) fail("tensor '" + name + "': data_offsets end before they begin");
    if (info.end > m_dataSize)
      fail("tensor '" + name + "': data_offsets [" + std::to_string(info.begin) + ", " + std::to_string(info.end) +
           "] run past the end of the data section (" + std::to_string(m_dataSize) +
           " bytes); the file is truncated or corrupt");
  }

  std::string m_file;
  uint64_t m_dataSize;
};

}  // namespace

int64_t TensorInfo::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string formatShape(const std::vector<int64_t>& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& path) {
  SafetensorsFile file(MappedFile::open(path));
  file.parseHeader();
  return file;
}

void SafetensorsFile::parseHeader() {
  const auto bytes = m_file->bytes();
  const std::string name = path().string();
  if (bytes.size() < 8)
    throw Error(name + ": file is " + std::to_string(bytes.size()) + " bytes, too short to be safetensors");
  m_headerSize = readLittleEndian64(bytes.data());
  if (m_headerSize > kMaxHeaderBytes)
    throw Error(name + ": header length " + std::to_string(m_headerSize) + " exceeds the " +
                std::to_string(kMaxHeaderBytes) + "-byte limit (not a safetensors file?)");
  if (m_headerSize > bytes.size() - 8)
    throw Error(name + ": header length " + std::to_string(m_headerSize) + " is longer than the file (" +
                std::to_string(bytes.size()) + " bytes); the file is truncated or not safetensors");
  const auto* text = reinterpret_cast<const char*>(bytes.data() + 8);
  if (m_headerSize == 0 || text[0] != '{') throw Error(name + ": header does not start with a JSON object");

  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text, text + m_headerSize);
  } catch (const nlohmann::json::exception& e) {
    throw Error(name + ": header is not valid JSON: " + e.what());
  }
  if (!header.is_object()) throw Error(name + ": header is not a JSON object");

  HeaderParser parser(name, bytes.size() - 8 - m_headerSize);
  for (const auto& [key, value] : header.items()) {
    if (key == "__metadata__") {
      if (!value.is_object()) parser.fail("__metadata__ is not an object");
      for (const auto& [mk, mv] : value.items()) {
        if (!mv.is_string()) parser.fail("__metadata__ value of '" + mk + "' is not a string");
        m_metadata[mk] = mv.get<std::string>();
      }
      continue;
    }
    m_tensors.push_back(parser.parseTensor(key, value));
  }

  std::sort(m_tensors.begin(), m_tensors.end(),
            [](const TensorInfo& a, const TensorInfo& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  for (std::size_t i = 1; i < m_tensors.size(); ++i) {
    const auto& prev = m_tensors[i - 1];
    const auto& cur = m_tensors[i];
    if (cur.begin < prev.end && cur.byteSize() > 0 && prev.byteSize() > 0)
      parser.fail("tensors '" + prev.name + "' and '" + cur.name + "' overlap in the data section");
  }
  for (std::size_t i = 0; i < m_tensors.size(); ++i) m_index.emplace(m_tensors[i].name, i);
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
  const auto it = m_index.find(name);
  return it == m_index.end() ? nullptr : &m_tensors[it->second];
}

const TensorInfo& SafetensorsFile::at(std::string_view name) const {
  if (const auto* info = find(name)) return *info;
  throw Error(path().string() + ": no tensor named '" + std::string(name) + "'");
}

std::span<const std::byte> SafetensorsFile::data(const TensorInfo& tensor) const {
  return m_file->bytes().subspan(8 + m_headerSize + tensor.begin, tensor.byteSize());
}

}  // namespace sd
