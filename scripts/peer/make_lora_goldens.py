#!/usr/bin/env python3
"""Makes tests/data/lora (two tiny LoRA files for tests/data/tiny-sd, a few KB
each) and tests/data/goldens/lora (what diffusers 0.27.2 computes with them),
independently of SD Studio's C++.

  ~/.cache/sdstudio/peer/bin/python scripts/peer/make_lora_goldens.py

(torch 2.11, diffusers 0.27.2, transformers 4.39.3, peft 0.10.0; CPU float32)

- tiny_kohya.safetensors: kohya-ss naming (lora_unet_… / lora_te_…,
  lora_down / lora_up / alpha), rank 4, alpha 2 everywhere (scale 0.5):
  UNet attention linears (attn1, attn2, ff), a 1×1 conv (proj_in), a 3×3
  conv (a resnet's conv1, lora_down 3×3, lora_up 1×1) and every self-attention
  projection of the text encoder. One alpha for all: diffusers gives modules
  without an alpha the most common one, A1111 gives them alpha = rank.
- tiny_peft.safetensors: diffusers/PEFT naming (unet.… / text_encoder.…,
  lora_A / lora_B, no alpha: scale 1), rank 2: other UNet linears, a 3×3 conv
  and the text encoder's out_proj of every layer (diffusers 0.27 needs all of
  them to read the rank) plus one v_proj.

Goldens: diffusers' load_lora_weights with set_adapters(weights) (the LoRA
weight of an A1111 tag), for "a photo of a cat":
  <case>.prompt_embeds  the text encoder's output [1, 77, 32]
  <case>.unet_input     fixed latents (seed 1) [1, 4, 8, 8]
  <case>.unet_output    the UNet on them, t = 500, the case's prompt_embeds
  <case>.final_latents  StableDiffusionPipeline, Euler, 4 steps, cfg 7.5,
                        64×64, seed 0, output_type='latent'
"""
import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
LORA = DATA / "lora"
OUT = DATA / "goldens" / "lora"
PROMPT = "a photo of a cat"

KOHYA_UNET = [
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q",
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k",
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_v",
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0",
    "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k",
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_q",
    "up_blocks.3.attentions.2.transformer_blocks.0.ff.net.2",
    "down_blocks.0.attentions.0.proj_in",
    "down_blocks.1.resnets.0.conv1",
]
PEFT_UNET = [
    "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_v",
    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0",
    "mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj",
    "up_blocks.2.resnets.1.conv2",
]
TE_LAYERS = 3
# case name → [(file stem, weight)], as the tag <lora:stem:weight> says
CASES = {
    "kohya": [("tiny_kohya", 0.8)],
    "both": [("tiny_kohya", 0.8), ("tiny_peft", 0.5)],
}


def factors(gen, weight, rank):
    """lora_down [r, in(, k, k)] and lora_up [out, r(, 1, 1)] for a layer weight."""
    out_features, in_features = weight.shape[:2]
    if weight.dim() == 4:
        k = weight.shape[2]
        down = torch.randn(rank, in_features, k, k, generator=gen) * 0.1
        up = torch.randn(out_features, rank, 1, 1, generator=gen) * 0.1
    else:
        down = torch.randn(rank, in_features, generator=gen) * 0.1
        up = torch.randn(out_features, rank, generator=gen) * 0.1
    return down.contiguous(), up.contiguous()


def make_kohya(unet_sd, te_sd):
    gen = torch.Generator().manual_seed(12)
    tensors = {}
    te_modules = [f"text_model.encoder.layers.{i}.self_attn.{p}_proj" for i in range(TE_LAYERS) for p in "qkvo"]
    te_modules = [m.replace(".o_proj", ".out_proj") for m in te_modules]
    for prefix, modules, sd in (("lora_unet_", KOHYA_UNET, unet_sd), ("lora_te_", te_modules, te_sd)):
        for module in modules:
            name = prefix + module.replace(".", "_")
            down, up = factors(gen, sd[module + ".weight"], 4)
            tensors[name + ".lora_down.weight"] = down
            tensors[name + ".lora_up.weight"] = up
            tensors[name + ".alpha"] = torch.tensor(2.0)
    save_file(tensors, LORA / "tiny_kohya.safetensors", metadata={"ss_network_dim": "4", "ss_network_alpha": "2"})


