#!/usr/bin/env python3
"""Makes tests/data/goldens/inpaint: diffusers 0.27.2's
StableDiffusionInpaintPipeline on the tiny model, for a 4-channel UNet
(tests/data/tiny-sd: the known latents re-noised outside the mask after every
step) and a 9-channel one (tests/data/tiny-sd-inpaint/unet: latents, mask and
masked-image latents concatenated), with DDIM, Euler a and PNDM, with and
without classifier-free guidance, at strength 1 and below.

It also makes the 9-channel UNet: tiny-sd's UNet config with in_channels 9
and narrower blocks (a few hundred KB), random weights from torch seed 0.

  ~/.cache/sdstudio/peer/bin/python scripts/peer/make_inpaint_goldens.py

One CPU generator per run (seed below), batch 1, float32.
"""
import json
from pathlib import Path

import diffusers
import numpy as np
import torch
from diffusers import (DDIMScheduler, EulerAncestralDiscreteScheduler, PNDMScheduler,
                       StableDiffusionInpaintPipeline, UNet2DConditionModel)
from PIL import Image
from safetensors.torch import save_file

DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
OUT = DATA / "goldens" / "inpaint"
TINY = DATA / "tiny-sd"
TINY_INPAINT_UNET = DATA / "tiny-sd-inpaint" / "unet"
SCHEDULERS = {"ddim": DDIMScheduler, "euler_ancestral": EulerAncestralDiscreteScheduler, "pndm": PNDMScheduler}
PROMPT, NEGATIVE = "a red fox sitting in the snow", "blurry, low quality"
# name, UNet channels, scheduler (our id), guidance, strength, steps, seed
CASES = [
    ("inpaint4_ddim_cfg", 4, "ddim", 7.5, 1.0, 8, 11),
    ("inpaint4_euler_a_no_cfg", 4, "euler_ancestral", 1.0, 0.75, 8, 12),
    ("inpaint4_pndm_cfg", 4, "pndm", 7.5, 0.6, 10, 13),
    ("inpaint9_ddim_cfg", 9, "ddim", 7.5, 1.0, 8, 21),
    ("inpaint9_euler_a_no_cfg", 9, "euler_ancestral", 1.0, 0.75, 8, 22),
]
# Two images with a list of generators (seeds s, s+1), as SD Studio renders a
# batch: only the first generator draws the VAE samples (diffusers encodes
# image[i:i+1] for each i of a one-image batch), every one draws its noise.
BATCH_CASES = [
    ("inpaint4_euler_a_batch2", 4, "euler_ancestral", 7.5, 1.0, 6, 31),
    ("inpaint9_euler_a_batch2", 9, "euler_ancestral", 7.5, 0.75, 6, 41),
]


def make_mask():
    """64×64, white = repaint: a rectangle, a column of 128 (kept: ≥ 0.5) and
    one of 127 (dropped: < 0.5), as diffusers binarises."""
    mask = np.zeros((64, 64), dtype=np.uint8)
    mask[8:40, 16:48] = 255
    mask[8:40, 48] = 128
    mask[8:40, 8] = 127
    return Image.fromarray(np.stack([mask] * 3, axis=-1), "RGB")


def make_inpaint_unet():
    config = json.loads((TINY / "unet" / "config.json").read_text())
    config = {k: v for k, v in config.items() if not k.startswith("_")}
    config.update(in_channels=9, block_out_channels=[8, 8, 16, 16])
    torch.manual_seed(0)
    unet = UNet2DConditionModel(**config)
    unet.save_pretrained(TINY_INPAINT_UNET, safe_serialization=True)
    return UNet2DConditionModel.from_pretrained(TINY_INPAINT_UNET)


def run(pipe, name, channels, scheduler, guidance, strength, steps, seed, init, mask, images=1):
    pipe.scheduler = SCHEDULERS[scheduler].from_config(pipe.scheduler.config)
    step_latents = []

    def keep(_pipe, _i, _t, kwargs):
        step_latents.append(kwargs["latents"].clone())
        return kwargs

    generator = torch.Generator("cpu").manual_seed(seed)
    if images > 1:
        generator = [torch.Generator("cpu").manual_seed(seed + i) for i in range(images)]
    out = pipe(prompt=PROMPT, negative_prompt=NEGATIVE if guidance > 1 else None, image=init, mask_image=mask,
               height=64, width=64, strength=strength, num_inference_steps=steps, guidance_scale=guidance,
               generator=generator, output_type="latent", callback_on_step_end=keep, num_images_per_prompt=images)
    latents = out.images
    image = pipe.vae.decode(latents / pipe.vae.config.scaling_factor, return_dict=False)[0]
    image_float = (image / 2 + 0.5).clamp(0, 1).permute(0, 2, 3, 1).contiguous()
    image_uint8 = (image_float * 255).round().to(torch.uint8)
    for i in range(images):
        Image.fromarray(image_uint8[i].numpy()).save(OUT / f"{name}{'_' + str(i) if images > 1 else ''}.png")
    condition = pipe.mask_processor.preprocess(mask, height=64, width=64)
    tensors = {
        f"{name}.mask_condition": condition.contiguous(),
        f"{name}.mask_latent": torch.nn.functional.interpolate(condition, size=(8, 8)).contiguous(),
        f"{name}.step_latents": torch.stack(step_latents).contiguous(),
        f"{name}.final_latents": latents.contiguous(),
        f"{name}.image_float": image_float,
        f"{name}.image_uint8": image_uint8,
    }
    save_file(tensors, str(OUT / f"{name}.safetensors"))
    return {"name": name, "unet_in_channels": channels, "scheduler": scheduler,
            "scheduler_class": SCHEDULERS[scheduler].__name__, "prompt": PROMPT,
            "negative_prompt": NEGATIVE if guidance > 1 else None, "guidance_scale": guidance,
            "strength": strength, "steps": steps, "seed": seed, "width": 64, "height": 64,
            "steps_run": len(step_latents), "images": images}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(2)
    init = Image.open(DATA / "goldens" / "pipelines" / "init_image_64x64.png").convert("RGB")
    init.save(OUT / "init_image_64x64.png")
    mask = make_mask()
    mask.save(OUT / "mask_64x64.png")
    pipes = {4: StableDiffusionInpaintPipeline.from_pretrained(TINY, safety_checker=None, requires_safety_checker=False)}
    pipes[9] = StableDiffusionInpaintPipeline.from_pretrained(TINY, unet=make_inpaint_unet(), safety_checker=None,
                                                              requires_safety_checker=False)
    runs = []
    for case in CASES:
        runs.append(run(pipes[case[1]], *case, init, mask))
    for case in BATCH_CASES:
        runs.append(run(pipes[case[1]], *case, init, mask, images=2))
    meta = {"versions": {"diffusers": diffusers.__version__, "torch": torch.__version__, "numpy": np.__version__},
            "pipeline": "StableDiffusionInpaintPipeline", "init_image": "init_image_64x64.png",
            "mask": "mask_64x64.png", "model_dir": "tiny-sd", "inpaint_unet_dir": "tiny-sd-inpaint/unet",
            "runs": runs}
    (OUT / "inpaint.json").write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    with torch.no_grad():
        main()
