// A model folder's config.json files (issue 30: counts of 2e9 once built
// modules before any shape was checked): the same bytes read as a CLIP text
// config, a UNet config, a VAE config and a CLIPModel config. Each must
// either give a config within core/models/model_config.h's limits or throw
// sd::Error; anything else (another exception, a crash, a config outside
// the limits) is a finding.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/clip/clip_config.h"
#include "core/models/model_config.h"
#include "core/util/error.h"
#include "tests/fuzz/targets/scratch_files.h"

namespace {

void expect(bool within) {
  if (!within) std::abort();
}

template <typename Read>
void readOrRefuse(Read read) {
  try {
    read();
  } catch (const sd::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sd::config_limits;
  const sd::fuzz::ScratchFolder scratch;
  const auto path = scratch.write("config.json", std::string_view(reinterpret_cast<const char*>(data), size));
  readOrRefuse([&] {
    const auto c = sd::readClipTextConfig(path);
    expect(c.numHiddenLayers <= kMaxLayers && c.hiddenSize <= kMaxWidth && c.vocabSize <= kMaxVocabulary);
  });
  readOrRefuse([&] {
    const auto c = sd::readUNetConfig(path);
    expect(c.layersPerBlock <= kMaxLayersPerBlock && c.blockOutChannels.size() <= kMaxBlocks &&
           c.transformerLayersPerBlock <= kMaxLayersPerBlock);
  });
  readOrRefuse([&] {
    const auto c = sd::readVaeConfig(path);
    expect(c.layersPerBlock <= kMaxLayersPerBlock && c.blockOutChannels.size() <= kMaxBlocks && c.normNumGroups > 0);
  });
  readOrRefuse([&] {
    const auto c = sd::readClipModelConfig(path);
    expect(c.vision.numHiddenLayers <= kMaxLayers && c.vision.patchesPerSide() <= 64);
  });
  return 0;
}
