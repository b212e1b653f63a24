#pragma once
// The loaded parts of a Stable Diffusion v1.x model (internal to core).
#include <functional>
#include <memory>
#include <string>

#include "core/models/autoencoder_kl.h"
#include "core/models/clip_text_model.h"
#include "core/models/unet_2d_condition.h"
#include "core/lora/lora_patcher.h"
#include "core/nn/compute_device.h"
#include "core/nn/cuda_graph_cache.h"
#include "core/pipeline/model_location.h"
#include "core/schedulers/scheduler_config.h"
#include "core/text/clip_tokenizer.h"

namespace sd {

struct SdComponents {
  ModelLocation location;
  ComputeDevice compute;
  UNetConfig unetConfig;
  VaeConfig vaeConfig;
  ClipTextConfig textConfig;
  SchedulerConfig schedulerConfig;
  std::shared_ptr<const ClipTokenizer> tokenizer;  // shared with the window's token counter (ModelInfo)
  std::unique_ptr<ClipTextModel> textEncoder;
  std::unique_ptr<UNet2DConditionModel> unet;
  std::unique_ptr<AutoencoderKL> vae;
  c10::ScalarType vaeDtype = c10::kFloat;  // float32 after an fp16 NaN fallback
  LoraPatcher loras;  // the LoRAs the UNet and text encoder carry now
  // The UNet's CUDA graphs, per input shape (eager on the CPU); cleared
  // whenever the UNet's weights are replaced.
  std::unique_ptr<CudaGraphCache> unetGraphs = std::make_unique<CudaGraphCache>();
};

// Loads every part onto `compute`'s device and dtype; errors name the file.
std::unique_ptr<SdComponents> loadComponents(const ModelLocation& location, const ComputeDevice& compute,
                                             const std::function<void(const std::string&)>& onStatus);

// SD v1.4's full architecture (the configs' defaults) with random weights:
// benchmarks and memory checks without downloading the real model.
std::unique_ptr<SdComponents> makeRandomComponents(const ComputeDevice& compute, uint64_t seed);

// Where the CLIP tokenizer files live for a model that ships none (single
// files): a tokenizer/ folder beside it, else the one installed with SD Studio.
std::filesystem::path tokenizerFolderFor(const ModelLocation& location);

}  // namespace sd
