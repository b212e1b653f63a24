// sdstudio-cli score --clip DIR --image FILE... --prompt TEXT...: how
// strongly CLIP matches each image to each prompt, as the studio's bars show
// it: softmax(logit_scale · cos / T) over the prompts, per image.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/prompt_arguments.h"
#include "core/clip/clip_scorer.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

constexpr int kBarWidth = 24;
constexpr double kMaxTemperature = 1000.0;

std::string bar(float probability) {
  const int filled = std::clamp(static_cast<int>(probability * kBarWidth + 0.5f), 0, kBarWidth);
  std::string out;
  for (int i = 0; i < kBarWidth; ++i) out += i < filled ? "\u2588" : "\u00b7";
  return out;
}

std::string percent(float probability) {
  char text[16];
  std::snprintf(text, sizeof text, "%6.2f%%", probability * 100.0);
  return text;
}

void printTable(const std::vector<std::string>& images, const std::vector<std::string>& prompts,
                const ClipScoreResult& result, const ClipScorer& scorer, double temperature) {
  std::cout << "CLIP on " << scorer.deviceDescription() << ", logit scale " << result.logitScale << ", temperature "
            << temperature << "\n"
            << "columns: probability, bar, logit, prompt (* = best match)\n";
  for (std::size_t i = 0; i < images.size(); ++i) {
    const auto& probs = result.scores.probabilities[i];
    const auto best = std::max_element(probs.begin(), probs.end()) - probs.begin();
    std::cout << "\n" << images[i] << "\n";
    for (std::size_t p = 0; p < prompts.size(); ++p) {
      char logit[32];
      std::snprintf(logit, sizeof logit, "%8.3f", result.scores.logits[i][p]);
      std::cout << "  " << percent(probs[p]) << " " << bar(probs[p]) << " " << logit << (int(p) == best ? " * " : "   ")
                << prompts[p] << "\n";
    }
  }
}

void printJson(const std::vector<std::string>& images, const std::vector<std::string>& prompts,
               const ClipScoreResult& result, double temperature) {
  nlohmann::json out;
  out["prompts"] = prompts;
  out["images"] = images;
  out["logits"] = result.scores.logits;
  out["probabilities"] = result.scores.probabilities;
  out["temperature"] = temperature;
  out["logit_scale"] = result.logitScale;
  std::cout << out.dump(2) << "\n";
}

// All at once (batched); if one file cannot be read, file by file, so that
// one bad image among 2,000 costs only itself. Returns how many failed
// (each named on stderr).
int embedReadable(const ClipScorer& scorer, const std::vector<std::string>& images, std::vector<std::string>& scored,
                  std::vector<ClipEmbedding>& embeddings) {
  try {
    embeddings = scorer.embedImageFiles(std::vector<std::filesystem::path>(images.begin(), images.end()));
    scored = images;
    return 0;
  } catch (const Error&) {
  }
  int unreadable = 0;
  embeddings.clear();
  for (const auto& image : images) {
    try {
      embeddings.push_back(scorer.embedImageFiles({image}).front());
      scored.push_back(image);
    } catch (const Error& e) {
      std::cerr << "error: " << e.what() << "\n";
      ++unreadable;
    }
  }
  return unreadable;
}

int runScore(const ParsedArgs& args) {
  const auto images = args.values("image");
  const auto prompts = promptArguments(args);
  const double temperature = args.number("temperature", kDefaultClipTemperature, 1e-3, kMaxTemperature);
  const auto deviceName = args.value("device").value_or("auto");
  const auto device = parseDevicePreference(deviceName);
  if (!device) throw UsageError("--device must be auto, cpu or cuda, got '" + deviceName + "'");

  const auto scorer = ClipScorer::load(args.require("clip"), *device);
  scorer->setMaxBatch(static_cast<int>(args.integer("batch", scorer->maxBatch(), 1, 256)));
  ClipScoreResult result;
  std::vector<std::string> scored;  // the images that could be read, in order
  const int unreadable = embedReadable(*scorer, images, scored, result.imageEmbeddings);
  if (scored.empty()) throw Error("none of the " + std::to_string(images.size()) + " images could be read");
  result.textEmbeddings = scorer->embedTexts(prompts);
  result.logitScale = scorer->logitScale();
  result.scores = clipScores(result.imageEmbeddings, result.textEmbeddings, result.logitScale,
                             static_cast<float>(temperature));
  if (args.has("json")) printJson(scored, prompts, result, temperature);
  else printTable(scored, prompts, result, *scorer, temperature);
  if (unreadable > 0) std::cerr << unreadable << " of " << images.size() << " images could not be read (above)\n";
  return unreadable > 0 ? kExitRuntimeError : 0;
}

}  // namespace

CommandSpec scoreCommand() {
  return {"score",
          "Score images against prompts with CLIP, as the studio's bars do.",
          "Scores images against prompts with CLIP: per image, the probability of each prompt (softmax of CLIP's "
          "logits divided by the temperature), as the studio's bars show it. The model folder is a transformers "
          "CLIPModel (e.g. openai/clip-vit-base-patch32): model.safetensors, config.json, "
          "preprocessor_config.json, vocab.json, merges.txt. --image takes every file that follows it "
          "(--image run/*.png); --prompt takes one prompt, so quote it and repeat --prompt for each.",
          "--clip DIR --image FILE... (--prompt TEXT [--prompt TEXT ...] | --prompts-file FILE) [--temperature T] [--json] "
          "[--device D]",
          {required(value("clip", "DIR", "CLIP model folder")),
           required(many(value("image", "FILE", "pictures to score (PNG, JPEG, BMP, TIFF, WebP)"))),
           repeatable(value("prompt", "TEXT", "a prompt of the comparison set; repeat for each")),
           value("prompts-file", "FILE", "more prompts of the set, one per line (blank lines skipped)"),
           value("temperature", "T", "softmax temperature (default 10; lower is sharper)"),
           value("batch", "N", "images per forward pass (default 16)"),
           value("device", "D", "auto, cpu or cuda (default auto)"),
           flag("json", "print {prompts, images, logits, probabilities} as JSON; rows are images")},
          {},
          runScore};
}

}  // namespace sd::cli
