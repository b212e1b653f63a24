#pragma once
// Walking a ComfyUI API-format graph (node id → {class_type, inputs}, where
// an input is a literal or a link ["id", output]). Every walk is iterative
// and bounded: graphs come from strangers and may hold cycles.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sd {

class ComfyGraph {
 public:
  using Json = nlohmann::json;
  explicit ComfyGraph(const Json& graph) : m_graph(graph) {}

  // The sampler a recipe comes from: of the KSampler-like nodes, the first
  // (by node number) whose latent starts empty, else the first.
  const Json* firstPassSampler() const;
  int samplerCount() const;
  // The node a link points at, or nullptr.
  const Json* node(const Json& link) const;
  // Follows a link through pass-through nodes (LoRA loaders, reroutes)
  // along their `via` input until a node without one, at most a few hops.
  const Json* follow(const Json& link, const char* via) const;
  // The text encoders feeding a conditioning input, depth-first in input
  // order, through combine/area/ControlNet nodes.
  std::vector<const Json*> encoders(const Json& conditioning) const;
  // Their texts, trimmed, empty ones left out.
  std::vector<std::string> prompts(const Json& conditioning) const;
  // A text encoder's text: a literal or a link to a primitive/string node.
  std::string text(const Json& node) const;

  // "" unless the node has a string class_type (value() would throw on {"class_type": 5}).
  static std::string type(const Json& node);
  static const Json& inputs(const Json& node);

 private:
  const Json& m_graph;
};

}  // namespace sd
