#!/usr/bin/env python3
"""The peer's side of `sdstudio-cli bench --full-size`: the same parts of
SD v1.4 (its real configs from tests/data/manifests, random weights, so no
download) timed the same way in diffusers, so the two can be set side by
side from one run (scripts/bench-peer.sh runs both).

  python3 scripts/peer/bench_diffusers.py [--threads N] [--width 512] [--height 512]
        [--repeats 1] [--attention {eager,sdpa}] [--device cpu|cuda] [--dtype auto|float32|bfloat16] [--steps N]
        [--batch N ...] [--json]

Parts, as SD Studio's bench names them: text_encode_s (batch 2 × 77 tokens),
unet_cfg_step_s (one UNet forward at batch 2, t = 500; on CUDA also
unet_cfg_step_graph_s, the same replayed from a CUDA graph), vae_decode_s (one
image), peak_rss_mb (VmHWM of the process). Each part: one warm-up, then the
median of --repeats timed runs, under torch.inference_mode().

On CUDA (fp16, as SD Studio runs there) also whole_s: --steps (50) steps of
diffusers' own pipeline loop (StableDiffusionPipeline.__call__'s: scale the
input, UNet on the CFG batch, guidance, DPMSolverMultistepScheduler with
Karras sigmas, as `sdstudio-cli bench`'s DPM++ 2M Karras) and the decode,
for every --batch (images per prompt), with images_per_s; and peak_cuda_mb.
The text encoder is only timed where transformers imports (the loop gets a
random prompt embedding: its cost is one forward either way).

--attention eager is diffusers' AttnProcessor (baddbmm + softmax, what
diffusers runs on torch 1.x); sdpa is AttnProcessor2_0 (torch 2.x's default).

Needs: diffusers==0.27.2 transformers==4.39.3 huggingface_hub==0.21.4 "numpy<2" torch.
"""
import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import torch

try:
    import transformers  # noqa: F401 (diffusers imports it where present)
except Exception as e:  # noqa: BLE001
    # One that does not fit the pinned huggingface_hub (a GPU server's own
    # transformers 5.x beside hub 0.21.4): hidden, diffusers runs without it.
    print(f"bench_diffusers: transformers hidden ({type(e).__name__}: {e})", file=sys.stderr)
    sys.modules["transformers"] = None
from diffusers import AutoencoderKL, DPMSolverMultistepScheduler, UNet2DConditionModel
from diffusers.models.attention_processor import AttnProcessor, AttnProcessor2_0

CONFIGS = Path(__file__).resolve().parents[2] / "tests/data/manifests/configs/stable-diffusion-v1-4"


def peak_rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def timed(repeats, fn, device="cpu"):
    def once():
        fn()
        if device == "cuda":
            torch.cuda.synchronize()

    once()  # warm-up
    samples = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        once()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def pipeline_loop(unet, vae, scheduler, context, latents, steps, guidance=7.5):
    """StableDiffusionPipeline.__call__'s denoising loop and decode (0.27.2)."""
    scheduler.set_timesteps(steps, device=latents.device)
    latents = latents * scheduler.init_noise_sigma
    for t in scheduler.timesteps:
        model_in = scheduler.scale_model_input(torch.cat([latents] * 2), t)
        noise = unet(model_in, t, encoder_hidden_states=context).sample
        uncond, text = noise.chunk(2)
        noise = uncond + guidance * (text - uncond)
        latents = scheduler.step(noise, t, latents).prev_sample
    return vae.decode(latents / vae.config.scaling_factor).sample


def graphed_step_seconds(unet, latents, t, context, repeats):
    """One CFG step replayed from a CUDA graph: the GPU's own time for the
    step with no host work in it, the floor any eager loop can approach
    (not a diffusers figure: diffusers runs eagerly)."""
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        for _ in range(3):
            unet(latents, t, encoder_hidden_states=context)
    torch.cuda.current_stream().wait_stream(stream)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        unet(latents, t, encoder_hidden_states=context)
    return timed(repeats, graph.replay, "cuda")


