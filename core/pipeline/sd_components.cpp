#include "core/pipeline/sd_components.h"

#include <cstdlib>
#include <set>

#include <nlohmann/json.hpp>

#include "core/nn/weight_loader.h"
#include "core/pipeline/single_file_config.h"
#include "core/pipeline/single_file_keys.h"
#include "core/util/app_dirs.h"
#include "core/util/error.h"
#include "core/util/json_file.h"

namespace sd {

namespace fs = std::filesystem;

namespace {

// A component's weights: one safetensors file or a sharded index.
WeightSource diffusersWeights(const fs::path& path) {
  WeightSource source;
  if (path.string().ends_with(".index.json")) {
    const auto index = readJsonFile(path);
    std::set<std::string> shards;
    for (const auto& [name, shard] : index.at("weight_map").items()) shards.insert(shard.get<std::string>());
    for (const auto& shard : shards) source.addFile(path.parent_path() / shard);
  } else {
    source.addFile(path);
  }
  return source;
}

// The single file's tensors under diffusers' names.
template <typename Model, typename MapKey>
WeightSource renamedWeights(Model& model, const std::shared_ptr<const SafetensorsFile>& file, MapKey mapKey) {
  WeightSource source;
  model.forEachParameter([&](const Module::ParamRef& p) {
    const auto original = mapKey(p.name);
    if (!original.empty() && file->find(original)) source.addAlias(p.name, file, original);
  });
  return source;
}

// The text encoder in the pipeline's dtype, the UNet and the VAE in the
// networks' (they differ in the CPU's bfloat16 mode: the text encoder costs
// a fraction of a second and stays exact).
LoadOptions textEncoderOptions(const ComputeDevice& compute) { return {compute.device, compute.dtype}; }
LoadOptions networkOptions(const ComputeDevice& compute) { return {compute.device, compute.networkDtype}; }

void loadSingleFile(SdComponents& c, const std::function<void(const std::string&)>& status) {
  const auto options = networkOptions(c.compute);
  auto file = std::make_shared<const SafetensorsFile>(SafetensorsFile::open(c.location.root));
  const auto configs = inferSingleFileConfigs(*file, c.location.ldmYaml);
  c.unetConfig = configs.unet;
  c.vaeConfig = configs.vae;
  c.textConfig = configs.textEncoder;
  const auto name = c.location.root.string();
  if (status) status("Loading the text encoder");
  c.textEncoder = std::make_unique<ClipTextModel>(c.textConfig);
  loadWeights(*c.textEncoder, renamedWeights(*c.textEncoder, file, ldmTextEncoderKey), textEncoderOptions(c.compute),
              name + " (text encoder)");
  if (status) status("Loading the UNet");
  c.unet = std::make_unique<UNet2DConditionModel>(c.unetConfig);
  loadWeights(*c.unet, renamedWeights(*c.unet, file, [&](const std::string& k) { return ldmUnetKey(k, c.unetConfig); }),
              options, name + " (UNet)");
  if (status) status("Loading the VAE");
  c.vae = std::make_unique<AutoencoderKL>(c.vaeConfig);
  loadWeights(*c.vae, renamedWeights(*c.vae, file, [&](const std::string& k) { return ldmVaeKey(k, c.vaeConfig); }),
              options, name + " (VAE)");
}

void loadDiffusersFolder(SdComponents& c, const std::function<void(const std::string&)>& status) {
  const auto& l = c.location;
  const auto options = networkOptions(c.compute);
  c.unetConfig = readUNetConfig(l.unetConfig);
  c.vaeConfig = readVaeConfig(l.vaeConfig);
  c.textConfig = readClipTextConfig(l.textEncoderConfig);
  c.schedulerConfig = readSchedulerConfig(l.schedulerConfig);
  if (status) status("Loading the text encoder");
  c.textEncoder = std::make_unique<ClipTextModel>(c.textConfig);
  loadWeights(*c.textEncoder, diffusersWeights(l.textEncoderWeights), textEncoderOptions(c.compute), "text encoder");
  if (status) status("Loading the UNet");
  c.unet = std::make_unique<UNet2DConditionModel>(c.unetConfig);
  loadWeights(*c.unet, diffusersWeights(l.unetWeights), options, "UNet");
  if (status) status("Loading the VAE");
  c.vae = std::make_unique<AutoencoderKL>(c.vaeConfig);
  loadWeights(*c.vae, diffusersWeights(l.vaeWeights), options, "VAE");
}

}  // namespace

fs::path tokenizerFolderFor(const ModelLocation& location) {
  if (location.format == ModelLocation::Format::DiffusersFolder) return location.tokenizerDir;
  std::vector<fs::path> candidates{location.root.parent_path() / "tokenizer"};
  if (const auto installed = tokenizerDataDir(runningExecutableDir()); !installed.empty())
    candidates.push_back(installed);
  for (const auto& dir : candidates)
    if (fs::is_regular_file(dir / "vocab.json") && fs::is_regular_file(dir / "merges.txt")) return dir;
  throw Error("no CLIP tokenizer found for " + location.root.string() + ": put vocab.json and merges.txt in " +
              candidates.front().string());
}

namespace {

// Convolutions take their memory format from the weights: with every 4-D
// weight in channels-last order the whole UNet runs NHWC after its first
// convolution (and the transformer blocks' NCHW ↔ tokens permutes become
// views). Only the UNet: the VAE decode measured slower in NHWC.
void arrangeWeights(SdComponents& c) {
  if (!c.compute.channelsLast) return;
  c.unet->forEachParameter([](const Module::ParamRef& p) {
    if (p.tensor.dim() == 4) p.tensor = p.tensor.contiguous(at::MemoryFormat::ChannelsLast);
  });
}

}  // namespace

std::unique_ptr<SdComponents> loadComponents(const ModelLocation& location, const ComputeDevice& compute,
                                             const std::function<void(const std::string&)>& onStatus) {
  auto c = std::make_unique<SdComponents>();
  c->location = location;
  c->compute = compute;
  c->vaeDtype = compute.networkDtype;
  if (onStatus) onStatus("Reading the tokenizer");
  c->tokenizer = std::make_shared<const ClipTokenizer>(ClipTokenizer::fromFolder(tokenizerFolderFor(location)));
  if (location.format == ModelLocation::Format::SingleFile)
    loadSingleFile(*c, onStatus);
  else
    loadDiffusersFolder(*c, onStatus);
  arrangeWeights(*c);
  return c;
}

std::unique_ptr<SdComponents> makeRandomComponents(const ComputeDevice& compute, uint64_t seed) {
  auto c = std::make_unique<SdComponents>();
  c->compute = compute;
  c->vaeDtype = compute.networkDtype;
  const auto options = networkOptions(compute);
  ModelLocation bundled;
  bundled.format = ModelLocation::Format::SingleFile;
  c->tokenizer = std::make_shared<const ClipTokenizer>(ClipTokenizer::fromFolder(tokenizerFolderFor(bundled)));
  c->textEncoder = std::make_unique<ClipTextModel>(c->textConfig);
  initRandomWeights(*c->textEncoder, seed, textEncoderOptions(compute));
  c->unet = std::make_unique<UNet2DConditionModel>(c->unetConfig);
  initRandomWeights(*c->unet, seed + 1, options);
  c->vae = std::make_unique<AutoencoderKL>(c->vaeConfig);
  initRandomWeights(*c->vae, seed + 2, options);
  arrangeWeights(*c);
  return c;
}

}  // namespace sd
