#pragma once
// The per-image-seeded reference runs (README §5b) as GenerationRequests:
// shared by the exact goldens and the bfloat16 mode's comparison.
#include <nlohmann/json.hpp>

#include "core/image/png_io.h"
#include "core/pipeline/generation_request.h"
#include "core/schedulers/scheduler_names.h"
#include "pipeline_golden_support.h"

namespace sd::test {

inline sd::GenerationRequest perImageRequest(const nlohmann::json& r) {
  sd::GenerationRequest request;
  for (const auto& p : r.at("prompts")) request.prompts.push_back(p.get<std::string>());
  request.negativePrompt = r.at("negative").get<std::string>();
  request.guidanceScale = r.at("cfg").get<double>();
  request.steps = r.at("steps").get<int>();
  request.scheduler = sd::parseScheduler(r.at("scheduler").get<std::string>());
  request.seed = r.at("seed").get<uint64_t>();
  request.batch = r.at("batch").get<int>();
  request.width = r.value("width", 64);
  request.height = r.value("height", 64);
  if (r.at("kind") == "img2img") {
    request.initImage = sd::readPng(dataPath("goldens/per_image/" + r.at("init_image").get<std::string>())).image;
    request.strength = r.at("strength").get<double>();
  }
  return request;
}

}  // namespace sd::test