def text_encoder_or_none():
    try:
        from transformers import CLIPTextConfig, CLIPTextModel
        return CLIPTextModel(CLIPTextConfig.from_pretrained(CONFIGS / "text_encoder")).eval()
    except Exception as e:  # missing, or a version that does not fit the pinned huggingface_hub
        print(f"bench_diffusers: no text encoder ({type(e).__name__}: {e})", file=sys.stderr)
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: every core)")
    ap.add_argument("--width", type=int, default=512)
    ap.add_argument("--height", type=int, default=512)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--attention", choices=["eager", "sdpa"], default="sdpa")
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--dtype", choices=["auto", "float32", "bfloat16"], default="auto",
                    help="the UNet's and the VAE's dtype (auto: float16 on CUDA, float32 on the CPU)")
    ap.add_argument("--steps", type=int, default=None,
                    help="steps of the whole loop (default: 50 on CUDA, none on the CPU)")
    ap.add_argument("--batch", type=int, nargs="+", default=[1, 4], help="images per prompt of the whole loop")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import os
    torch.set_num_threads(args.threads or os.cpu_count())
    torch.manual_seed(1234)
    device = torch.device(args.device)
    dtype = torch.float16 if args.device == "cuda" else torch.float32
    if args.dtype != "auto":
        dtype = getattr(torch, args.dtype)

    start = time.perf_counter()
    unet = UNet2DConditionModel.from_config(UNet2DConditionModel.load_config(CONFIGS / "unet")).eval()
    vae = AutoencoderKL.from_config(AutoencoderKL.load_config(CONFIGS / "vae")).eval()
    text = text_encoder_or_none()
    unet, vae = unet.to(device, dtype), vae.to(device, dtype)
    if text is not None:
        text = text.to(device, dtype)
    if args.device == "cuda":
        torch.cuda.synchronize()
    load_s = time.perf_counter() - start
    processor = AttnProcessor() if args.attention == "eager" else AttnProcessor2_0()
    unet.set_attn_processor(processor)
    vae.set_attn_processor(processor)

    f = 2 ** (len(vae.config.block_out_channels) - 1)
    figures = {"torch_version": torch.__version__, "threads": torch.get_num_threads(), "device": args.device,
               "dtype": str(dtype).replace("torch.", ""), "attention": args.attention, "width": args.width,
               "height": args.height, "load_s": load_s}
    import diffusers
    figures["diffusers_version"] = diffusers.__version__
    with torch.inference_mode():
        if text is not None:
            ids = torch.randint(0, text.config.vocab_size, (2, 77), device=device)
            figures["text_encode_s"] = timed(args.repeats, lambda: text(ids)[0], args.device)
            context = text(ids)[0]
        else:
            context = torch.randn(2, 77, unet.config.cross_attention_dim, device=device, dtype=dtype)
        latents = torch.randn(2, unet.config.in_channels, args.height // f, args.width // f, device=device,
                              dtype=dtype)
        t = torch.tensor(500, device=device)
        figures["unet_cfg_step_s"] = timed(args.repeats, lambda: unet(latents, t, encoder_hidden_states=context).sample,
                                           args.device)
        if args.device == "cuda":
            try:
                figures["unet_cfg_step_graph_s"] = graphed_step_seconds(unet, latents, t, context, args.repeats)
            except RuntimeError as e:  # capture is not possible everywhere; the eager figures stand alone
                print(f"bench_diffusers: no CUDA graph ({e})", file=sys.stderr)
        one = latents[:1] / vae.config.scaling_factor
        figures["vae_decode_s"] = timed(args.repeats, lambda: vae.decode(one).sample, args.device)
        steps = args.steps if args.steps is not None else 50 if args.device == "cuda" else 0
        if steps > 0:
            scheduler = DPMSolverMultistepScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                                    use_karras_sigmas=True)
            for n in args.batch:
                noise = torch.randn(n, unet.config.in_channels, args.height // f, args.width // f, device=device,
                                    dtype=dtype)
                batch_context = context.repeat_interleave(n, dim=0)
                seconds = timed(args.repeats, lambda: pipeline_loop(unet, vae, scheduler, batch_context, noise,
                                                                    steps), args.device)
                suffix = "" if n == 1 else f"_batch{n}"
                figures["whole_s" + suffix] = seconds
                figures["images_per_s" + suffix] = n / seconds
            figures["steps"] = steps
        if args.device == "cuda":
            figures["peak_cuda_mb"] = torch.cuda.max_memory_allocated() / 2 ** 20
    figures["peak_rss_mb"] = peak_rss_mb()
    if args.json:
        print(json.dumps(figures, indent=2, sort_keys=True))
    else:
        for key, value in figures.items():
            print(f"{key:>18}: {value:.3f}" if isinstance(value, float) else f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
