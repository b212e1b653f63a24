#include "core/nn/weight_loader.h"

#include <algorithm>

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>
#include "core/nn/aten.h"
#include <ATen/ops/ones.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/zeros.h>

#include "core/nn/tensor_io.h"
#include "core/util/error.h"
#include "core/util/parallel_each.h"

namespace sd {

void WeightSource::addFile(const std::filesystem::path& path, const std::string& stripPrefix) {
  addFile(std::make_shared<const SafetensorsFile>(SafetensorsFile::open(path)), stripPrefix);
}

void WeightSource::addFile(std::shared_ptr<const SafetensorsFile> file, const std::string& stripPrefix) {
  m_files.push_back(file);
  for (const auto& info : file->tensors()) {
    if (!info.name.starts_with(stripPrefix)) continue;
    m_entries[info.name.substr(stripPrefix.size())] = Entry{file, &info};
  }
}

void WeightSource::addAlias(const std::string& name, std::shared_ptr<const SafetensorsFile> file,
                            const std::string& storedName) {
  if (std::find(m_files.begin(), m_files.end(), file) == m_files.end()) m_files.push_back(file);
  m_entries[name] = Entry{file, &file->at(storedName)};
}

const WeightSource::Entry* WeightSource::find(const std::string& name) const {
  const auto it = m_entries.find(name);
  return it == m_entries.end() ? nullptr : &it->second;
}

std::vector<std::string> WeightSource::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : m_entries) out.push_back(name);
  return out;
}

std::string WeightSource::describe() const {
  std::string out;
  for (const auto& file : m_files) out += (out.empty() ? "" : ", ") + file->path().string();
  return out.empty() ? "(no files)" : out;
}

namespace {

bool sameIgnoringTrailingOnes(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  auto strip = [](std::vector<int64_t> s) {
    while (s.size() > 1 && s.back() == 1) s.pop_back();
    return s;
  };
  return strip(a) == strip(b);
}

at::Tensor placeOn(at::Tensor view, const LoadOptions& options) {
  if (view.device() == options.device && view.scalar_type() == options.dtype) return view;  // already a copy of its own
  return view.to(options.device, options.dtype);
}

std::string listSome(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 5; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 5) out += " … (" + std::to_string(names.size()) + " in all)";
  return out;
}

// How many tensors are read at once. On a warm page cache the read is
// bound by page faults on the fresh memory, not the copy: two threads read
// the 3.4 GB UNet in 1.0 s where one took 2.0 s (this 2-core VM); beyond
// four the faults contend.
int loaderThreads() { return std::clamp(at::get_num_threads(), 1, 4); }

}  // namespace

LoadReport loadWeights(Module& module, const WeightSource& source, const LoadOptions& options,
                       const std::string& modelName) {
  struct Job {
    const WeightSource::Entry* entry;
    const std::vector<int64_t>* shape;
    at::Tensor* tensor;
  };
  LoadReport report;
  std::vector<Job> jobs;
  std::vector<std::string> missing;
  std::map<std::string, bool> used;
  // Every name and shape is checked before a byte is read: a wrong file
  // fails at once, not after seconds of reading.
  module.forEachParameter([&](const Module::ParamRef& p) {
    const auto* entry = source.find(p.name);
    if (!entry) {
      missing.push_back(p.name);
      return;
    }
    used[p.name] = true;
    const auto& info = *entry->info;
    if (info.shape != p.shape && !sameIgnoringTrailingOnes(info.shape, p.shape))
      throw Error(modelName + ": tensor '" + p.name + "' in " + entry->file->path().string() + " has shape " +
                  formatShape(info.shape) + " but the model's config needs " + formatShape(p.shape) +
                  " (does the config.json belong to these weights?)");
    jobs.push_back({entry, &p.shape, &p.tensor});
  });
  if (!missing.empty())
    throw Error(modelName + ": " + std::to_string(missing.size()) + " weight(s) missing from " + source.describe() +
                ": " + listSome(missing));
  // Each worker reads a tensor and places it (dtype, device) before the
  // next, so no more than a few float32 copies are alive beside the model.
  // Inference mode is per thread: the workers take the caller's.
  const bool inferenceMode = c10::InferenceMode::is_enabled();
  forEachInParallel(jobs.size(), loaderThreads(), [&](std::size_t i) {
    const c10::InferenceMode guard(inferenceMode);
    const auto& job = jobs[i];
    *job.tensor = placeOn(tensorView(*job.entry->file, *job.entry->info).reshape(*job.shape), options);
  });
  report.loadedParameters = static_cast<int64_t>(jobs.size());
  for (const auto& name : source.names())
    if (!used.count(name)) report.unusedKeys.push_back(name);
  return report;
}

void initRandomWeights(Module& module, uint64_t seed, const LoadOptions& options) {
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  module.forEachParameter([&](const Module::ParamRef& p) {
    const bool isNormScale = p.shape.size() == 1 && p.name.ends_with("weight") &&
                             (p.name.find("norm") != std::string::npos || p.name.find("ln") != std::string::npos);
    at::Tensor value;
    if (isNormScale)
      value = at::ones(p.shape) + at::randn(p.shape, generator) * 0.02;
    else
      value = at::randn(p.shape, generator) * 0.02;
    p.tensor = value.to(options.device, options.dtype);
  });
}

}  // namespace sd
