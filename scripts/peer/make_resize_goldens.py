#!/usr/bin/env python3
"""Makes tests/data/goldens/resize: Pillow's Image.resize with LANCZOS (what
diffusers' VaeImageProcessor runs on an init image) and BICUBIC, on two of the
CLIP test pictures, down and up, non-uniform. Run with any Pillow >= 9.

  python3 scripts/peer/make_resize_goldens.py
"""
import json
from pathlib import Path

import PIL
from PIL import Image

DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
OUT = DATA / "goldens" / "resize"
CASES = [  # source, width, height, filter
    ("img0_rgb_320x240.png", 96, 64, "lanczos"),
    ("img0_rgb_320x240.png", 200, 72, "lanczos"),
    ("img1_rgb_181x263.png", 256, 320, "lanczos"),
    ("img1_rgb_181x263.png", 64, 400, "lanczos"),
    ("img1_rgb_181x263.png", 64, 400, "bicubic"),
]
FILTERS = {"lanczos": Image.LANCZOS, "bicubic": Image.BICUBIC}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    listing = []
    for source, w, h, name in CASES:
        image = Image.open(DATA / "goldens/tiny-clip/images" / source).convert("RGB")
        target = f"{Path(source).stem}_{name}_{w}x{h}.png"
        image.resize((w, h), resample=FILTERS[name]).save(OUT / target)
        listing.append({"source": f"goldens/tiny-clip/images/{source}", "width": w, "height": h, "filter": name,
                        "expected": f"goldens/resize/{target}"})
    (OUT / "resize.json").write_text(json.dumps({"pillow": PIL.__version__, "cases": listing}, indent=1) + "\n")


if __name__ == "__main__":
    main()
