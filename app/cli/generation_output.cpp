#include "app/cli/generation_output.h"

#include "core/image/png_io.h"
#include "core/io/safetensors_writer.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"

namespace sd::cli {

namespace fs = std::filesystem;

struct GenerationOutput::Scoring {};

GenerationOutput::GenerationOutput(fs::path dir, const GenerationRequest& request, const StableDiffusion& model,
                                   const std::optional<std::string>& clipModel, bool overwrite)
    : m_dir(std::move(dir)), m_request(request), m_model(model), m_overwrite(overwrite) {
  if (clipModel) throw Error("--clip scoring is not available in this build yet");
  if (!m_overwrite)
    for (std::size_t k = 0; k < request.prompts.size(); ++k)
      for (int i = 0; i < request.batch; ++i) {
        const auto path = m_dir / (fileStem(static_cast<int>(k), seedOfImage(request, i)) + ".png");
        if (fs::exists(path)) throw Error(path.string() + " already exists (use --force to overwrite)");
      }
}

GenerationOutput::~GenerationOutput() = default;

std::string GenerationOutput::fileStem(int promptIndex, uint64_t seed) {
  return "p" + std::to_string(promptIndex) + "-s" + std::to_string(seed);
}

ImageRecipe GenerationOutput::recipeFor(const GeneratedImage& image) const {
  ImageRecipe r;
  r.prompt = m_request.prompts[image.promptIndex];
  r.negativePrompt = m_request.guidanceScale > 1 ? m_request.negativePrompt : "";
  r.steps = m_request.steps;
  r.schedulerId = m_request.scheduler;
  if (const auto info = findScheduler(m_request.scheduler)) r.schedulerId = info->id;
  r.cfgScale = m_request.guidanceScale;
  r.seed = image.seed;
  r.baseSeed = m_request.seed;
  r.width = m_request.width;
  r.height = m_request.height;
  r.modelName = m_model.info().name;
  r.clipSkip = m_request.clipSkip;
  if (m_request.initImage) r.denoisingStrength = m_request.strength;
  r.eta = m_request.eta;
  r.promptIndex = image.promptIndex;
  r.imageIndex = image.imageIndex;
  r.device = m_model.info().device;
  r.initialNoiseHash = image.initialNoiseHash;
  r.comparisonPrompts = m_request.prompts;
  r.seconds = image.seconds;
  return r;
}

fs::path GenerationOutput::save(const GeneratedImage& image) {
  const auto stem = fileStem(image.promptIndex, image.seed);
  const auto recipe = recipeFor(image);
  const auto path = m_dir / (stem + ".png");
  writePng(path, image.image, {{"parameters", formatInfotext(recipe)}, {"sdstudio", formatRecipeJson(recipe)}});
  if (!image.finalLatents.empty()) {
    SafetensorsWriter writer;
    writer.setMetadata("format", "pt");
    writer.add("latents", DType::F32, image.latentShape,
               std::as_bytes(std::span(image.finalLatents.data(), image.finalLatents.size())));
    writer.write(m_dir / (stem + ".latents.safetensors"));
  }
  ++m_saved;
  return path;
}

}  // namespace sd::cli
