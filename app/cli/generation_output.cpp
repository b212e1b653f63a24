#include "app/cli/generation_output.h"

#include "core/clip/clip_scorer.h"
#include "core/clip/recipe_scoring.h"
#include "core/image/png_io.h"
#include "core/metadata/model_hash.h"
#include "core/metadata/recipe_builder.h"
#include "core/io/safetensors_writer.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"

namespace sd::cli {

namespace fs = std::filesystem;

// CLIP scoring of each image against every prompt of the run.
struct GenerationOutput::Scoring {
  std::unique_ptr<ClipScorer> scorer;
  std::unique_ptr<RecipeScoring> recipe;
};

GenerationOutput::GenerationOutput(fs::path dir, const GenerationRequest& request, const StableDiffusion& model,
                                   const std::optional<std::string>& clipModel, bool overwrite)
    : m_dir(std::move(dir)), m_request(request), m_model(model), m_overwrite(overwrite) {
  if (!m_overwrite)
    for (std::size_t k = 0; k < request.prompts.size(); ++k)
      for (int i = 0; i < request.batch; ++i) {
        const auto stem = fileStem(request, static_cast<int>(k), i);
        // The latents beside an image are outputs too: refused the same way.
        std::vector<fs::path> outputs{m_dir / (stem + ".png")};
        if (request.keepLatents) outputs.push_back(m_dir / (stem + ".latents.safetensors"));
        for (const auto& path : outputs)
          if (fs::exists(path)) throw Error(path.string() + " already exists (use --force to overwrite)");
      }
  m_modelHash = modelHash(model.info().path);
  if (clipModel) {
    m_scoring = std::make_unique<Scoring>();
    m_scoring->scorer = ClipScorer::load(*clipModel, DevicePreference::Auto);
    m_scoring->recipe = std::make_unique<RecipeScoring>(*m_scoring->scorer, fs::path(*clipModel).filename().string(),
                                                        request.prompts);
  }
}

GenerationOutput::~GenerationOutput() = default;

const ClipScorer* GenerationOutput::scorer() const { return m_scoring ? m_scoring->scorer.get() : nullptr; }

std::string GenerationOutput::fileStem(const GenerationRequest& request, int promptIndex, int imageIndex) {
  std::string stem = "p" + std::to_string(promptIndex) + "-s" + std::to_string(seedOfImage(request, imageIndex));
  if (request.variationStrength > 0) stem += "-v" + std::to_string(variationSeedOfImage(request, imageIndex));
  return stem;
}

ImageRecipe GenerationOutput::recipeFor(const GeneratedImage& image) const {
  auto recipe = sd::recipeFor(m_request, image, m_model.info(), m_modelHash);
  if (m_scoring) {
    addClipScores(recipe, m_scoring->recipe->score(image.image, image.promptIndex));
    recipe.trajectory =
        m_scoring->recipe->trajectory(image.estimates, estimateDecoderName(m_request.trajectoryDecoder));
  }
  return recipe;
}

fs::path GenerationOutput::save(const GeneratedImage& image) {
  const auto stem = fileStem(m_request, image.promptIndex, image.imageIndex);
  const auto recipe = recipeFor(image);
  const auto path = m_dir / (stem + ".png");
  if (m_saved == 0) fs::create_directories(m_dir);  // only now: a run that fails earlier leaves no empty folder
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
