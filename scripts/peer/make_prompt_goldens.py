#!/usr/bin/env python3
"""Makes tests/data/goldens/prompts: A1111-style weighted, chunked prompt
embeddings of the tiny SD text encoder, computed with transformers alone,
independently of SD Studio's C++.

For each case the A1111 parse (text, weight) is written out by hand below
(checked once against stable-diffusion-webui's prompt_parser.
parse_prompt_attention); this script tokenizes each fragment with
transformers' CLIPTokenizer, cuts the tokens into 75-token chunks with
A1111's comma rule (comma_padding_backtrack = 20), frames each chunk with
BOS/EOS to 77, runs CLIPTextModel per chunk, and applies the weights the way
A1111's "Original" emphasis does: z·w per token, then z scaled so its mean
over the chunk is the unweighted mean again. Chunks are concatenated.

  ~/.cache/sdstudio/peer/bin/python scripts/peer/make_prompt_goldens.py

(torch 2.11, transformers 4.39.3, safetensors; CPU, float32)
"""
import json
from pathlib import Path

import torch
from safetensors.torch import save_file
from transformers import CLIPTextModel, CLIPTokenizer

DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
OUT = DATA / "goldens" / "prompts"
CHUNK = 75
BACKTRACK = 20

LONG = ("masterpiece, best quality, a (detailed:1.2) oil painting of an old lighthouse on a rocky coast, "
        "stormy sky, crashing waves, seagulls, warm light in the window, [muted colors], dramatic clouds, "
        "by a famous marine painter, high contrast, cinematic lighting, sharp focus, intricate details, "
        "volumetric fog, golden hour, wide angle, rule of thirds, trending on artstation and behance, award winning, "
        "4k, ((hyperrealistic)), textured canvas, visible brush strokes, rich blues and greens, foam, spray, "
        "a small boat far away, moonrise")
NO_COMMAS = " ".join(["a red fox jumps over the lazy dog"] * 20) + " (at dawn:1.4)"
LONG_PARSE = [
    ("masterpiece, best quality, a ", 1.0), ("detailed", 1.2),
    (" oil painting of an old lighthouse on a rocky coast, stormy sky, crashing waves, seagulls, warm light in the "
     "window, ", 1.0),
    ("muted colors", 1 / 1.1),
    (", dramatic clouds, by a famous marine painter, high contrast, cinematic lighting, sharp focus, intricate "
     "details, volumetric fog, golden hour, wide angle, rule of thirds, trending on artstation and behance, award winning, 4k, ",
     1.0),
    ("hyperrealistic", 1.1 * 1.1),
    (", textured canvas, visible brush strokes, rich blues and greens, foam, spray, a small boat far away, moonrise",
     1.0),
]
BREAK = None  # a BREAK marker in a parse

# name, prompt, clip skip, parse
CASES = [
    ("plain", "a photo of a cat", 1, [("a photo of a cat", 1.0)]),
    ("emphasis", "a (red:1.3) fox in [the snow], ((sharp focus))", 1,
     [("a ", 1.0), ("red", 1.3), (" fox in ", 1.0), ("the snow", 1 / 1.1), (", ", 1.0), ("sharp focus", 1.1 * 1.1)]),
    ("nested", "a (((house:1.3)) [on] a (hill:0.5), sun, (((sky))).", 1,
     [("a ", 1.0), ("house", 1.3 * 1.1 * 1.1), (" ", 1.1), ("on", 1.1 / 1.1), (" a ", 1.1), ("hill", 0.5 * 1.1),
      (", sun, ", 1.1), ("sky", 1.1 ** 4), (".", 1.1)]),
    ("escaped", "a \\(literal\\) (bracket:0.5) \\[x\\]", 1,
     [("a (literal) ", 1.0), ("bracket", 0.5), (" [x]", 1.0)]),
    ("negative_zero", "(ugly:-1), (blurry:0), photo", 1,
     [("ugly", -1.0), (", ", 1.0), ("blurry", 0.0), (", photo", 1.0)]),
    ("break", "a castle on a hill BREAK (a red dragon:1.2) flying", 1,
     [("a castle on a hill", 1.0), BREAK, ("", 1.0), ("a red dragon", 1.2), (" flying", 1.0)]),
    ("long", LONG, 1, LONG_PARSE),
    ("no_commas", NO_COMMAS, 1, [(" ".join(["a red fox jumps over the lazy dog"] * 20) + " ", 1.0), ("at dawn", 1.4)]),
    ("clip_skip_2", "a (red:1.3) fox in [the snow], ((sharp focus))", 2,
     [("a ", 1.0), ("red", 1.3), (" fox in ", 1.0), ("the snow", 1 / 1.1), (", ", 1.0), ("sharp focus", 1.1 * 1.1)]),
    ("empty", "", 1, [("", 1.0)]),
]


