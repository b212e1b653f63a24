#include "core/metadata/image_recipe.h"

#include <sstream>

#include <nlohmann/json.hpp>

#include "core/metadata/insight_json.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/build_info.h"

namespace sd {

namespace {

// A1111's quote(): plain unless the value holds ',', ':' or a newline.
std::string quoteValue(const std::string& value) {
  if (value.find_first_of(",:\n") == std::string::npos) return value;
  return nlohmann::json(value).dump();
}

std::string number(double value) {
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << value;
  return out.str();
}

}  // namespace

std::string formatInfotext(const ImageRecipe& r) {
  std::vector<std::pair<std::string, std::string>> fields;
  const auto scheduler = findScheduler(r.schedulerId);
  fields.emplace_back("Steps", std::to_string(r.steps));
  fields.emplace_back("Sampler", scheduler ? scheduler->displayName : r.schedulerId);
  if (scheduler && !scheduler->scheduleType.empty()) fields.emplace_back("Schedule type", scheduler->scheduleType);
  fields.emplace_back("CFG scale", number(r.cfgScale));
  fields.emplace_back("Seed", std::to_string(r.seed));
  fields.emplace_back("Size", std::to_string(r.width) + "x" + std::to_string(r.height));
  if (!r.modelHash.empty()) fields.emplace_back("Model hash", r.modelHash);
  if (!r.modelName.empty()) fields.emplace_back("Model", r.modelName);
  if (r.variationStrength > 0) {
    fields.emplace_back("Variation seed", std::to_string(r.variationSeed));
    fields.emplace_back("Variation seed strength", number(r.variationStrength));
  }
  if (r.denoisingStrength) fields.emplace_back("Denoising strength", number(*r.denoisingStrength));
  if (r.maskBlur) fields.emplace_back("Mask blur", std::to_string(*r.maskBlur));
  if (r.maskBlur && r.inpaintOnlyMasked) {
    fields.emplace_back("Inpaint area", "Only masked");
    fields.emplace_back("Masked area padding", std::to_string(r.maskedAreaPadding));
  }
  if (r.maskBlur && !r.inpaintOnlyMasked && !r.inpaintOverlay) fields.emplace_back("Inpaint overlay", "off");
  if (r.clipSkip > 1) fields.emplace_back("Clip skip", std::to_string(r.clipSkip));
  if (r.eta > 0) fields.emplace_back("Eta DDIM", number(r.eta));
  if (!r.loraHashes.empty()) fields.emplace_back("Lora hashes", r.loraHashes);
  fields.emplace_back("RNG", "CPU");
  fields.emplace_back("Version", std::string("SD Studio ") + build::kVersion);

  std::string text = r.prompt;
  if (!r.negativePrompt.empty()) text += "\nNegative prompt: " + r.negativePrompt;
  text += "\n";
  for (std::size_t i = 0; i < fields.size(); ++i)
    text += (i ? ", " : "") + fields[i].first + ": " + quoteValue(fields[i].second);
  return text;
}

std::string formatRecipeJson(const ImageRecipe& r) {
  nlohmann::ordered_json j;
  j["schema"] = 1;
  j["prompt"] = r.prompt;
  j["negative_prompt"] = r.negativePrompt;
  j["steps"] = r.steps;
  j["scheduler"] = r.schedulerId;
  j["cfg_scale"] = r.cfgScale;
  j["seed"] = r.seed;
  j["base_seed"] = r.baseSeed;
  j["seed_policy"] = r.seedPolicy;
  if (r.variationStrength > 0) {
    j["variation_seed"] = r.variationSeed;
    j["variation_strength"] = r.variationStrength;
  }
  j["prompt_index"] = r.promptIndex;
  j["image_index"] = r.imageIndex;
  j["width"] = r.width;
  j["height"] = r.height;
  j["clip_skip"] = r.clipSkip;
  if (r.denoisingStrength) j["denoising_strength"] = *r.denoisingStrength;
  if (r.maskBlur) {
    j["mask_blur"] = *r.maskBlur;
    j["inpaint_only_masked"] = r.inpaintOnlyMasked;
    j["masked_area_padding"] = r.maskedAreaPadding;
    j["inpaint_overlay"] = r.inpaintOverlay;
  }
  j["eta"] = r.eta;
  j["model"] = {{"name", r.modelName}, {"hash", r.modelHash}};
  if (!r.loraHashes.empty()) j["lora_hashes"] = r.loraHashes;
  j["device"] = r.device;
  j["initial_noise_fnv1a"] = r.initialNoiseHash;
  j["seconds"] = r.seconds;
  j["versions"] = {{"sdstudio", build::kVersion}, {"libtorch", build::kTorchVersion}, {"opencv", build::kOpenCvVersion}};
  if (!r.clipModel.empty()) {
    j["clip"] = {{"model", r.clipModel},
                 {"prompts", r.comparisonPrompts},
                 {"probabilities", r.probabilities},
                 {"logits", r.logits},
                 {"temperature", r.temperature},
                 {"logit_scale", r.logitScale},
                 {"image_embedding", r.imageEmbedding}};
  }
  writeInsightJson(j, r);
  return j.dump();
}

}  // namespace sd
