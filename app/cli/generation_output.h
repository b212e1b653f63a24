#pragma once
// Writes the CLI's generated images: PNG + recipe, optional latents, optional
// CLIP scores against every prompt of the run.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/metadata/image_recipe.h"
#include "core/pipeline/stable_diffusion.h"

namespace sd {
class ClipScorer;
}

namespace sd::cli {

class GenerationOutput {
 public:
  GenerationOutput(std::filesystem::path dir, const GenerationRequest& request, const StableDiffusion& model,
                   const std::optional<std::string>& clipModel, bool overwrite);
  ~GenerationOutput();
  // Writes p<k>-s<seed>.png, or p<k>-s<seed>-v<variation seed>.png
  // (atomically), and returns its path.
  std::filesystem::path save(const GeneratedImage& image);
  int savedCount() const { return m_saved; }
  const ClipScorer* scorer() const;  // with --clip, else null

  static std::string fileStem(const GenerationRequest& request, int promptIndex, int imageIndex);

 private:
  ImageRecipe recipeFor(const GeneratedImage& image) const;

  std::filesystem::path m_dir;
  const GenerationRequest& m_request;
  const StableDiffusion& m_model;
  bool m_overwrite;
  std::string m_modelHash;
  int m_saved = 0;
  struct Scoring;
  std::unique_ptr<Scoring> m_scoring;
};

}  // namespace sd::cli
