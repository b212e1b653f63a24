#!/usr/bin/env python3
"""Writes the seed corpora of tests/fuzz/corpus/<target>/ (seed-* files).

Seeds are what real files look like plus the shapes issue 15 found by
hand: nesting past every depth limit, long lines, wrong JSON types, other
formats under a safetensors name. Byte flips alone never reach those, so
the fuzzer starts from them. Regression files (regress-*) are not written
here: they are inputs a fuzzer found, kept as they were.

Run from the repository root: python3 tests/fuzz/make_seeds.py
"""
import json
import os
import struct
import zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(ROOT, "..", "data")


def write(target, name, data):
    folder = os.path.join(ROOT, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


def png_text_chunks(path):
    """(keyword, text) of a PNG's tEXt/zTXt/iTXt chunks."""
    b = open(path, "rb").read()
    i, out = 8, []
    while i + 8 <= len(b):
        n, = struct.unpack(">I", b[i:i + 4])
        kind, body = b[i + 4:i + 8], b[i + 8:i + 8 + n]
        i += 12 + n
        if kind == b"tEXt":
            key, value = body.split(b"\0", 1)
            out.append((key.decode("latin1"), value))
        elif kind == b"zTXt":
            key, value = body.split(b"\0", 1)
            out.append((key.decode("latin1"), zlib.decompress(value[1:])))
        elif kind == b"iTXt":
            key, rest = body.split(b"\0", 1)
            compressed, rest = rest[0], rest[2:]
            _, rest = rest.split(b"\0", 1)
            _, value = rest.split(b"\0", 1)
            out.append((key.decode("latin1"), zlib.decompress(value) if compressed else value))
        if kind == b"IEND":
            break
    return out


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(chunks, width=1, height=1):
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + b"\0" * 3 * width for _ in range(height)))
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    for kind, body in chunks:
        out += chunk(kind, body)
    return out + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def text(key, value):
    return (b"tEXt", key.encode("latin1") + b"\0" + (value if isinstance(value, bytes) else value.encode("latin1")))


def deep(depth, open_="[", close="]"):
    return open_ * depth + close * depth


INFOTEXT = ("a photo of a cat, (masterpiece:1.2), [dog:cat:0.5]\nNegative prompt: blurry, lowres\n"
            "Steps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7.5, Seed: 1234, Size: 512x512, "
            "Model hash: 7460a6fa, Model: sd-v1-4, Clip skip: 2, "
            "Lora hashes: \"a: 1b2c, b: 3d4e\", Version: v1.10.1")


