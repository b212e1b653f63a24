// The smallest program that draws with SD Studio's engine: load a model,
// describe one image, render it, save it as a PNG that A1111 (and SD Studio)
// can read the settings back from. Only core's public headers: no torch, no Qt.
//
//   sdstudio-example-txt2img MODEL "a red fox in the snow" fox.png [seed] [steps]
//
// MODEL is a diffusers folder or a single-file .safetensors checkpoint.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "core/image/png_io.h"
#include "core/metadata/image_recipe.h"
#include "core/metadata/recipe_builder.h"
#include "core/pipeline/stable_diffusion.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s MODEL PROMPT OUT.png [SEED] [STEPS]\n", argv[0]);
    return 2;
  }
  try {
    // 1. The model: CUDA when this LibTorch and machine have it, else the CPU.
    const auto model = sd::StableDiffusion::load(argv[1], sd::DevicePreference::Auto);
    const sd::ModelInfo& info = model->info();
    std::fprintf(stderr, "%s on %s\n", info.name.c_str(), info.device.c_str());

    // 2. What to draw. Every field has the settings table's default
    //    (core/pipeline/setting_limits.h); the model's native size here.
    sd::GenerationRequest request;
    request.prompts = {argv[2]};
    request.negativePrompt = "blurry, low quality";
    request.seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 42;
    request.steps = argc > 5 ? std::atoi(argv[5]) : 25;
    request.scheduler = sd::SchedulerKind::DpmPP2MKarras;
    request.width = request.height = info.sampleSize * info.vaeScaleFactor;
    sd::validateRequest(request);  // a bad setting is an sd::Error naming it

    // 3. Render. Callbacks report every step (return false to cancel) and
    //    hand over each image as soon as it is finished.
    sd::GenerationCallbacks callbacks;
    callbacks.onStep = [](const sd::StepProgress& p) {
      std::fprintf(stderr, "\rstep %d/%d", p.step, p.steps);
      return true;
    };
    callbacks.onImage = [&](sd::GeneratedImage&& image) {
      // 4. Save, with the settings as A1111's "parameters" text.
      const auto recipe = sd::recipeFor(request, image, info, /*modelHash=*/"");
      sd::writePng(argv[3], image.image, {{"parameters", sd::formatInfotext(recipe)}});
      std::fprintf(stderr, "\nwrote %s (seed %llu, %.1f s)\n", argv[3],
                   static_cast<unsigned long long>(image.seed), image.seconds);
    };
    model->generate(request, callbacks);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "\nerror: %s\n", e.what());
    return 1;
  }
}
