#include "core/metadata/recipe_json.h"

#include "core/metadata/insight_json.h"
#include "core/metadata/json_values.h"
#include "core/util/error.h"
#include "core/util/json_number.h"

namespace sd {

namespace {

template <typename T>
void read(const Json& j, const char* key, T& out) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  try {
    out = checkedGet<T>(*it);
  } catch (const Json::exception&) {
    throw Error(std::string("sdstudio metadata: '") + key + "' has the wrong type");
  }
}

void readClip(const Json& clip, ImageRecipe& r) {
  read(clip, "model", r.clipModel);
  read(clip, "prompts", r.comparisonPrompts);
  read(clip, "probabilities", r.probabilities);
  read(clip, "logits", r.logits);
  read(clip, "temperature", r.temperature);
  read(clip, "logit_scale", r.logitScale);
  read(clip, "image_embedding", r.imageEmbedding);
}

}  // namespace

ImageRecipe parseRecipeJson(std::string_view text) {
  std::string why;
  const Json j = parseJsonObject(text, &why);
  if (j.is_discarded()) throw Error("sdstudio metadata cannot be read: " + why);
  int schema = 1;
  read(j, "schema", schema);
  if (schema > 1) throw Error("sdstudio metadata schema " + std::to_string(schema) + " is newer than this build reads (1)");
  ImageRecipe r;
  read(j, "prompt", r.prompt);
  read(j, "negative_prompt", r.negativePrompt);
  read(j, "steps", r.steps);
  read(j, "scheduler", r.schedulerId);
  read(j, "cfg_scale", r.cfgScale);
  read(j, "seed", r.seed);
  read(j, "base_seed", r.baseSeed);
  read(j, "seed_policy", r.seedPolicy);
  read(j, "variation_seed", r.variationSeed);
  read(j, "variation_strength", r.variationStrength);
  read(j, "prompt_index", r.promptIndex);
  read(j, "image_index", r.imageIndex);
  read(j, "width", r.width);
  read(j, "height", r.height);
  read(j, "clip_skip", r.clipSkip);
  if (j.contains("denoising_strength") && j["denoising_strength"].is_number())
    r.denoisingStrength = j["denoising_strength"].get<double>();
  read(j, "eta", r.eta);
  if (j.contains("mask_blur") && j["mask_blur"].is_number_integer()) r.maskBlur = j["mask_blur"].get<int>();
  read(j, "inpaint_only_masked", r.inpaintOnlyMasked);
  read(j, "masked_area_padding", r.maskedAreaPadding);
  read(j, "inpaint_overlay", r.inpaintOverlay);
  if (const auto m = j.find("model"); m != j.end() && m->is_object()) {
    read(*m, "name", r.modelName);
    read(*m, "hash", r.modelHash);
  }
  read(j, "lora_hashes", r.loraHashes);
  read(j, "device", r.device);
  read(j, "initial_noise_fnv1a", r.initialNoiseHash);
  read(j, "seconds", r.seconds);
  if (const auto c = j.find("clip"); c != j.end() && c->is_object()) readClip(*c, r);
  readInsightJson(j, r);
  return r;
}

}  // namespace sd
