// sdstudio-cli explain IMAGE [--clip DIR] [--json]: which words of an
// image's prompt its CLIP score rests on. Each word or bracketed group is
// left out in turn and the rest re-scored with CLIP's text tower against the
// image's stored embedding and comparison set (core/clip/prompt_explanation.h).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/clip/clip_scorer.h"
#include "core/clip/prompt_explanation.h"
#include "core/metadata/settings_reader.h"
#include "core/catalogue/model_search_paths.h"

namespace sd::cli {

namespace {

namespace fs = std::filesystem;

// --clip, else the CLIP model that scored the image when it is installed,
// else the first CLIP model in the model folders.
fs::path clipFolder(const ParsedArgs& args, const ImageRecipe& recipe) {
  if (const auto given = args.value("clip")) return *given;
  const auto dirs = modelSearchPaths();
  if (!recipe.clipModel.empty())
    if (const auto found = findModel(recipe.clipModel, dirs); !found.empty()) return found;
  for (const auto& model : discoverModels(dirs))
    if (model.kind == "clip") return model.path;
  throw UsageError("no CLIP model found in the model folders (sdstudio-cli paths lists them): give --clip DIR");
}

// The stored embedding when this CLIP model made it; otherwise the vision
// tower runs once on the image.
ClipEmbedding imageEmbedding(const ClipScorer& scorer, const fs::path& clip, const ImageRecipe& r, const fs::path& image) {
  const bool stored = !r.imageEmbedding.empty() && r.clipModel == clip.filename().string() &&
                      static_cast<int>(r.imageEmbedding.size()) == scorer.embeddingSize();
  return stored ? r.imageEmbedding : scorer.embedImageFiles({image}).front();
}

std::string signedNumber(const char* format, double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

void printText(const ImageRecipe& r, const std::vector<std::string>& set, const PromptExplanation& e,
               const std::string& clipName, const PromptTruncation& truncation) {
  std::cout << "Prompt: " << r.prompt << "\n"
            << "CLIP: " << clipName << ", against " << set.size() << " prompt" << (set.size() == 1 ? "" : "s")
            << (set.size() == 1 ? " (a set of one: its probability is always 100%, so the logit tells)" : "") << "\n"
            << "Whole prompt: " << signedNumber("%.1f%%", e.probability * 100) << ", logit "
            << signedNumber("%.3f", e.logit) << "\n";
  if (truncation.truncated())
    std::cout << "CLIP reads the first " << truncation.capacity << " of its " << truncation.tokens
              << " tokens: leaving out words past them changes nothing\n";
  std::cout << "\nLeft out            probability   change    logit   change\n";
  for (const auto& u : e.units) {
    std::cout << "  " << u.text << std::string(u.text.size() < 18 ? 18 - u.text.size() : 1, ' ')
              << signedNumber("%9.1f%%", u.probability * 100) << signedNumber("%+8.1f", (u.probability - e.probability) * 100)
              << signedNumber("%9.3f", u.logit) << signedNumber("%+9.3f", u.logit - e.logit) << "\n";
  }
  if (e.units.empty()) std::cout << "  (the prompt has no words)\n";
  if (e.units.size() >= kMaxExplainedUnits)
    std::cout << "  (only the first " << kMaxExplainedUnits << " words and groups are left out in turn)\n";
}

void printJson(const fs::path& image, const ImageRecipe& r, const std::vector<std::string>& set,
               const PromptExplanation& e, const std::string& clipName, const PromptTruncation& truncation) {
  nlohmann::ordered_json j;
  j["image"] = image.string();
  j["prompt"] = r.prompt;
  j["clip_model"] = clipName;
  j["comparison_prompts"] = set;
  j["probability"] = e.probability;
  j["logit"] = e.logit;
  j["prompt_tokens"] = truncation.tokens;
  j["token_limit"] = truncation.capacity;
  auto& units = j["units"] = nlohmann::ordered_json::array();
  for (const auto& u : e.units)
    units.push_back({{"text", u.text}, {"begin", u.begin}, {"end", u.end}, {"probability", u.probability},
                     {"probability_change", u.probability - e.probability}, {"logit", u.logit},
                     {"logit_change", u.logit - e.logit}});
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

int runExplain(const ParsedArgs& args) {
  const fs::path image = args.positionals().front();
  const auto recipe = readRecipe(image);
  const auto clip = clipFolder(args, recipe);
  const auto device = parseDevicePreference(args.value("device").value_or("auto"));
  if (!device) throw UsageError("--device must be auto, cpu or cuda");
  const auto scorer = ClipScorer::load(clip, *device);
  auto set = recipe.comparisonPrompts.empty() ? std::vector<std::string>{recipe.prompt} : recipe.comparisonPrompts;
  if (std::find(set.begin(), set.end(), recipe.prompt) == set.end()) set.push_back(recipe.prompt);
  const float temperature = recipe.temperature > 0 ? static_cast<float>(recipe.temperature) : kDefaultClipTemperature;
  const auto explanation =
      explainPrompt(*scorer, imageEmbedding(*scorer, clip, recipe, image), recipe.prompt, set, temperature);
  const auto name = clip.filename().string();
  const auto truncation = scorer->truncation(recipe.prompt);
  if (args.has("json")) printJson(image, recipe, set, explanation, name, truncation);
  else printText(recipe, set, explanation, name, truncation);
  return 0;
}

}  // namespace

CommandSpec explainCommand() {
  return {"explain",
          "Show which words of an image's prompt its CLIP score rests on.",
          "Shows which words of an image's prompt its CLIP score rests on: each word or bracketed group is left "
          "out in turn and the rest re-scored by CLIP's text tower against the image and its comparison set (both "
          "from the image's metadata; the image is embedded afresh only when another CLIP model scored it). A "
          "large drop means the image matches that word. Works on any image whose prompt we can read (SD Studio, "
          "A1111, ComfyUI…). The CLIP model is --clip, else the one that scored the image if it is in a model "
          "folder, else the first CLIP model found there.",
          "IMAGE [--clip DIR] [--json] [--device D]",
          {value("clip", "DIR", "CLIP model folder"), value("device", "D", "auto, cpu or cuda (default auto)"),
           flag("json", "print {prompt, probability, logit, units: [{text, probability_change, logit_change…}]}")},
          {"IMAGE", 1, 1},
          runExplain};
}

}  // namespace sd::cli