def make_peft(unet_sd, te_sd):
    gen = torch.Generator().manual_seed(34)
    tensors = {}
    te_modules = [f"text_model.encoder.layers.{i}.self_attn.out_proj" for i in range(TE_LAYERS)]
    te_modules.append("text_model.encoder.layers.1.self_attn.v_proj")
    for prefix, modules, sd in (("unet.", PEFT_UNET, unet_sd), ("text_encoder.", te_modules, te_sd)):
        for module in modules:
            down, up = factors(gen, sd[module + ".weight"], 2)
            tensors[prefix + module + ".lora_A.weight"] = down
            tensors[prefix + module + ".lora_B.weight"] = up
    save_file(tensors, LORA / "tiny_peft.safetensors")


def run_case(loras):
    from diffusers import EulerDiscreteScheduler, StableDiffusionPipeline
    pipe = StableDiffusionPipeline.from_pretrained(DATA / "tiny-sd", safety_checker=None, requires_safety_checker=False)
    pipe.scheduler = EulerDiscreteScheduler.from_config(pipe.scheduler.config)
    pipe.set_progress_bar_config(disable=True)
    for stem, _ in loras:
        pipe.load_lora_weights(str(LORA), weight_name=stem + ".safetensors", adapter_name=stem)
    if loras:
        pipe.set_adapters([s for s, _ in loras], adapter_weights=[w for _, w in loras])
    with torch.no_grad():
        embeds, _ = pipe.encode_prompt(PROMPT, "cpu", 1, False)
        latents = torch.randn(1, 4, 8, 8, generator=torch.Generator().manual_seed(1))
        unet_out = pipe.unet(latents, torch.tensor(500), encoder_hidden_states=embeds).sample
        final = pipe(PROMPT, negative_prompt="", num_inference_steps=4, guidance_scale=7.5, height=64, width=64,
                     generator=torch.Generator("cpu").manual_seed(0), output_type="latent").images
    return {"prompt_embeds": embeds, "unet_input": latents, "unet_output": unet_out, "final_latents": final}


def main():
    LORA.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    unet_sd = load_file(DATA / "tiny-sd" / "unet" / "diffusion_pytorch_model.safetensors")
    te_sd = load_file(DATA / "tiny-sd" / "text_encoder" / "model.safetensors")
    make_kohya(unet_sd, te_sd)
    make_peft(unet_sd, te_sd)
    tensors = {}
    for case, loras in CASES.items():
        for key, value in run_case(loras).items():
            tensors[f"{case}.{key}"] = value.contiguous()
    base = run_case([])
    for key, value in base.items():
        tensors[f"base.{key}"] = value.contiguous()
    for case in CASES:
        print(case, "final latents differ from base by",
              (tensors[f"{case}.final_latents"] - tensors["base.final_latents"]).abs().max().item())
    save_file(tensors, OUT / "lora_goldens.safetensors")
    # A1111's "Lora hashes" value: sha256 of the bytes after the header, 12 hex digits
    hashes = {}
    for stem in ("tiny_kohya", "tiny_peft"):
        data = (LORA / (stem + ".safetensors")).read_bytes()
        hashes[stem] = __import__("hashlib").sha256(data[8 + int.from_bytes(data[:8], "little"):]).hexdigest()[:12]
    meta = {
        "origin": "scripts/peer/make_lora_goldens.py: diffusers " + __import__("diffusers").__version__ + ", peft " +
                  __import__("peft").__version__ + ", torch " + torch.__version__ + ", CPU float32",
        "prompt": PROMPT,
        "addnet_hashes": hashes,
        "cases": {case: [{"lora": s, "weight": w} for s, w in loras] for case, loras in CASES.items()},
        "unet_input": "torch.randn(1, 4, 8, 8, generator=manual_seed(1)), t = 500, the case's prompt_embeds",
        "pipeline": "EulerDiscreteScheduler, 4 steps, cfg 7.5, negative '', 64x64, "
                    "torch.Generator('cpu').manual_seed(0), output_type='latent'",
    }
    (OUT / "lora_goldens.json").write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()
