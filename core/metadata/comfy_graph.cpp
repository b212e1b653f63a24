#include "core/metadata/comfy_graph.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/metadata/text_values.h"

namespace sd {

namespace {

using Json = nlohmann::json;

constexpr int kMaxHops = 16;
constexpr std::size_t kMaxVisited = 256;

bool isLink(const Json& v) { return v.is_array() && v.size() == 2 && (v[0].is_string() || v[0].is_number_integer()); }

std::string linkId(const Json& link) { return link[0].is_string() ? link[0].get<std::string>() : link[0].dump(); }

// Node ids are numbers written as strings; nlohmann orders them as text
// ("24" before "3"), ComfyUI users think of them as numbers.
bool numericLess(const std::string& a, const std::string& b) {
  const bool an = !a.empty() && std::all_of(a.begin(), a.end(), ::isdigit);
  const bool bn = !b.empty() && std::all_of(b.begin(), b.end(), ::isdigit);
  if (an && bn && a.size() != b.size()) return a.size() < b.size();
  if (an != bn) return an;
  return a < b;
}

bool isConditioningInput(const std::string& key) {
  return key.rfind("conditioning", 0) == 0 || key == "positive" || key == "negative";
}

}  // namespace

std::string ComfyGraph::type(const Json& node) {
  if (!node.is_object()) return "";
  const auto it = node.find("class_type");
  return it != node.end() && it->is_string() ? it->get<std::string>() : "";
}

const Json& ComfyGraph::inputs(const Json& node) {
  static const Json kEmpty = Json::object();
  if (!node.is_object()) return kEmpty;
  const auto it = node.find("inputs");
  return it != node.end() && it->is_object() ? *it : kEmpty;
}

const Json* ComfyGraph::node(const Json& link) const {
  if (!isLink(link)) return nullptr;
  const auto it = m_graph.find(linkId(link));
  return it != m_graph.end() && it->is_object() ? &*it : nullptr;
}

const Json* ComfyGraph::follow(const Json& link, const char* via) const {
  const Json* at = node(link);
  for (int hop = 0; at && hop < kMaxHops; ++hop) {
    const auto& in = inputs(*at);
    const auto next = in.find(via);
    const std::string t = type(*at);
    const bool endpoint = t.find("CheckpointLoader") != std::string::npos || t.rfind("CLIPTextEncode", 0) == 0 ||
                          t.find("EmptyLatentImage") != std::string::npos || t == "CLIPSetLastLayer";
    if (endpoint || next == in.end() || !isLink(*next)) return at;
    at = node(*next);
  }
  return at;
}

const Json* ComfyGraph::firstPassSampler() const {
  std::vector<std::string> ids;
  for (const auto& [id, n] : m_graph.items())
    if (type(n).rfind("KSampler", 0) == 0) ids.push_back(id);
  std::sort(ids.begin(), ids.end(), numericLess);
  for (const auto& id : ids) {
    const auto& in = inputs(m_graph[id]);
    const Json* latent = in.contains("latent_image") ? follow(in["latent_image"], "samples") : nullptr;
    if (latent && type(*latent).find("EmptyLatentImage") != std::string::npos) return &m_graph[id];
  }
  return ids.empty() ? nullptr : &m_graph[ids.front()];
}

int ComfyGraph::samplerCount() const {
  return static_cast<int>(std::count_if(m_graph.begin(), m_graph.end(), [](const Json& n) { return type(n).rfind("KSampler", 0) == 0; }));
}

std::string ComfyGraph::text(const Json& start) const {
  const Json* at = &start;
  for (int hop = 0; at && hop < kMaxHops; ++hop) {
    const Json* next = nullptr;
    for (const char* key : {"text", "text_g", "string", "value", "prompt"}) {
      const auto& in = inputs(*at);
      if (!in.contains(key)) continue;
      if (in[key].is_string()) return in[key].get<std::string>();
      if ((next = node(in[key]))) break;
    }
    at = next;
  }
  return "";
}

std::vector<const Json*> ComfyGraph::encoders(const Json& conditioning) const {
  std::vector<const Json*> out;
  std::vector<const Json*> stack{&conditioning};
  std::set<std::string> seen;
  while (!stack.empty() && seen.size() < kMaxVisited) {
    const Json* link = stack.back();
    stack.pop_back();
    const Json* n = node(*link);
    if (!n || !seen.insert(linkId(*link)).second) continue;
    if (type(*n).rfind("CLIPTextEncode", 0) == 0) {
      out.push_back(n);
      continue;
    }
    std::vector<const Json*> next;
    for (const auto& [key, value] : inputs(*n).items())
      if (isConditioningInput(key) && isLink(value)) next.push_back(&value);
    for (auto it = next.rbegin(); it != next.rend(); ++it) stack.push_back(*it);  // first input first
  }
  return out;
}

std::vector<std::string> ComfyGraph::prompts(const Json& conditioning) const {
  std::vector<std::string> out;
  for (const Json* encoder : encoders(conditioning))
    if (auto t = trimmed(text(*encoder)); !t.empty()) out.push_back(std::move(t));
  return out;
}

}  // namespace sd
