// sdstudio-cli generate: renders every prompt at the same seeds and writes
// DIR/p<prompt>-s<seed>.png with the full recipe in PNG text chunks.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "app/cli/commands.h"
#include "app/cli/generation_output.h"
#include "app/cli/prompt_arguments.h"
#include "app/cli/prompt_warnings.h"
#include "core/nn/gpu_probe.h"
#include "core/clip/clip_scorer.h"
#include "core/image/png_io.h"
#include "core/pipeline/stable_diffusion.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"
#include "core/util/file_io.h"
#include "core/util/terminal_text.h"

namespace sd::cli {

namespace {

std::atomic<bool> g_interrupted{false};

// An option read within its range from the settings table (core/pipeline/setting_limits.h).
int intSetting(const ParsedArgs& args, const std::string& name, const SettingRange<int>& range) {
  return static_cast<int>(args.integer(name, range.fallback, range.min, range.max));
}
double realSetting(const ParsedArgs& args, const std::string& name, const SettingRange<double>& range) {
  return args.number(name, range.fallback, range.min, range.max);
}
void onInterrupt(int) { g_interrupted = true; }

// --mask and its options; the request validator checks the mask against the
// init image (size, presence) and names what is wrong.
void readInpainting(const ParsedArgs& args, GenerationRequest& r) {
  const auto mask = args.value("mask");
  if (!mask) {
    for (const char* flag : {"mask-blur", "inpaint-only-masked", "only-masked-padding", "no-inpaint-overlay"})
      if (args.has(flag)) throw UsageError(std::string("--") + flag + " needs --mask");
    return;
  }
  if (!args.has("init-image")) throw UsageError("--mask needs --init-image (the picture to repaint)");
  try {
    r.mask = readPng(*mask).image;  // a file it cannot read is a runtime error, as for --init-image
  } catch (const Error& e) {
    throw Error(std::string("the mask: ") + e.what());
  }
  // The two files disagree: a runtime error naming both (exit 1), not a
  // mistake on the command line (the validator below would say exit 2).
  if (r.initImage && (r.mask->width != r.initImage->width || r.mask->height != r.initImage->height))
    throw Error("the mask " + *mask + " is " + std::to_string(r.mask->width) + "×" + std::to_string(r.mask->height) +
                " but the init image " + args.value("init-image").value_or("") + " is " +
                std::to_string(r.initImage->width) + "×" + std::to_string(r.initImage->height) +
                "; they must be the same size");
  r.maskBlur = intSetting(args, "mask-blur", settings::kMaskBlur);
  r.inpaintOnlyMasked = args.has("inpaint-only-masked");
  if (args.has("only-masked-padding") && !r.inpaintOnlyMasked)
    throw UsageError("--only-masked-padding needs --inpaint-only-masked");
  r.onlyMaskedPadding = intSetting(args, "only-masked-padding", settings::kOnlyMaskedPadding);
  r.inpaintOverlay = !args.has("no-inpaint-overlay");
  if (!r.inpaintOverlay && r.inpaintOnlyMasked)
    throw UsageError("--no-inpaint-overlay is for the whole picture; --inpaint-only-masked always pastes back");
}

GenerationRequest requestFrom(const ParsedArgs& args) {
  GenerationRequest r;
  r.prompts = promptArguments(args);
  r.negativePrompt = args.value("negative").value_or("");
  r.steps = intSetting(args, "steps", settings::kSteps);
  r.guidanceScale = realSetting(args, "cfg", settings::kGuidanceScale);
  if (const auto scheduler = args.value("scheduler")) {
    try {
      r.scheduler = parseScheduler(*scheduler);
    } catch (const Error& e) {
      throw UsageError(std::string("--scheduler: ") + e.what());
    }
  }
  r.eta = realSetting(args, "eta", settings::kEta);
  r.seed = static_cast<uint64_t>(args.integer("seed", 0, 0, static_cast<int64_t>(settings::kMaxSeed)));
  r.batch = intSetting(args, "batch", settings::kBatch);
  if (args.has("variation-seed") != args.has("variation-strength"))
    throw UsageError(args.has("variation-seed") ? "--variation-seed needs --variation-strength (0 to 1)"
                                                : "--variation-strength needs --variation-seed");
  r.variationSeed = static_cast<uint64_t>(args.integer("variation-seed", 0, 0, static_cast<int64_t>(settings::kMaxSeed)));
  r.variationStrength = realSetting(args, "variation-strength", settings::kVariationStrength);
  // 0 = not given: renderSize() takes the init image's size, else 512.
  r.width = intSetting(args, "width", {0, settings::kImageSide.min, settings::kImageSide.max});
  r.height = intSetting(args, "height", {0, settings::kImageSide.min, settings::kImageSide.max});
  r.clipSkip = intSetting(args, "clip-skip", settings::kClipSkip);
  r.keepLatents = args.has("save-latents");
  r.loraDir = args.value("lora-dir").value_or("");
  if (args.has("trajectory") || args.has("trajectory-decoder")) {
    if (!args.has("clip")) throw UsageError("--trajectory needs --clip (the trajectory is CLIP's scores)");
    r.trajectoryEvery = intSetting(args, "trajectory", {5, 1, settings::kSteps.max});
    const auto decoder = args.value("trajectory-decoder").value_or("approximation");
    if (decoder != "approximation" && decoder != "vae")
      throw UsageError("--trajectory-decoder must be approximation or vae, got '" + decoder + "'");
    r.trajectoryDecoder = decoder == "vae" ? EstimateDecoder::Vae : EstimateDecoder::Approximation;
  }
  if (const auto init = args.value("init-image")) {
    r.initImage = readPng(*init).image;  // a file it cannot read is a runtime error
    r.strength = realSetting(args, "strength", settings::kStrength);
  } else if (args.has("strength")) {
    throw UsageError("--strength needs --init-image");
  }
  readInpainting(args, r);
  try {
    validateRequest(r);
  } catch (const Error& e) {
    // Every setting came from the command line, except prompts read from a
    // --prompts-file: a limit they pass is that file's problem (exit 1).
    if (args.has("prompts-file") && std::string_view(e.what()).starts_with("prompt ")) throw;
    throw UsageError(e.what());
  }
  resolveImageSize(r);
  return r;
}

// Generation reads every token; only CLIP scoring (with --clip) cuts a
// prompt, and it scores the prompts only, never the negative one.
void warnAboutScoringTruncation(const ClipScorer& scorer, const GenerationRequest& request) {
  const bool several = request.prompts.size() > 1;
  for (std::size_t k = 0; k < request.prompts.size(); ++k) {
    const auto& prompt = request.prompts[k];
    if (const auto t = scorer.truncation(prompt); t.truncated())
      std::cerr << truncationWarning(several ? "prompt " + std::to_string(k + 1) : "prompt", prompt, t) << "\n";
  }
}

// Also called within a slow step (a CPU at full size: a minute a step), with
// the share of the step under way.
void printProgress(const StepProgress& p) {
  const int eta = static_cast<int>(p.etaSeconds + 0.5);
  char within[16] = "";
  if (p.withinStep > 0) std::snprintf(within, sizeof within, " (%2.0f %%)", 100.0 * p.withinStep);
  const int step = p.withinStep > 0 ? p.step + 1 : p.step;  // the step under way
  std::fprintf(stderr, "\r[image %d/%d] step %d/%d%s  %.2f it/s  ETA %d:%02d   ", p.imageNumber, p.imageCount, step,
               p.steps, within, p.iterationsPerSecond, eta / 60, eta % 60);
  std::fflush(stderr);
}

int runGenerate(const ParsedArgs& args) {
  const auto request = requestFrom(args);
  const std::filesystem::path outDir = args.require("out");
  const auto device = parseDevicePreference(args.value("device").value_or("auto"));
  if (!device) throw UsageError("--device must be auto, cpu, cpu-bf16 or cuda");
  // The folder is made with the first image, so a failed run leaves none behind.
  if (std::filesystem::exists(outDir) && !std::filesystem::is_directory(outDir))
    throw Error(outDir.string() + " exists and is not a folder (--out)");
  requireWritableFolder(outDir);  // before the model loads: a read-only --out must not cost a render

  // Where it runs, and why not on the GPU where it does not, before the load.
  std::cerr << "Device: " << describeDeviceChoice(*device, machineGpu(), cudaAvailable(), cpuHasFastBfloat16()) << "\n";
  auto model = StableDiffusion::load(args.require("model"), *device,
                                     [](const std::string& s) { std::cerr << s << "…\n"; });
  std::cerr << "Model: " << model->info().name << " (" << model->info().format << ") on " << model->info().device
            << (model->info().isDemo ? " — demo model with random weights" : "") << "\n";
  GenerationOutput output(outDir, request, *model, args.value("clip"), args.has("force"));
  if (const auto* scorer = output.scorer()) warnAboutScoringTruncation(*scorer, request);

  g_interrupted = false;
  auto previous = std::signal(SIGINT, onInterrupt);
  GenerationCallbacks callbacks;
  callbacks.onStep = [](const StepProgress& p) {
    printProgress(p);
    return !g_interrupted.load();
  };
  // Ctrl+C lands between the model's layers, not after a whole step.
  callbacks.shouldStop = [] { return g_interrupted.load(); };
  callbacks.onWithinStep = printProgress;
  callbacks.previewIntervalSeconds = -1;  // nobody looks at previews here
  callbacks.onImage = [&](GeneratedImage&& image) {
    const auto path = output.save(image);
    const auto line = "wrote " + path.string() + " (" + std::to_string(image.seconds).substr(0, 5) + " s)";
    std::fprintf(stderr, "\r%-70s\n", terminalSafe(line).c_str());
  };
  try {
    model->generate(request, callbacks);
  } catch (const Cancelled&) {
    std::signal(SIGINT, previous);
    std::cerr << "\nstopped; ";
    if (output.savedCount() == 0) std::cerr << "no image was written\n";
    else std::cerr << output.savedCount() << " image(s) saved in " << outDir.string() << "\n";
    return kExitInterrupted;
  }
  std::signal(SIGINT, previous);
  std::cerr << output.savedCount() << " image(s) in " << outDir.string() << "\n";
  return 0;
}

std::string number(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

// "denoising steps, between 1 and 1000 (default 25)": from the settings table.
template <typename T>
std::string withRange(const std::string& what, const SettingRange<T>& range) {
  return what + ", " + describeRange(range) + " (default " + number(range.fallback) + ")";
}

// What sets the size (renderSize() in core/pipeline/generation_request.h).
std::string sizeHelp(const std::string& side) {
  const auto& range = settings::kImageSide;
  return "image " + side + ", a multiple of 8 " + describeRange(range) + " (default " +
         std::to_string(range.fallback) + "; with --init-image the init image's " + side +
         " rounded down to a multiple of 8)";
}

}  // namespace

CommandSpec generateCommand() {
  return {"generate",
          "Render prompts at the same seeds into PNGs that carry their settings.",
          "Renders every --prompt at the seeds seed … seed+batch-1 (so prompts compare like for like) and writes "
          "DIR/p<prompt index>-s<seed>.png (p<k>-s<seed>-v<variation seed>.png with a variation seed) with the settings in PNG text metadata (A1111 'parameters' plus an "
          "'sdstudio' JSON chunk). DIR is created when the first image is written.\n"
          "Size: --width and --height; without them 512×512, or with --init-image the init image's size rounded "
          "down to a multiple of 8 (as diffusers does). Quote a prompt that has spaces: --prompt \"a red fox\". "
          "Prompts use A1111's syntax: (word) and (word:1.3) weigh words up, [word] down, \\( \\) are literal "
          "brackets, and a prompt longer than 75 tokens is read whole, in chunks of 75 (BREAK starts a new one). "
          "<lora:NAME:W> in a prompt applies the LoRA NAME.safetensors (kohya or diffusers naming) at weight W "
          "(default 1; <lora:NAME:TE:UNET> weighs the text encoder and the UNet apart); it is found in --lora-dir, "
          "else in lora/ inside the model folders, and recorded as A1111's 'Lora hashes'. "
          "Progress goes to stderr, with a warning for a prompt longer than the 75 tokens CLIP scoring reads "
          "(--clip); Ctrl+C stops at once, between two of the model's layers (images already written stay).",
          "--model PATH (--prompt TEXT [--prompt TEXT ...] | --prompts-file FILE) [options] --out DIR",
          {required(value("model", "PATH", "diffusers folder or single-file .safetensors checkpoint")),
           repeatable(value("prompt", "TEXT", "a prompt; repeat it to compare prompts at the same seeds")),
           value("prompts-file", "FILE",
                 "more prompts, one per line (blank lines skipped, as A1111's prompts-from-file), after any --prompt"),
           value("negative", "TEXT", "negative prompt (used when --cfg > 1)"),
           value("steps", "N", withRange("denoising steps", settings::kSteps)),
           value("cfg", "F", withRange("classifier-free guidance scale (1 or less disables guidance)",
                                       settings::kGuidanceScale)),
           value("scheduler", "NAME",
                 knownSchedulerIds() + ", or an A1111 name such as \"Euler a\" (default " +
                     schedulerId(settings::kScheduler) + ")"),
           value("eta", "F", withRange("DDIM eta", settings::kEta)),
           value("seed", "N", "seed of the first image (default 0)"),
           value("batch", "N", withRange("images per prompt", settings::kBatch)),
           value("variation-seed", "N",
                 "A1111's variation seed: blend the seed's noise with this seed's (image i of a batch uses N+i "
                 "and all keep --seed)"),
           value("variation-strength", "F",
                 "how far toward the variation seed's noise, 0 to 1 (spherical interpolation as A1111; 0 = the "
                 "seed's image, 1 = the variation seed's noise alone)"),
           value("width", "W", sizeHelp("width")),
           value("height", "H", sizeHelp("height")),
           value("clip-skip", "N", withRange("A1111 clip skip (1 = CLIP's last layer)", settings::kClipSkip)),
           value("lora-dir", "DIR",
                 "folder of the LoRA files that <lora:NAME:W> tags name (default: lora/ in the model folders)"),
           value("init-image", "PNG", "img2img: start from this image"),
           value("strength", "F", "img2img strength in (0, 1] (default " + number(settings::kStrength.fallback) + ")"),
           value("mask", "PNG",
                 "inpainting: repaint the white part of the init image (black is kept; same size as the init "
                 "image). Works with SD v1.x and with 9-channel inpainting models"),
           value("mask-blur", "N",
                 withRange("Gaussian blur of the mask in pixels, as A1111's Mask blur (0 = none)", settings::kMaskBlur)),
           flag("inpaint-only-masked",
                "A1111's 'Inpaint area: Only masked': render the mask's surroundings at the full --width/--height "
                "and paste them back through the blurred mask"),
           value("only-masked-padding", "N",
                 withRange("with --inpaint-only-masked: pixels around the mask to include",
                           settings::kOnlyMaskedPadding)),
           flag("no-inpaint-overlay",
                "whole-picture inpainting: keep the model's output everywhere (diffusers' raw output) instead of "
                "pasting the init image back outside the blurred mask as A1111 does"),
           value("device", "DEV", "auto (default), cpu, cuda, or cpu-bf16 (the CPU's fast mode: UNet and VAE in bfloat16, about twice as fast on CPUs with AVX-512 BF16, images slightly different)"),
           value("clip", "PATH",
                 "CLIP model folder: score each image against all prompts and say which words of its prompt matter, "
                 "stored in its metadata"),
           value("trajectory", "N",
                 "with --clip: every N steps (and the last) score the scheduler's estimate of the final image, "
                 "stored as the image's score trajectory"),
           value("trajectory-decoder", "D",
                 "how the estimate becomes pixels: approximation (linear latent to RGB, default) or vae (exact, "
                 "slower)"),
           flag("save-latents", "also write p<k>-s<seed>.latents.safetensors (final latents)"),
           flag("force", "overwrite existing files in DIR"),
           required(value("out", "DIR", "output folder (created with the first image)"))},
          {},
          runGenerate};
}

}  // namespace sd::cli
