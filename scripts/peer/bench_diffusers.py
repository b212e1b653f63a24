#!/usr/bin/env python3
"""The peer's side of `sdstudio-cli bench --full-size`: the same parts of
SD v1.4 (its real configs from tests/data/manifests, random weights, so no
download) timed the same way in diffusers, so the two can be set side by
side from one run (scripts/bench-peer.sh runs both).

  python3 scripts/peer/bench_diffusers.py [--threads N] [--width 512] [--height 512]
        [--repeats 1] [--attention {eager,sdpa}] [--json]

Parts, as SD Studio's bench names them: text_encode_s (batch 2 × 77 tokens),
unet_cfg_step_s (one UNet forward at batch 2, t = 500), vae_decode_s (one
image), peak_rss_mb (VmHWM of the process). Each part: one warm-up, then the
median of --repeats timed runs, under torch.inference_mode().

--attention eager is diffusers' AttnProcessor (baddbmm + softmax, what
diffusers runs on torch 1.x); sdpa is AttnProcessor2_0 (torch 2.x's default).

Needs: diffusers==0.27.2 transformers==4.39.3 huggingface_hub==0.21.4 "numpy<2" torch.
"""
import argparse
import json
import statistics
import time
from pathlib import Path

import torch
from diffusers import AutoencoderKL, UNet2DConditionModel
from diffusers.models.attention_processor import AttnProcessor, AttnProcessor2_0
from transformers import CLIPTextConfig, CLIPTextModel

CONFIGS = Path(__file__).resolve().parents[2] / "tests/data/manifests/configs/stable-diffusion-v1-4"


def peak_rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def timed(repeats, fn):
    fn()  # warm-up
    samples = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: every core)")
    ap.add_argument("--width", type=int, default=512)
    ap.add_argument("--height", type=int, default=512)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--attention", choices=["eager", "sdpa"], default="sdpa")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import os
    torch.set_num_threads(args.threads or os.cpu_count())
    torch.manual_seed(1234)

    start = time.perf_counter()
    unet = UNet2DConditionModel.from_config(UNet2DConditionModel.load_config(CONFIGS / "unet")).eval()
    vae = AutoencoderKL.from_config(AutoencoderKL.load_config(CONFIGS / "vae")).eval()
    text = CLIPTextModel(CLIPTextConfig.from_pretrained(CONFIGS / "text_encoder")).eval()
    load_s = time.perf_counter() - start
    processor = AttnProcessor() if args.attention == "eager" else AttnProcessor2_0()
    unet.set_attn_processor(processor)
    vae.set_attn_processor(processor)

    f = 2 ** (len(vae.config.block_out_channels) - 1)
    figures = {"torch_version": torch.__version__, "threads": torch.get_num_threads(),
               "attention": args.attention, "width": args.width, "height": args.height, "load_s": load_s}
    with torch.inference_mode():
        ids = torch.randint(0, text.config.vocab_size, (2, 77))
        figures["text_encode_s"] = timed(args.repeats, lambda: text(ids)[0])
        context = text(ids)[0]
        latents = torch.randn(2, unet.config.in_channels, args.height // f, args.width // f)
        t = torch.tensor(500)
        figures["unet_cfg_step_s"] = timed(args.repeats, lambda: unet(latents, t, encoder_hidden_states=context).sample)
        one = latents[:1] / vae.config.scaling_factor
        figures["vae_decode_s"] = timed(args.repeats, lambda: vae.decode(one).sample)
    figures["peak_rss_mb"] = peak_rss_mb()
    if args.json:
        print(json.dumps(figures, indent=2, sort_keys=True))
    else:
        for key, value in figures.items():
            print(f"{key:>18}: {value:.3f}" if isinstance(value, float) else f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