def chunk(tokenizer, parse):
    """tokenize_line: 75-token chunks of (token, weight), the comma rule, BOS/EOS framing."""
    comma = tokenizer.get_vocab()[",</w>"]
    bos, eos = tokenizer.bos_token_id, tokenizer.eos_token_id
    chunks, tokens, weights, count = [], [], [], 0
    last_comma = -1

    def close(last):
        nonlocal tokens, weights, last_comma, count
        count += len(tokens) if last else CHUNK
        ids = [bos] + tokens + [eos] + [eos] * (CHUNK - len(tokens))
        mult = [1.0] + weights + [1.0] * (CHUNK + 1 - len(weights))
        chunks.append((ids, mult))
        tokens, weights, last_comma = [], [], -1

    for item in parse:
        if item is BREAK:
            close(False)
            continue
        text, weight = item
        for token in tokenizer(text, add_special_tokens=False)["input_ids"]:
            if token == comma:
                last_comma = len(tokens)
            elif len(tokens) == CHUNK and last_comma != -1 and len(tokens) - last_comma <= BACKTRACK:
                moved_t, moved_w = tokens[last_comma + 1:], weights[last_comma + 1:]
                tokens, weights = tokens[:last_comma + 1], weights[:last_comma + 1]
                close(False)
                tokens, weights = moved_t, moved_w
            if len(tokens) == CHUNK:
                close(False)
            tokens.append(token)
            weights.append(weight)
    if tokens or not chunks:
        close(True)
    return chunks, count


def encode(model, ids, mults, clip_skip):
    with torch.no_grad():
        out = model(input_ids=torch.tensor([ids]), output_hidden_states=True)
        if clip_skip > 1:
            z = model.text_model.final_layer_norm(out.hidden_states[-clip_skip])
        else:
            z = out.last_hidden_state
        m = torch.tensor([mults], dtype=torch.float32)
        original_mean = z.mean()
        z = z * m.unsqueeze(-1)
        return z * (original_mean / z.mean())


def long_prompt_pipeline(prompt_embeds, negative_embeds):
    """diffusers' StableDiffusionPipeline fed the 154-token embeddings: the
    UNet's cross-attention reads all of them (Euler, 4 steps, 64×64, seed 0)."""
    from diffusers import EulerDiscreteScheduler, StableDiffusionPipeline
    pipe = StableDiffusionPipeline.from_pretrained(DATA / "tiny-sd", safety_checker=None, requires_safety_checker=False)
    pipe.scheduler = EulerDiscreteScheduler.from_config(pipe.scheduler.config)
    pipe.set_progress_bar_config(disable=True)
    out = pipe(prompt_embeds=prompt_embeds, negative_prompt_embeds=negative_embeds, num_inference_steps=4,
               guidance_scale=7.5, height=64, width=64, generator=torch.Generator("cpu").manual_seed(0),
               output_type="latent")
    return out.images.contiguous()


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    tokenizer = CLIPTokenizer.from_pretrained(DATA / "tiny-sd" / "tokenizer")
    model = CLIPTextModel.from_pretrained(DATA / "tiny-sd" / "text_encoder").eval()
    tensors, listing = {}, []
    for name, prompt, clip_skip, parse in CASES:
        chunks, count = chunk(tokenizer, parse)
        zs = [encode(model, ids, mults, clip_skip) for ids, mults in chunks]
        tensors[name + ".input_ids"] = torch.tensor([ids for ids, _ in chunks], dtype=torch.int64)
        tensors[name + ".multipliers"] = torch.tensor([m for _, m in chunks], dtype=torch.float32)
        tensors[name + ".embeddings"] = torch.cat(zs, dim=1).contiguous()
        listing.append({"name": name, "prompt": prompt, "clip_skip": clip_skip, "chunks": len(chunks),
                        "token_count": count})
        print(name, len(chunks), "chunks,", count, "tokens")
    # A 2-chunk prompt with the empty negative: the negative padded with the
    # chunk of "" to the prompt's length (A1111's pad_cond_uncond).
    empty, _ = chunk(tokenizer, [("", 1.0)])
    z_empty = encode(model, empty[0][0], empty[0][1], 1)
    tensors["pair.negative_padded"] = torch.cat([z_empty, z_empty], dim=1).contiguous()
    tensors["pipeline.final_latents"] = long_prompt_pipeline(tensors["long.embeddings"], tensors["pair.negative_padded"])
    save_file(tensors, OUT / "weighted_embeddings.safetensors")
    meta = {
        "origin": "scripts/peer/make_prompt_goldens.py: transformers " + __import__("transformers").__version__ +
                  " CLIPTokenizer + CLIPTextModel (tests/data/tiny-sd), torch " + torch.__version__ +
                  ", CPU float32",
        "chunk_length": CHUNK, "comma_padding_backtrack": BACKTRACK,
        "pair": "negative '' padded to the 'long' case's 2 chunks with the chunk of ''",
        "pipeline": "StableDiffusionPipeline(tiny-sd) with prompt_embeds = long.embeddings, negative_prompt_embeds = "
                    "pair.negative_padded, EulerDiscreteScheduler, 4 steps, cfg 7.5, 64x64, "
                    "torch.Generator('cpu').manual_seed(0), output_type='latent'",
        "cases": listing,
    }
    (OUT / "weighted_embeddings.json").write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()
