#include "core/metadata/comfy_prompt.h"

#include <cstdint>
#include <type_traits>
#include <utility>

#include "core/metadata/comfy_graph.h"
#include "core/metadata/json_values.h"
#include "core/metadata/sampler_names.h"

namespace sd {

namespace {

// A number input that fits `T`. A fractional or out-of-range number for an
// integer setting is ignored: converting it would be undefined behaviour (a
// seed of 3.4e34 in a crafted graph, found by the comfy_prompt fuzzer).
template <typename T>
void take(const Json& inputs, const char* key, T& out) {
  if (!inputs.contains(key) || !inputs[key].is_number()) return;
  const Json& v = inputs[key];
  if constexpr (std::is_integral_v<T>) {
    if (v.is_number_float()) return;
    if (v.is_number_unsigned() ? !std::in_range<T>(v.get<std::uint64_t>()) : !std::in_range<T>(v.get<std::int64_t>()))
      return;
  }
  out = v.get<T>();
}

// A number input, or one linked from a primitive/seed node ("value",
// "seed", "noise_seed" or its own key there).
template <typename T>
void takeLinked(const ComfyGraph& graph, const Json& inputs, const char* key, T& out) {
  if (!inputs.contains(key)) return;
  if (inputs[key].is_number()) return take(inputs, key, out);
  if (const Json* source = graph.node(inputs[key]))
    for (const char* name : {key, "value", "seed", "noise_seed"}) take(ComfyGraph::inputs(*source), name, out);
}

std::string joinPrompts(const std::vector<std::string>& prompts, const char* which, ImageSettings& s) {
  std::string joined;
  for (const auto& p : prompts) joined += (joined.empty() ? "" : "\n") + p;
  if (prompts.size() > 1)
    s.warnings.push_back(std::string("the ") + which + " conditioning combines " + std::to_string(prompts.size()) +
                         " prompts (areas, ConditioningCombine); they are joined here, one per line");
  return joined;
}

void readPrompts(const ComfyGraph& graph, const Json& inputs, ImageSettings& s) {
  auto& r = s.recipe;
  if (inputs.contains("positive")) r.prompt = joinPrompts(graph.prompts(inputs["positive"]), "positive", s);
  if (inputs.contains("negative")) r.negativePrompt = joinPrompts(graph.prompts(inputs["negative"]), "negative", s);
  // Clip skip: a CLIPSetLastLayer between the positive encoder and the checkpoint.
  const auto encoders = inputs.contains("positive") ? graph.encoders(inputs["positive"]) : std::vector<const Json*>{};
  const auto& encoderInputs = encoders.empty() ? ComfyGraph::inputs(Json()) : ComfyGraph::inputs(*encoders.front());
  if (const Json* clip = encoderInputs.contains("clip") ? graph.follow(encoderInputs["clip"], "clip") : nullptr;
      clip && ComfyGraph::type(*clip) == "CLIPSetLastLayer") {
    int layer = -1;
    take(ComfyGraph::inputs(*clip), "stop_at_clip_layer", layer);
    if (layer < -1) r.clipSkip = -layer;
  }
}

void readSampler(const ComfyGraph& graph, const Json& inputs, ImageSettings& s) {
  auto& r = s.recipe;
  takeLinked(graph, inputs, "seed", r.seed);
  takeLinked(graph, inputs, "noise_seed", r.seed);
  takeLinked(graph, inputs, "steps", r.steps);
  takeLinked(graph, inputs, "cfg", r.cfgScale);
  double denoise = 1.0;
  take(inputs, "denoise", denoise);
  if (denoise < 1.0) r.denoisingStrength = denoise;
  applySampler(s, jsonString(inputs, "sampler_name"), jsonString(inputs, "scheduler"));
  readPrompts(graph, inputs, s);
  const Json* latent = inputs.contains("latent_image") ? graph.follow(inputs["latent_image"], "samples") : nullptr;
  if (latent && ComfyGraph::type(*latent).find("EmptyLatentImage") != std::string::npos) {
    take(ComfyGraph::inputs(*latent), "width", r.width);
    take(ComfyGraph::inputs(*latent), "height", r.height);
  } else {
    markSizeUnknown(s, "the sampler starts from " + (latent ? ComfyGraph::type(*latent) : std::string("an unknown latent")) +
                           ", not an empty latent");
  }
  if (const Json* m = inputs.contains("model") ? graph.follow(inputs["model"], "model") : nullptr) {
    const auto& mi = ComfyGraph::inputs(*m);
    if (mi.contains("ckpt_name") && mi["ckpt_name"].is_string()) r.modelName = mi["ckpt_name"].get<std::string>();
  }
}

}  // namespace

std::optional<ImageSettings> parseComfyPrompt(std::string_view text) {
  const Json graph = parseJsonObject(text);
  if (graph.is_discarded()) return std::nullopt;
  const ComfyGraph comfy(graph);
  const Json* sampler = comfy.firstPassSampler();
  if (!sampler || ComfyGraph::inputs(*sampler).empty()) return std::nullopt;
  ImageSettings s;
  s.source = SettingsSource::ComfyUi;
  try {
    readSampler(comfy, ComfyGraph::inputs(*sampler), s);
  } catch (const Json::exception& e) {
    s.warnings.push_back(std::string("ComfyUI graph only partly readable: ") + e.what());
  }
  if (const int count = comfy.samplerCount(); count > 1)
    s.warnings.push_back("the graph runs " + std::to_string(count) + " samplers; these settings are its first pass");
  s.fields = {{"Steps", std::to_string(s.recipe.steps)}, {"Sampler", s.samplerName}, {"Seed", std::to_string(s.recipe.seed)}};
  if (s.sizeKnown) s.fields.emplace_back("Size", std::to_string(s.recipe.width) + "x" + std::to_string(s.recipe.height));
  if (!s.recipe.modelName.empty()) s.fields.emplace_back("Model", s.recipe.modelName);
  return s;
}

}  // namespace sd
