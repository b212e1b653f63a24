#include "core/metadata/insight_json.h"

#include "core/util/error.h"
#include "core/util/json_number.h"

namespace sd {

namespace {

// Bounds on what a file may claim: a prompt has far fewer words, a run far
// fewer scored steps, a comparison set far fewer prompts.
constexpr std::size_t kMaxUnits = 4096;
constexpr std::size_t kMaxSteps = 10000;
constexpr std::size_t kMaxPrompts = 1024;

template <typename T>
T member(const nlohmann::json& j, const char* key, const char* where) {
  try {
    return checkedGet<T>(j.at(key));
  } catch (const nlohmann::json::exception&) {
    throw Error(std::string("sdstudio metadata: ") + where + "." + key + " is missing or has the wrong type");
  }
}

void requireArray(const nlohmann::json& j, const char* key, std::size_t limit, const char* where) {
  if (!j.contains(key) || !j[key].is_array())
    throw Error(std::string("sdstudio metadata: ") + where + "." + key + " is not a list");
  if (j[key].size() > limit)
    throw Error(std::string("sdstudio metadata: ") + where + "." + key + " has " + std::to_string(j[key].size()) +
                " entries, more than the " + std::to_string(limit) + " read");
}

PromptExplanation readExplanation(const nlohmann::json& e) {
  PromptExplanation out;
  out.probability = member<double>(e, "probability", "clip.explanation");
  out.logit = member<double>(e, "logit", "clip.explanation");
  requireArray(e, "units", kMaxUnits, "clip.explanation");
  for (const auto& u : e["units"])
    out.units.push_back({member<std::string>(u, "text", "clip.explanation.units"), member<int>(u, "begin", "unit"),
                         member<int>(u, "end", "unit"), member<double>(u, "probability", "unit"),
                         member<double>(u, "logit", "unit")});
  return out;
}

ScoreTrajectory readTrajectory(const nlohmann::json& t) {
  ScoreTrajectory out;
  out.decoder = member<std::string>(t, "decoder", "trajectory");
  requireArray(t, "steps", kMaxSteps, "trajectory");
  requireArray(t, "probabilities", kMaxSteps, "trajectory");
  out.steps = member<std::vector<int>>(t, "steps", "trajectory");
  for (const auto& row : t["probabilities"]) {
    if (!row.is_array() || row.size() > kMaxPrompts) throw Error("sdstudio metadata: trajectory.probabilities has a bad row");
    out.probabilities.push_back(row.get<std::vector<double>>());
  }
  if (t.contains("prompts")) {
    requireArray(t, "prompts", kMaxPrompts, "trajectory");
    out.prompts = member<std::vector<std::string>>(t, "prompts", "trajectory");
    for (const auto& row : out.probabilities)
      if (!out.prompts.empty() && row.size() != out.prompts.size())
        throw Error("sdstudio metadata: trajectory.probabilities rows do not match its prompts");
  }
  if (out.probabilities.size() != out.steps.size())
    throw Error("sdstudio metadata: trajectory has " + std::to_string(out.steps.size()) + " steps but " +
                std::to_string(out.probabilities.size()) + " rows of probabilities");
  return out;
}

}  // namespace

void writeInsightJson(nlohmann::ordered_json& j, const ImageRecipe& r) {
  if (j.contains("clip")) {
    auto& clip = j["clip"];
    if (!r.comparisonTokens.empty()) {
      clip["prompt_tokens"] = r.comparisonTokens;
      clip["token_limit"] = r.clipTokenLimit;
    }
    if (!r.explanation.empty()) {
      auto units = nlohmann::ordered_json::array();
      for (const auto& u : r.explanation.units)
        units.push_back({{"text", u.text}, {"begin", u.begin}, {"end", u.end}, {"probability", u.probability},
                         {"probability_change", u.probability - r.explanation.probability}, {"logit", u.logit},
                         {"logit_change", u.logit - r.explanation.logit}});
      clip["explanation"] = {
          {"probability", r.explanation.probability}, {"logit", r.explanation.logit}, {"units", units}};
    }
  }
  if (!r.trajectory.empty()) {
    j["trajectory"] = {{"decoder", r.trajectory.decoder},
                       {"steps", r.trajectory.steps},
                       {"probabilities", r.trajectory.probabilities}};
    if (!r.trajectory.prompts.empty()) j["trajectory"]["prompts"] = r.trajectory.prompts;
  }
}

void readInsightJson(const nlohmann::json& j, ImageRecipe& r) {
  if (const auto c = j.find("clip"); c != j.end() && c->is_object()) {
    if (c->contains("prompt_tokens")) {
      requireArray(*c, "prompt_tokens", kMaxPrompts, "clip");
      r.comparisonTokens = member<std::vector<int>>(*c, "prompt_tokens", "clip");
      r.clipTokenLimit = member<int>(*c, "token_limit", "clip");
    }
    if (const auto e = c->find("explanation"); e != c->end() && !e->is_null()) r.explanation = readExplanation(*e);
  }
  if (const auto t = j.find("trajectory"); t != j.end() && !t->is_null()) r.trajectory = readTrajectory(*t);
}

}  // namespace sd
