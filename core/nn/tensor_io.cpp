#include "core/nn/tensor_io.h"

#include <ATen/ops/empty.h>

#include "core/util/error.h"

namespace sd {

c10::ScalarType toScalarType(DType dtype, const std::string& context) {
  switch (dtype) {
    case DType::Bool: return c10::kBool;
    case DType::U8: return c10::kByte;
    case DType::I8: return c10::kChar;
    case DType::I16: return c10::kShort;
    case DType::I32: return c10::kInt;
    case DType::I64: return c10::kLong;
    case DType::F16: return c10::kHalf;
    case DType::BF16: return c10::kBFloat16;
    case DType::F32: return c10::kFloat;
    case DType::F64: return c10::kDouble;
    default: break;
  }
  throw Error(context + ": dtype " + std::string(dtypeName(dtype)) + " is not supported by this LibTorch");
}

DType toDType(c10::ScalarType type) {
  switch (type) {
    case c10::kBool: return DType::Bool;
    case c10::kByte: return DType::U8;
    case c10::kChar: return DType::I8;
    case c10::kShort: return DType::I16;
    case c10::kInt: return DType::I32;
    case c10::kLong: return DType::I64;
    case c10::kHalf: return DType::F16;
    case c10::kBFloat16: return DType::BF16;
    case c10::kFloat: return DType::F32;
    case c10::kDouble: return DType::F64;
    default: break;
  }
  throw Error(std::string("tensor type ") + c10::toString(type) + " cannot be stored in safetensors");
}

at::Tensor tensorView(const SafetensorsFile& file, const TensorInfo& info) {
  const auto type = toScalarType(info.dtype, file.path().string() + " tensor '" + info.name + "'");
  auto tensor = at::empty(info.shape, at::TensorOptions().dtype(type).device(c10::kCPU));
  if (info.numel() > 0) file.readTensor(info, tensor.data_ptr());
  return tensor;
}

std::map<std::string, at::Tensor> loadTensors(const std::filesystem::path& path) {
  const auto file = SafetensorsFile::open(path);
  std::map<std::string, at::Tensor> out;
  for (const auto& info : file.tensors()) out.emplace(info.name, tensorView(file, info));
  return out;
}

void addTensor(SafetensorsWriter& writer, const std::string& name, const at::Tensor& tensor) {
  const auto cpu = tensor.to(c10::kCPU).contiguous();
  const auto* data = static_cast<const std::byte*>(cpu.data_ptr());
  writer.add(name, toDType(cpu.scalar_type()), cpu.sizes().vec(), {data, cpu.nbytes()});
}

void saveTensors(const std::filesystem::path& path, const std::map<std::string, at::Tensor>& tensors,
                 const std::map<std::string, std::string>& metadata) {
  SafetensorsWriter writer;
  for (const auto& [k, v] : metadata) writer.setMetadata(k, v);
  for (const auto& [name, tensor] : tensors) addTensor(writer, name, tensor);
  writer.write(path);
}

}  // namespace sd
