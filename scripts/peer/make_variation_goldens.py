#!/usr/bin/env python3
"""Makes tests/data/goldens/variation: A1111's variation-seed noise (its
"subseed"), computed the way AUTOMATIC1111/stable-diffusion-webui's
modules/rng.py does with randn_source "CPU": ImageRNG.first() draws the main
noise from a CPU generator seeded with the seed, the sub-noise after
manual_seed(subseed) from torch's global CPU generator, and blends them with
its slerp(). The slerp below restates that function's arithmetic (norms over
dim 1, the 0.9995 fallback with its weights as written there) so the golden
does not depend on a webui checkout.

  ~/.cache/sdstudio/peer/bin/python scripts/peer/make_variation_goldens.py

Needs torch and safetensors (any torch >= 1.13: CPU randn is stable).
"""
import json
from pathlib import Path

import torch
from safetensors.torch import save_file

OUT = Path(__file__).resolve().parent.parent.parent / "tests" / "data" / "goldens" / "variation"

# name, seed, subseed, strength, per-image shape (C, H, W) as A1111 uses it
CASES = [
    ("s7_v12345_010", 7, 12345, 0.1, (4, 8, 12)),
    ("s7_v12345_050", 7, 12345, 0.5, (4, 8, 12)),
    ("s7_v12345_100", 7, 12345, 1.0, (4, 8, 12)),
    ("s42_v43_025", 42, 43, 0.25, (4, 8, 8)),
    ("s3_v3_030", 3, 3, 0.3, (4, 8, 8)),  # same noise twice: the fallback branch
]


def a1111_slerp(val, low, high):
    """modules/rng.py slerp, restated."""
    low_unit = low / torch.norm(low, dim=1, keepdim=True)
    high_unit = high / torch.norm(high, dim=1, keepdim=True)
    cosine = (low_unit * high_unit).sum(1)
    if cosine.mean() > 0.9995:
        return low * val + high * (1 - val)
    omega = torch.acos(cosine)
    so = torch.sin(omega)
    return (torch.sin((1.0 - val) * omega) / so).unsqueeze(1) * low + (torch.sin(val * omega) / so).unsqueeze(1) * high


def image_noise(seed, subseed, strength, shape):
    """One image of ImageRNG.first() (no seed resize)."""
    torch.manual_seed(subseed)  # rng.randn(subseed, shape)
    subnoise = torch.randn(shape, device="cpu")
    generator = torch.Generator("cpu").manual_seed(int(seed))  # rng.create_generator(seed)
    noise = torch.randn(shape, device="cpu", generator=generator)
    return noise, subnoise, a1111_slerp(strength, noise, subnoise)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    tensors, listing = {}, []
    for name, seed, subseed, strength, shape in CASES:
        noise, subnoise, varied = image_noise(seed, subseed, strength, shape)
        tensors[f"{name}.noise"] = noise.contiguous()
        tensors[f"{name}.subnoise"] = subnoise.contiguous()
        tensors[f"{name}.varied"] = varied.contiguous()
        listing.append({"name": name, "seed": seed, "subseed": subseed, "strength": strength, "shape": list(shape)})
    # The fallback's weights (low·val + high·(1 − val)) on two nearly parallel
    # noises that differ, so a lerp with the usual weights would not pass.
    low = torch.randn((4, 8, 8), generator=torch.Generator("cpu").manual_seed(3))
    high = low + 0.01 * torch.randn((4, 8, 8), generator=torch.Generator("cpu").manual_seed(4))
    tensors["fallback.low"], tensors["fallback.high"] = low, high
    tensors["fallback.varied"] = a1111_slerp(0.3, low, high)
    save_file(tensors, str(OUT / "variation.safetensors"))
    meta = {"torch": torch.__version__, "origin": "modules/rng.py of AUTOMATIC1111/stable-diffusion-webui, restated",
            "cases": listing, "fallback": {"low_seed": 3, "high_seed": 4, "high_scale": 0.01, "strength": 0.3}}
    (OUT / "variation.json").write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()