def safetensors_seeds():
    def seed(name, header, data_size=0):
        write("safetensors_header", name, struct.pack("<Q", data_size) + header.encode())
    seed("valid", json.dumps({"__metadata__": {"format": "pt"},
                              "a.weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                              "b.ids": {"dtype": "I64", "shape": [2], "data_offsets": [16, 32]}}), 32)
    real = os.path.join(DATA, "tiny-sd", "vae", "diffusion_pytorch_model.safetensors")
    with open(real, "rb") as f:
        n, = struct.unpack("<Q", f.read(8))
        header = f.read(n)
        f.seek(0, 2)
        write("safetensors_header", "tiny-sd-vae", struct.pack("<Q", f.tell() - 8 - n) + header)
    seed("unknown-field", '{"t":{"dtype":"BF16","shape":[1],"data_offsets":[0,2],"x":{"y":[1,{"z":null}]}}}', 2)
    seed("deep-shape", '{"t":{"dtype":"F32","shape":' + deep(300) + ',"data_offsets":[0,0]}}')
    seed("deep-field", '{"t":{"dtype":"F32","u":' + deep(300, "{\"a\":", "}").replace("}", "1}", 1) + '}}')
    seed("duplicate", '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8)
    seed("types", '{"t":{"dtype":5,"shape":"x","data_offsets":[-1,2.5]},"__metadata__":{"k":[1]}}', 8)
    seed("overlap", '{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}', 8)


def image_seeds():
    for name in sorted(os.listdir(os.path.join(DATA, "other-tools"))):
        if name.endswith((".png", ".jpg", ".webp")) and os.path.getsize(os.path.join(DATA, "other-tools", name)) <= 32768:
            write("image_metadata", name, open(os.path.join(DATA, "other-tools", name), "rb").read())
    ours = json.dumps({"schema": 1, "prompt": "a cat", "seed": 7, "steps": 2, "scheduler": "euler",
                       "clip": {"model": "tiny", "prompts": ["a cat", "a dog"], "probabilities": [0.7, 0.3]}})
    write("image_metadata", "sdstudio.png", png([text("parameters", INFOTEXT), text("sdstudio", ours)]))
    write("image_metadata", "deep-sdstudio.png", png([text("sdstudio", '{"prompt":' + deep(300) + "}")]))
    write("image_metadata", "deep-comfy.png", png([text("prompt", '{"1":' + deep(300) + "}")]))
    write("image_metadata", "ztxt-itxt.png",
          png([(b"zTXt", b"parameters\0\0" + zlib.compress(INFOTEXT.encode())),
               (b"iTXt", b"Comment\0\x01\0en\0\0" + zlib.compress(b'{"steps": 28, "seed": 1, "sampler": "k_euler"}')),
               text("Source", "NovelAI")]))
    write("image_metadata", "ansi.png", png([text("parameters", "\x1b]0;x\x07\x1b[31mred\nSteps: 2, Seed: 3, Size: 1x1")]))


def text_seeds():
    write("infotext", "a1111", INFOTEXT)
    write("infotext", "sdcpp", "a lighthouse\nSteps: 20, CFG scale: 7.0, Guidance: 3.5, Seed: 42, Size: 512x512, "
          "Model: sd.safetensors, RNG: CUDA, Sampler: euler_a, Version: stable-diffusion.cpp")
    write("infotext", "quotes", 'p\nA: "x\\"y, z", B: "\\\\", C: "unterminated, D: 1, E: "", F:"a"b, G: 2')
    write("infotext", "long-line", "word " * 4000)
    write("infotext", "escapes", 'k: "\\"' * 500)
    for name in ("night_evening_day_morning_cropped.png", "noisy_latents_3_subjects_cropped.png",
                 "unclip_2pass_cropped.png", "img2img_cropped.png"):
        for key, value in png_text_chunks(os.path.join(DATA, "other-tools", name)):
            if key == "prompt":
                write("comfy_prompt", name.replace(".png", ".json"), value)
    write("comfy_prompt", "types", '{"3":{"class_type":"KSampler","inputs":{"sampler_name":5,"seed":"x",'
          '"positive":["4",0],"latent_image":["5",0]}},"4":{"class_type":{"a":1}},"5":{"class_type":"EmptyLatentImage",'
          '"inputs":{"width":"w","height":[]}}}')
    write("comfy_prompt", "cycle", '{"1":{"class_type":"KSampler","inputs":{"positive":["2",0],"model":["2",0]}},'
          '"2":{"class_type":"ConditioningCombine","inputs":{"conditioning_1":["1",0],"conditioning_2":["2",0]}}}')
    write("comfy_prompt", "deep", '{"1":{"class_type":"KSampler","inputs":' + deep(300, '{"a":', "}").replace("}", "1}", 1) + "}}")
    recipe = {"schema": 1, "prompt": "a cat", "negative_prompt": "", "steps": 2, "scheduler": "euler", "cfg_scale": 7.5,
              "seed": 7, "width": 64, "height": 64, "model": {"name": "tiny-sd", "hash": "0123456789"},
              "clip": {"model": "tiny-clip", "prompts": ["a cat", "a dog"], "probabilities": [0.6, 0.4],
                       "logits": [20.1, 19.7], "temperature": 10, "image_embedding": [0.1, -0.2]}}
    write("sdstudio_json", "recipe", json.dumps(recipe))
    write("sdstudio_json", "gallery", json.dumps({"schema": 1, "generator": "SD Studio", "images": [
        {"file": "00001-s7-a_cat.png", "added_at_ms": 1, "has_settings": True, "recipe": recipe},
        {"file": "../x.png"}, {"file": 5}, {"file": "b.png", "recipe": {"prompt": 5}}]}))
    write("sdstudio_json", "types", '{"schema":"x","images":[{"file":"a.png","added_at_ms":"x","has_settings":3}]}')
    write("sdstudio_json", "deep", '{"schema":1,"images":[{"file":"a.png","recipe":' + deep(300) + "}]}")
    for name, prompt in [("plain", "a photo of an astronaut riding a horse on mars"),
                         ("weights", "(masterpiece:1.2), [blurry], {{best quality}}, a \\(cat\\)"),
                         ("unicode", "東京の夜景、ネオン — café naïve Ⅻ ﬁ 🐱‍👤 e\u0301"),
                         ("html", "&amp;lt;b&gt; &#x1F431; &nbsp;&copy;"),
                         ("mojibake", "cafÃ© Ã¼ber â€œquotedâ€\x9d"),
                         ("controls", "a\x00b\x1b[31mc\u202e\ufeffd\r\n\t"),
                         ("long-word", "a" * 3000)]:
        write("tokenizer", name, prompt)
    # A1111's emphasis syntax: the tricky shapes of the parser's own tests,
    # plus what only a long prompt reaches (chunk boundaries, the comma rule).
    for name, prompt in [("nested", "((a (b:1.3) [c [d]]) e:0.5) f"),
                         ("unbalanced", "(a [b (c:1.2 d) e] f)) ] ( [ g"),
                         ("escapes", "\\(a\\) \\[b\\] \\\\ (c\\:1.2) \\"),
                         ("weights", "(a:0) (b:-1) (c:1e3) (d:1.2.3) (e:.) (f:1e400) (g: 2 ) (h:+1)"),
                         ("break", "a BREAK b BREAKfast (c BREAK d) BREAK BREAK"),
                         ("chunks", ", ".join("word%d" % i for i in range(200))),
                         ("commas", "a " * 70 + ", b" * 30),
                         ("deep", "(" * 4000 + "a" + ")" * 4000),
                         ("lora-tags", "a <lora:grain:0.7> (b <lora:x:te=1:unet=-2> c) <hypernet:h:1> <<lora::> "
                                       "<lora:film grain:0.5:1e3> <lora:y:nan> <a:>")]:
        write("prompt_syntax", name, prompt)


if __name__ == "__main__":
    safetensors_seeds()
    image_seeds()
    text_seeds()
