#pragma once
// The Stable Diffusion v1.x pipeline behind a pimpl: no torch in this header,
// so the window and the CLI include it freely.
#include <filesystem>
#include <memory>
#include <string>

#include "core/nn/device_preference.h"
#include "core/pipeline/generation_request.h"
#include "core/pipeline/generation_result.h"
#include "core/text/prompt_chunks.h"

namespace sd {

class ClipTokenizer;

struct ModelInfo {
  std::string name;         // folder or file name
  std::string path;
  std::string format;       // "diffusers folder" or "single-file checkpoint"
  std::string device;       // "cpu (float32)", "cuda:0 (float16)"
  bool isDemo = false;      // the bundled random-weight demo model
  int textEncoderLayers = 12;
  int vaeScaleFactor = 8;
  int sampleSize = 64;      // native latent size (×8 = default image size)
  // The model's own CLIP tokenizer (immutable, so any thread may use it):
  // the window's token counter measures prompts with it.
  std::shared_ptr<const ClipTokenizer> tokenizer;
};

class StableDiffusion {
 public:
  // A diffusers folder (model_index.json, unet/, vae/, text_encoder/,
  // tokenizer/, scheduler/; safetensors weights) or a single .safetensors
  // checkpoint in the original CompVis naming. Pickle files (.ckpt, .bin,
  // .pt, .pth) are refused with a message on how to convert them.
  static std::unique_ptr<StableDiffusion> load(const std::filesystem::path& model, DevicePreference device,
                                               const std::function<void(const std::string&)>& onStatus = {});
  ~StableDiffusion();

  const ModelInfo& info() const;
  // Renders request.prompts × seeds in the order p0s0, p0s1, …, p1s0, …;
  // each image reaches callbacks.onImage as soon as it is done. Throws
  // sd::Cancelled when onStep returns false, sd::Error on bad settings.
  void generate(const GenerationRequest& request, const GenerationCallbacks& callbacks);
  // The prompt as the text encoder reads it: A1111 emphasis, 75-token
  // chunks (tokenCount and capacity() make the "n/150" counter).
  PromptChunks promptChunks(const std::string& prompt) const;

  class Impl;

 private:
  explicit StableDiffusion(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sd
