#include "core/io/safetensors_header.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace sd {

namespace {

using Json = nlohmann::json;

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

// The header's grammar as a stack of what we are inside:
//   Top      { name: Tensor, "__metadata__": Metadata }
//   Tensor   { "dtype": string, "shape": Shape, "data_offsets": Offsets, other: Skip }
//   Metadata { key: string }
enum class Frame { Top, Tensor, Metadata, Shape, Offsets, Skip };

class HeaderHandler final : public nlohmann::json_sax<Json> {
 public:
  HeaderHandler(std::string file, uint64_t dataSize) : m_file(std::move(file)), m_dataSize(dataSize) {}

  SafetensorsHeader take() { return std::move(m_out); }

  bool null() override { return scalar("null"); }
  bool boolean(bool) override { return scalar("a boolean"); }
  bool number_integer(number_integer_t) override { return scalar("a negative number"); }
  bool number_unsigned(number_unsigned_t value) override {
    if (top() == Frame::Shape) return dimension(value);
    if (top() == Frame::Offsets) return offset(value);
    return scalar("a number");
  }
  bool number_float(number_float_t, const string_t&) override { return scalar("a fraction"); }
  bool binary(binary_t&) override { return scalar("binary"); }
  bool string(string_t& value) override {
    if (top() == Frame::Metadata) {
      m_out.metadata[m_key] = std::move(value);
      return true;
    }
    if (top() == Frame::Tensor && m_key == "dtype") {
      const auto dtype = dtypeFromName(value);
      if (!dtype) fail(tensorContext() + "unknown dtype '" + value + "'");
      m_tensor.dtype = *dtype;
      m_hasDType = true;
      return true;
    }
    return scalar("a string");
  }

  bool key(string_t& name) override {
    if (top() == Frame::Top) {
      if (!m_names.insert(name).second) fail("'" + name + "' is listed twice in the header");
      if (name.empty()) fail("a tensor has an empty name");
    }
    m_key = std::move(name);
    return true;
  }

  bool start_object(std::size_t) override {
    if (m_stack.empty()) return push(Frame::Top);
    if (top() == Frame::Top) {
      if (m_key == "__metadata__") return push(Frame::Metadata);
      m_tensor = TensorInfo{};
      m_tensor.name = m_key;
      m_hasDType = m_hasShape = m_hasOffsets = false;
      m_offsets.clear();
      return push(Frame::Tensor);
    }
    return container();
  }
  bool start_array(std::size_t) override {
    if (top() == Frame::Tensor && m_key == "shape") {
      m_tensor.shape.clear();
      m_hasShape = true;
      return push(Frame::Shape);
    }
    if (top() == Frame::Tensor && m_key == "data_offsets") {
      m_offsets.clear();
      m_hasOffsets = true;
      return push(Frame::Offsets);
    }
    return container();
  }
  bool end_object() override {
    if (top() == Frame::Tensor) finishTensor();
    m_stack.pop_back();
    return true;
  }
  bool end_array() override {
    if (top() == Frame::Offsets && m_offsets.size() != 2) fail(tensorContext() + "data_offsets must be [begin, end]");
    m_stack.pop_back();
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    const std::string message = e.what();
    const auto start = message.find("] ");
    fail("header is not valid JSON: " + (start == std::string::npos ? message : message.substr(start + 2)));
  }

 private:
  Frame top() const { return m_stack.empty() ? Frame::Skip : m_stack.back(); }
  [[noreturn]] void fail(const std::string& what) const { throw Error(m_file + ": " + what); }
  std::string tensorContext() const { return "tensor '" + m_tensor.name + "': "; }

  bool push(Frame frame) {
    if (static_cast<int>(m_stack.size()) >= kMaxSafetensorsJsonDepth)
      fail("header nests deeper than " + std::to_string(kMaxSafetensorsJsonDepth) +
           " levels (the format needs 3); not a safetensors header");
    m_stack.push_back(frame);
    return true;
  }

  // An object or array where the grammar has none: only an unknown field
  // of a tensor may hold one (skipped).
  bool container() {
    if (top() == Frame::Skip || (top() == Frame::Tensor && m_key != "dtype")) return push(Frame::Skip);
    return scalar("an array or object");
  }

