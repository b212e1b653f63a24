#!/usr/bin/env python3
"""Re-runs the per-image reference runs (tests/data/goldens/per_image) with
diffusers on whatever torch this Python has, and compares them with the stored
goldens (made by diffusers 0.27.2 on torch 1.13, CPU fp32).

Shows how much of a difference between LibTorch versions is diffusers' own:
if diffusers on torch 2.x moves as far from the goldens as SD Studio on
LibTorch 2.x does, the cause is in torch's kernels, not in our port.

  python3 scripts/peer/per_image_diffusers.py [--out DIR] [--attention {sdpa,sdpa-3d,eager}]

--attention chooses how diffusers' attention runs: sdpa (AttnProcessor2_0:
4-D [B, heads, T, D] input, torch's fused kernels), sdpa-3d (the same call on
[B*heads, T, D], which torch 2.x can only serve with its math kernel; SD
Studio fed it so before 2026-11) or eager (AttnProcessor: baddbmm + softmax,
what the goldens were made with on torch 1.13).

Needs: diffusers==0.27.2 transformers==4.39.3 huggingface_hub==0.21.4 "numpy<2" Pillow safetensors torch.
"""
import argparse
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from safetensors.torch import load_file

import torch.nn.functional as F
from diffusers.models.attention_processor import AttnProcessor, AttnProcessor2_0

from diffusers import (DPMSolverMultistepScheduler, EulerAncestralDiscreteScheduler,
                       StableDiffusionImg2ImgPipeline, StableDiffusionPipeline)

DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
SCHEDULERS = {
    "euler_ancestral": lambda config: EulerAncestralDiscreteScheduler.from_config(config),
    "dpmpp_2m_karras": lambda config: DPMSolverMultistepScheduler.from_config(
        config, algorithm_type="dpmsolver++", solver_order=2, use_karras_sigmas=True),
}


class Sdpa3dProcessor(AttnProcessor2_0):
    """AttnProcessor2_0 with the heads folded into the batch before SDPA."""

    def __call__(self, attn, hidden_states, encoder_hidden_states=None, attention_mask=None, temb=None, **kw):
        original = F.scaled_dot_product_attention

        def folded(q, k, v, attn_mask=None, dropout_p=0.0, is_causal=False):
            b, h, t, d = q.shape
            out = original(q.reshape(b * h, t, d), k.reshape(b * h, -1, d), v.reshape(b * h, -1, d),
                           attn_mask=attn_mask, dropout_p=dropout_p, is_causal=is_causal)
            return out.reshape(b, h, t, d)

        F.scaled_dot_product_attention = folded
        try:
            return super().__call__(attn, hidden_states, encoder_hidden_states, attention_mask, temb, **kw)
        finally:
            F.scaled_dot_product_attention = original


def describe(mine, golden):
    d = np.abs(mine.astype(np.int32) - golden.astype(np.int32))
    return {"max_levels": int(d.max()), "share_differing": float((d > 0).mean()),
            "share_over_2_levels": float((d > 2).mean())}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=None, help="also write the PNGs here")
    parser.add_argument("--attention", choices=["sdpa", "sdpa-3d", "eager"], default="sdpa")
    args = parser.parse_args()
    torch.set_num_threads(2)
    runs = json.loads((DATA / "goldens/per_image/per_image.json").read_text())["runs"]
    golden = load_file(str(DATA / "goldens/per_image/per_image.safetensors"))
    txt2img = StableDiffusionPipeline.from_pretrained(str(DATA / "tiny-sd"), safety_checker=None,
                                                      requires_safety_checker=False)
    processor = {"sdpa": AttnProcessor2_0, "sdpa-3d": Sdpa3dProcessor, "eager": AttnProcessor}[args.attention]
    txt2img.unet.set_attn_processor(processor())
    txt2img.vae.set_attn_processor(processor())
    img2img = StableDiffusionImg2ImgPipeline(**txt2img.components)
    report = {"torch": torch.__version__, "attention": args.attention, "runs": {}}
    for r in runs:
        pipe = img2img if r["kind"] == "img2img" else txt2img
        pipe.scheduler = SCHEDULERS[r["scheduler"]](txt2img.scheduler.config)
        generators = [torch.Generator("cpu").manual_seed(r["seed"] + i) for _ in r["prompts"] for i in range(r["batch"])]
        kwargs = dict(prompt=r["prompts"], negative_prompt=[r["negative"]] * len(r["prompts"]),
                      num_images_per_prompt=r["batch"], guidance_scale=r["cfg"], num_inference_steps=r["steps"],
                      generator=generators, output_type="np")
        if r["kind"] == "img2img":
            # One init image per generator: with a generator list diffusers
            # 0.27.2 encodes image[i:i+1] for every image of the batch.
            init = Image.open(DATA / "goldens/per_image" / r["init_image"]).convert("RGB")
            kwargs.update(image=[init] * len(generators), strength=r["strength"])
        else:
            kwargs.update(width=r["width"], height=r["height"])
        images = pipe(**kwargs).images
        rows = {}
        for k, p in enumerate(r["prompts"]):
            for i in range(r["batch"]):
                name = f"p{k}-s{r['seed'] + i}"
                mine = np.round(images[k * r["batch"] + i] * 255).astype(np.uint8)
                reference = golden[f"{r['name']}.{name}.image_uint8"].numpy().reshape(mine.shape)
                rows[name] = describe(mine, reference)
                if args.out:
                    (args.out / r["name"]).mkdir(parents=True, exist_ok=True)
                    Image.fromarray(mine).save(args.out / r["name"] / f"{name}.png")
        report["runs"][r["name"]] = rows
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
