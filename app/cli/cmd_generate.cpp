// sdstudio-cli generate: renders every prompt at the same seeds and writes
// DIR/p<prompt>-s<seed>.png with the full recipe in PNG text chunks.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/commands.h"
#include "app/cli/generation_output.h"
#include "core/image/png_io.h"
#include "core/pipeline/stable_diffusion.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

std::atomic<bool> g_interrupted{false};
void onInterrupt(int) { g_interrupted = true; }

GenerationRequest requestFrom(const ParsedArgs& args) {
  GenerationRequest r;
  r.prompts = args.values("prompt");
  if (r.prompts.empty()) throw Error("--prompt is required (repeat it to compare prompts)");
  r.negativePrompt = args.value("negative").value_or("");
  r.steps = static_cast<int>(args.integer("steps", 25, 1, 1000));
  r.guidanceScale = args.number("cfg", 7.5, 0, 100);
  r.scheduler = args.value("scheduler").value_or("dpmpp_2m_karras");
  r.eta = args.number("eta", 0.0, 0, 1);
  r.seed = static_cast<uint64_t>(args.integer("seed", 0, 0, (1LL << 53)));
  r.batch = static_cast<int>(args.integer("batch", 1, 1, 1000));
  r.width = static_cast<int>(args.integer("width", 512, 64, 4096));
  r.height = static_cast<int>(args.integer("height", 512, 64, 4096));
  r.clipSkip = static_cast<int>(args.integer("clip-skip", 1, 1, 12));
  r.keepLatents = args.has("save-latents");
  if (const auto init = args.value("init-image")) {
    r.initImage = readPng(*init).image;
    r.strength = args.number("strength", 0.75, 0.0, 1.0);
  } else if (args.has("strength")) {
    throw Error("--strength needs --init-image");
  }
  validateRequest(r);
  return r;
}

void printProgress(const StepProgress& p) {
  const int eta = static_cast<int>(p.etaSeconds + 0.5);
  std::fprintf(stderr, "\r[image %d/%d] step %d/%d  %.2f it/s  ETA %d:%02d   ", p.imageNumber, p.imageCount, p.step,
               p.steps, p.iterationsPerSecond, eta / 60, eta % 60);
  std::fflush(stderr);
}

int runGenerate(const ParsedArgs& args) {
  const auto request = requestFrom(args);
  const std::filesystem::path outDir = args.require("out");
  const auto device = parseDevicePreference(args.value("device").value_or("auto"));
  if (!device) throw Error("--device must be auto, cpu or cuda");
  std::filesystem::create_directories(outDir);

  auto model = StableDiffusion::load(args.require("model"), *device,
                                     [](const std::string& s) { std::cerr << s << "…\n"; });
  std::cerr << "Model: " << model->info().name << " (" << model->info().format << ") on " << model->info().device
            << (model->info().isDemo ? " — demo model with random weights" : "") << "\n";
  GenerationOutput output(outDir, request, *model, args.value("clip"), args.has("force"));

  g_interrupted = false;
  auto previous = std::signal(SIGINT, onInterrupt);
  GenerationCallbacks callbacks;
  callbacks.onStep = [](const StepProgress& p) {
    printProgress(p);
    return !g_interrupted.load();
  };
  callbacks.onImage = [&](GeneratedImage&& image) {
    const auto path = output.save(image);
    std::fprintf(stderr, "\r%-70s\n", ("wrote " + path.string() + " (" + std::to_string(image.seconds).substr(0, 5) + " s)").c_str());
  };
  try {
    model->generate(request, callbacks);
  } catch (const Cancelled&) {
    std::signal(SIGINT, previous);
    std::cerr << "\nstopped after the current step; " << output.savedCount() << " image(s) saved in " << outDir.string()
              << "\n";
    return 130;
  }
  std::signal(SIGINT, previous);
  std::cerr << output.savedCount() << " image(s) in " << outDir.string() << "\n";
  return 0;
}

}  // namespace

CommandSpec generateCommand() {
  return {"generate",
          "Renders every --prompt at the seeds seed … seed+batch-1 (so prompts compare like for like) and\n"
          "writes DIR/p<prompt index>-s<seed>.png with the settings in PNG text metadata (A1111 'parameters'\n"
          "plus an 'sdstudio' JSON chunk). Progress on stderr; Ctrl+C stops cleanly after the current step.",
          "--model PATH --prompt TEXT [--prompt TEXT ...] [options] --out DIR",
          {{"model", "PATH", "diffusers folder or single-file .safetensors checkpoint"},
           {"prompt", "TEXT", "a prompt; every prompt is rendered at the same seeds", true},
           {"negative", "TEXT", "negative prompt (used when --cfg > 1)"},
           {"steps", "N", "denoising steps (default 25)"},
           {"cfg", "F", "classifier-free guidance scale (default 7.5; 1 disables guidance)"},
           {"scheduler", "NAME", "pndm, ddim, lms, euler, euler_ancestral, heun, dpmpp_2m, dpmpp_2m_karras (default),\n"
                                 "                            unipc, ddpm, or an A1111 name such as \"Euler a\""},
           {"eta", "F", "DDIM eta (default 0)"},
           {"seed", "N", "seed of the first image (default 0)"},
           {"batch", "N", "images per prompt (default 1)"},
           {"width", "W", "image width, a multiple of 8 (default 512)"},
           {"height", "H", "image height, a multiple of 8 (default 512)"},
           {"clip-skip", "N", "A1111 clip skip (default 1 = last layer)"},
           {"init-image", "PNG", "img2img: start from this image"},
           {"strength", "F", "img2img strength in (0, 1] (default 0.75)"},
           {"device", "DEV", "auto (default), cpu or cuda"},
           {"clip", "PATH", "CLIP model folder: score each image against all prompts, stored in its metadata"},
           {"save-latents", "", "also write p<k>-s<seed>.latents.safetensors (final latents)"},
           {"force", "", "overwrite existing files in DIR"},
           {"out", "DIR", "output folder"}},
          runGenerate};
}

}  // namespace sd::cli
