#include "core/io/safetensors_writer.h"

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/io/safetensors.h"
#include "core/util/error.h"
#include "core/util/file_io.h"

namespace sd {

void SafetensorsWriter::add(std::string name, DType dtype, std::vector<int64_t> shape,
                            std::span<const std::byte> data) {
  uint64_t expected = dtypeSize(dtype);
  for (int64_t d : shape) {
    if (d < 0) throw Error("tensor '" + name + "': negative dimension in " + formatShape(shape));
    expected *= static_cast<uint64_t>(d);
  }
  if (expected != data.size())
    throw Error("tensor '" + name + "': shape " + formatShape(shape) + " needs " + std::to_string(expected) +
                " bytes, got " + std::to_string(data.size()));
  if (name.empty() || name == "__metadata__") throw Error("invalid tensor name '" + name + "'");
  m_tensors[std::move(name)] = Entry{dtype, std::move(shape), {data.begin(), data.end()}};
}

void SafetensorsWriter::setMetadata(std::string key, std::string value) {
  m_metadata[std::move(key)] = std::move(value);
}

std::vector<std::byte> SafetensorsWriter::serialize() const {
  std::vector<const std::pair<const std::string, Entry>*> order;
  for (const auto& item : m_tensors) order.push_back(&item);
  std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) {
    return dtypeSize(a->second.dtype) > dtypeSize(b->second.dtype);
  });

  // nlohmann's ordered_json keeps insertion order, so __metadata__ comes first.
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!m_metadata.empty()) header["__metadata__"] = m_metadata;
  uint64_t offset = 0;
  for (const auto* item : order) {
    const auto& entry = item->second;
    const uint64_t end = offset + entry.data.size();
    header[item->first] = {{"dtype", std::string(dtypeName(entry.dtype))},
                           {"shape", entry.shape},
                           {"data_offsets", {offset, end}}};
    offset = end;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');

  std::vector<std::byte> out(8 + text.size() + offset);
  uint64_t headerSize = text.size();
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::byte>((headerSize >> (8 * i)) & 0xff);
  std::memcpy(out.data() + 8, text.data(), text.size());
  std::byte* cursor = out.data() + 8 + text.size();
  for (const auto* item : order) {
    std::copy(item->second.data.begin(), item->second.data.end(), cursor);
    cursor += item->second.data.size();
  }
  return out;
}

void SafetensorsWriter::write(const std::filesystem::path& path) const {
  writeFileAtomically(path, serialize());
}

}  // namespace sd
