#include "core/io/safetensors.h"

#include <cstring>
#include <optional>

#include "core/util/error.h"

namespace sd {

namespace {

uint64_t readLittleEndian64(const unsigned char* p) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | p[i];
  return value;
}

// What a file that is not safetensors is, from its first bytes, so a
// renamed checkpoint is named for what it is rather than reported as a
// header of absurd length.
std::optional<std::string> otherFormat(const unsigned char* head, std::size_t size) {
  const auto starts = [&](std::string_view magic) {
    return size >= magic.size() && std::memcmp(head, magic.data(), magic.size()) == 0;
  };
  if (starts("PK\x03\x04")) return "a zip archive (a PyTorch .ckpt/.pt checkpoint?)";
  if (size >= 2 && head[0] == 0x80 && head[1] >= 2 && head[1] <= 5) return "a Python pickle (an old PyTorch checkpoint?)";
  if (starts("GGUF")) return "a GGUF file (llama.cpp / stable-diffusion.cpp)";
  if (starts("\x89HDF")) return "an HDF5 file (a Keras .h5 model?)";
  if (starts("\x89PNG")) return "a PNG image";
  if (starts("{")) return "a JSON text (a config.json?)";
  return std::nullopt;
}

[[noreturn]] void notSafetensors(const std::string& name, const unsigned char* head, std::size_t size,
                                 const std::string& otherwise) {
  if (const auto format = otherFormat(head, size))
    throw Error(name + " is " + *format + ", not a safetensors file. Pickle-based checkpoints can run code when "
                "loaded and are never opened here; convert it to .safetensors with a tool you trust");
  throw Error(name + ": " + otherwise);
}

}  // namespace

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& path) {
  SafetensorsFile file(std::make_shared<const RegularFile>(path));
  file.parseHeader();
  return file;
}

const std::filesystem::path& SafetensorsFile::path() const { return m_file->path(); }
uint64_t SafetensorsFile::fileSize() const { return m_file->size(); }

void SafetensorsFile::parseHeader() {
  const std::string name = path().string();
  const uint64_t size = m_file->size();
  unsigned char head[9] = {};
  m_file->readAt(0, head, static_cast<std::size_t>(std::min<uint64_t>(size, sizeof head)));
  if (size < 8) {
    if (const auto format = otherFormat(head, size)) notSafetensors(name, head, size, "");
    throw Error(name + ": file is " + std::to_string(size) + " bytes, too short to be safetensors");
  }
  m_headerSize = readLittleEndian64(head);
  if (m_headerSize > kMaxHeaderBytes)
    notSafetensors(name, head, size,
                   "header length " + std::to_string(m_headerSize) + " exceeds the " + std::to_string(kMaxHeaderBytes) +
                       "-byte limit (not a safetensors file?)");
  if (m_headerSize > size - 8)
    notSafetensors(name, head, size,
                   "header length " + std::to_string(m_headerSize) + " is longer than the file (" +
                       std::to_string(size) + " bytes); the file is truncated or not safetensors");
  if (m_headerSize == 0 || head[8] != '{') notSafetensors(name, head, size, "header does not start with a JSON object");

  std::string text(static_cast<std::size_t>(m_headerSize), '\0');
  m_file->readAt(8, text.data(), text.size());
  m_header = parseSafetensorsHeader(text, size - 8 - m_headerSize, name);
  for (std::size_t i = 0; i < m_header.tensors.size(); ++i) m_index.emplace(m_header.tensors[i].name, i);
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
  const auto it = m_index.find(name);
  return it == m_index.end() ? nullptr : &m_header.tensors[it->second];
}

const TensorInfo& SafetensorsFile::at(std::string_view name) const {
  if (const auto* info = find(name)) return *info;
  throw Error(path().string() + ": no tensor named '" + std::string(name) + "'");
}

void SafetensorsFile::readTensor(const TensorInfo& tensor, void* out) const {
  // A file rewritten in place keeps its size: only the time says so, and
  // mixing two files' weights would make a silently wrong model.
  m_file->requireUnchanged();
  m_file->readAt(8 + m_headerSize + tensor.begin, out, static_cast<std::size_t>(tensor.byteSize()));
}

std::vector<std::byte> SafetensorsFile::readTensor(const TensorInfo& tensor) const {
  std::vector<std::byte> bytes(static_cast<std::size_t>(tensor.byteSize()));
  readTensor(tensor, bytes.data());
  return bytes;
}

}  // namespace sd