  bool scalar(const std::string& what) {
    switch (top()) {
      case Frame::Skip: return true;
      case Frame::Tensor:
        if (m_key == "dtype") fail(tensorContext() + "missing dtype (found " + what + ")");
        if (m_key == "shape") fail(tensorContext() + "shape is not a list of sizes");
        if (m_key == "data_offsets") fail(tensorContext() + "data_offsets must be [begin, end]");
        return true;  // unknown fields are allowed, as upstream does
      case Frame::Top:
        if (m_key == "__metadata__") fail("__metadata__ is not an object");
        fail("tensor '" + m_key + "': entry is not an object");
      case Frame::Metadata: fail("__metadata__ value of '" + m_key + "' is not a string");
      case Frame::Shape: fail(tensorContext() + "shape holds " + what + ", not a list of sizes");
      case Frame::Offsets: fail(tensorContext() + "data_offsets must be [begin, end]");
    }
    return false;
  }

  bool dimension(uint64_t value) {
    if (m_tensor.shape.size() >= kMaxTensorRank)
      fail(tensorContext() + "shape has more than " + std::to_string(kMaxTensorRank) + " dimensions");
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      fail(tensorContext() + "dimension " + std::to_string(value) + " is too large");
    m_tensor.shape.push_back(static_cast<int64_t>(value));
    return true;
  }

  bool offset(uint64_t value) {
    if (m_offsets.size() >= 2) fail(tensorContext() + "data_offsets must be [begin, end]");
    m_offsets.push_back(value);
    return true;
  }

  void finishTensor() {
    if (!m_hasDType) fail(tensorContext() + "missing dtype");
    if (!m_hasShape) fail(tensorContext() + "missing shape");
    if (!m_hasOffsets || m_offsets.size() != 2) fail(tensorContext() + "data_offsets must be [begin, end]");
    auto& t = m_tensor;
    t.begin = m_offsets[0];
    t.end = m_offsets[1];
    if (t.end < t.begin) fail(tensorContext() + "data_offsets end before they begin");
    if (t.end > m_dataSize)
      fail(tensorContext() + "data_offsets [" + std::to_string(t.begin) + ", " + std::to_string(t.end) +
           "] run past the end of the data section (" + std::to_string(m_dataSize) +
           " bytes); the file is truncated or corrupt");
    const auto bytes = checkedByteSize(t.shape, dtypeSize(t.dtype));
    if (!bytes || *bytes != t.byteSize())
      fail(tensorContext() + "shape " + formatShape(t.shape) + " of " + std::string(dtypeName(t.dtype)) + " needs " +
           (bytes ? std::to_string(*bytes) : std::string("an impossible number of")) +
           " bytes but its data range holds " + std::to_string(t.byteSize()));
    m_out.tensors.push_back(std::move(t));
  }

  std::string m_file;
  uint64_t m_dataSize;
  SafetensorsHeader m_out;
  std::vector<Frame> m_stack;
  std::set<std::string, std::less<>> m_names;
  std::string m_key;
  TensorInfo m_tensor;
  std::vector<uint64_t> m_offsets;
  bool m_hasDType = false, m_hasShape = false, m_hasOffsets = false;
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

SafetensorsHeader parseSafetensorsHeader(std::string_view json, uint64_t dataSize, const std::string& fileName) {
  if (json.empty() || json.front() != '{') throw Error(fileName + ": header does not start with a JSON object");
  HeaderHandler handler(fileName, dataSize);
  Json::sax_parse(json.begin(), json.end(), &handler);
  auto header = handler.take();
  auto& tensors = header.tensors;
  std::sort(tensors.begin(), tensors.end(),
            [](const TensorInfo& a, const TensorInfo& b) { return a.begin != b.begin ? a.begin < b.begin : a.end < b.end; });
  for (std::size_t i = 1; i < tensors.size(); ++i) {
    const auto& prev = tensors[i - 1];
    const auto& cur = tensors[i];
    if (cur.begin < prev.end && cur.byteSize() > 0 && prev.byteSize() > 0)
      throw Error(fileName + ": tensors '" + prev.name + "' and '" + cur.name + "' overlap in the data section");
  }
  return header;
}

}  // namespace sd
