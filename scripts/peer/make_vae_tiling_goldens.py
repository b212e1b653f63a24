#!/usr/bin/env python3
"""Makes tests/data/goldens/tiny-sd/vae_tiling.safetensors: diffusers'
AutoencoderKL.tiled_decode and tiled_encode on the tiny SD's VAE (sample_size
64: tiles of 64 pixels, 8 latents, a quarter overlapping), fp32 CPU, next to
the whole decode and encode of the same input, so a test can check both our
tiled path against diffusers' and how far tiling moves an image.

Latents 16x20 (3x4 tiles, the last row and column short) and an image
160x192 (4x4 tiles). Pinned: diffusers 0.27.2, torch 2.10.0 (CPU), in a venv:

  python3 -m venv V && V/bin/pip install torch==2.10.0 diffusers==0.27.2 safetensors "numpy<2"
  V/bin/python scripts/peer/make_vae_tiling_goldens.py
"""
from pathlib import Path

import diffusers
import torch
from diffusers import AutoencoderKL
from safetensors.torch import save_file

DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"


def main():
    torch.manual_seed(0)
    vae = AutoencoderKL.from_pretrained(DATA / "tiny-sd" / "vae").eval()
    latents = torch.randn(1, 4, 16, 20)
    image = torch.rand(1, 3, 160, 192) * 2 - 1
    with torch.no_grad():
        whole = vae.decode(latents).sample
        whole_moments = vae.encode(image).latent_dist.parameters
        vae.enable_tiling()
        tiled = vae.decode(latents).sample
        tiled_moments = vae.encode(image).latent_dist.parameters
    out = DATA / "goldens" / "tiny-sd" / "vae_tiling.safetensors"
    save_file({"latents": latents.contiguous(), "decoded_whole": whole.contiguous(),
               "decoded_tiled": tiled.contiguous(), "image": image.contiguous(),
               "moments_whole": whole_moments.contiguous(), "moments_tiled": tiled_moments.contiguous()},
              str(out), metadata={"diffusers": diffusers.__version__, "torch": torch.__version__})
    print(out, "decode |tiled - whole| max", (tiled - whole).abs().max().item(),
          "mean", (tiled - whole).abs().mean().item(),
          "encode mean", (tiled_moments - whole_moments).abs().max().item())


if __name__ == "__main__":
    main()
