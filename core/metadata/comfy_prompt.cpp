#include "core/metadata/comfy_prompt.h"

#include <nlohmann/json.hpp>

#include "core/metadata/sampler_names.h"

namespace sd {

namespace {

using Json = nlohmann::json;

class ComfyGraph {
 public:
  explicit ComfyGraph(const Json& graph) : m_graph(graph) {}

  // The first sampler node: KSampler, KSamplerAdvanced or a look-alike.
  const Json* sampler() const {
    for (const auto& [id, node] : m_graph.items())
      if (node.is_object() && node.value("class_type", "").rfind("KSampler", 0) == 0) return &node;
    return nullptr;
  }

  // Follows a link ["id", output] to its node, through pass-through nodes
  // (LoRA loaders, reroutes) along `via` inputs, at most a few hops.
  const Json* follow(const Json& input, const char* via = nullptr) const {
    const Json* link = &input;
    for (int hop = 0; hop < 8 && link->is_array() && !link->empty(); ++hop) {
      const auto& id = (*link)[0];
      const std::string key = id.is_string() ? id.get<std::string>() : id.dump();
      const auto it = m_graph.find(key);
      if (it == m_graph.end() || !it->is_object()) return nullptr;
      const Json& node = *it;
      if (!via || !node.contains("inputs") || !node["inputs"].contains(via) || wanted(node)) return &node;
      link = &node["inputs"][via];
    }
    return nullptr;
  }

  // A text input that is either a literal or a link to a primitive node.
  std::string text(const Json& node, int depth = 0) const {
    const auto& inputs = node.value("inputs", Json::object());
    for (const char* key : {"text", "text_g", "string", "value", "prompt"}) {
      if (!inputs.contains(key)) continue;
      const auto& v = inputs[key];
      if (v.is_string()) return v.get<std::string>();
      if (const Json* source = follow(v); source && depth < 4) return text(*source, depth + 1);
    }
    return "";
  }

 private:
  static bool wanted(const Json& node) {
    const std::string type = node.value("class_type", "");
    return type.rfind("CheckpointLoader", 0) == 0 || type.rfind("CLIPTextEncode", 0) == 0 ||
           type == "EmptyLatentImage";
  }
  const Json& m_graph;
};

template <typename T>
void take(const Json& inputs, const char* key, T& out) {
  if (inputs.contains(key) && inputs[key].is_number()) out = inputs[key].get<T>();
}

void readSampler(const ComfyGraph& graph, const Json& inputs, ImageSettings& s) {
  auto& r = s.recipe;
  take(inputs, "seed", r.seed);
  take(inputs, "noise_seed", r.seed);
  take(inputs, "steps", r.steps);
  take(inputs, "cfg", r.cfgScale);
  double denoise = 1.0;
  take(inputs, "denoise", denoise);
  if (denoise < 1.0) r.denoisingStrength = denoise;
  const std::string sampler = inputs.value("sampler_name", "");
  const std::string schedule = inputs.value("scheduler", "");
  s.samplerName = schedule.empty() ? sampler : sampler + " " + schedule;
  const auto found = resolveSamplerOrDefault(sampler, schedule == "karras" ? "Karras" : schedule, s.warnings);
  s.schedulerKnown = found.has_value();
  r.schedulerId = found ? found->id : s.samplerName;
  if (const Json* p = inputs.contains("positive") ? graph.follow(inputs["positive"], "conditioning") : nullptr)
    r.prompt = graph.text(*p);
  if (const Json* n = inputs.contains("negative") ? graph.follow(inputs["negative"], "conditioning") : nullptr)
    r.negativePrompt = graph.text(*n);
  if (const Json* l = inputs.contains("latent_image") ? graph.follow(inputs["latent_image"], "samples") : nullptr) {
    const auto& li = l->value("inputs", Json::object());
    take(li, "width", r.width);
    take(li, "height", r.height);
  }
  if (const Json* m = inputs.contains("model") ? graph.follow(inputs["model"], "model") : nullptr) {
    const auto& mi = m->value("inputs", Json::object());
    if (mi.contains("ckpt_name") && mi["ckpt_name"].is_string()) r.modelName = mi["ckpt_name"].get<std::string>();
  }
}

}  // namespace

std::optional<ImageSettings> parseComfyPrompt(std::string_view text) {
  const Json graph = Json::parse(text.begin(), text.end(), nullptr, false);
  if (graph.is_discarded() || !graph.is_object()) return std::nullopt;
  ComfyGraph comfy(graph);
  const Json* sampler = comfy.sampler();
  if (!sampler || !sampler->contains("inputs") || !(*sampler)["inputs"].is_object()) return std::nullopt;
  ImageSettings s;
  s.source = SettingsSource::ComfyUi;
  try {
    readSampler(comfy, (*sampler)["inputs"], s);
  } catch (const Json::exception& e) {
    s.warnings.push_back(std::string("ComfyUI graph only partly readable: ") + e.what());
  }
  s.fields = {{"Steps", std::to_string(s.recipe.steps)}, {"Sampler", s.samplerName}, {"Seed", std::to_string(s.recipe.seed)},
              {"Size", std::to_string(s.recipe.width) + "x" + std::to_string(s.recipe.height)}};
  if (!s.recipe.modelName.empty()) s.fields.emplace_back("Model", s.recipe.modelName);
  return s;
}

}  // namespace sd
