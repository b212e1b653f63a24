#!/usr/bin/env bash
# SD Studio against diffusers, measured in one run on this machine: the same
# parts of SD v1.4 (full architecture, random weights, fp32, CPU) timed by
# `sdstudio-cli bench --full-size` and by scripts/peer/bench_diffusers.py,
# one after the other (never side by side: they would share the cores), then
# a table of the ratios. docs/performance.md's ratio table comes from this.
#
#   scripts/bench-peer.sh [--cli PATH] [--threads N] [--size 512] [--repeats 1] [--attention eager|sdpa]
#                         [--device cpu|cpu-bf16] [--peer-dtype float32|bfloat16]
#                         [--keep DIR]   (keeps both sides' JSON figures in DIR)
#
# --device cpu-bf16 measures SD Studio's fast mode (UNet and VAE in bfloat16)
# against the same peer (float32 unless --peer-dtype says otherwise).
#
# The peer runs in a venv (default ~/.cache/sdstudio/peer, made here with the
# pinned versions when missing; SDSTUDIO_PEER_VENV chooses another).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cli="$root/build/app/sdstudio-cli" threads=0 size=512 repeats=1 attention=sdpa keep="" device=cpu peerDtype=float32
while [ $# -gt 0 ]; do
  case "$1" in
    --cli) cli="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --attention) attention="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --device) device="$2"; shift 2 ;;
    --peer-dtype) peerDtype="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "bench-peer.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$cli" ] || { echo "bench-peer.sh: no sdstudio-cli at $cli (build first, or pass --cli)" >&2; exit 1; }
venv="${SDSTUDIO_PEER_VENV:-$HOME/.cache/sdstudio/peer}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q torch diffusers==0.27.2 transformers==4.39.3 huggingface_hub==0.21.4 "numpy<2" safetensors
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
threadArgs=()
[ "$threads" -gt 0 ] && threadArgs=(--threads "$threads")
echo "… SD Studio ($cli)" >&2
"$cli" bench --full-size --device "$device" --width "$size" --height "$size" --steps 1 --repeats "$repeats" \
  "${threadArgs[@]}" --json > "$out/ours.json"
echo "… diffusers ($venv)" >&2
"$venv/bin/python" "$root/scripts/peer/bench_diffusers.py" --width "$size" --height "$size" --repeats "$repeats" \
  --threads "$threads" --attention "$attention" --dtype "$peerDtype" --json > "$out/peer.json"
if [ -n "$keep" ]; then mkdir -p "$keep" && cp "$out/ours.json" "$out/peer.json" "$keep/"; fi
python3 - "$out/ours.json" "$out/peer.json" <<'PY'
import json, sys
ours, peer = (json.load(open(p)) for p in sys.argv[1:3])
print(f"SD Studio: LibTorch {ours['torch_version']}, {ours['dtype']}, {ours['threads']} threads · "
      f"diffusers: torch {peer['torch_version']}, {peer['dtype']}, {peer['threads']} threads, {peer['attention']} attention")
print(f"| part ({ours['width']}×{ours['height']}) | SD Studio | diffusers | ratio |")
print("| --- | ---: | ---: | ---: |")
rows = [("text encoder, batch 2", "text_encode_s", "s"), ("UNet, one CFG step (batch 2)", "unet_cfg_step_s", "s"),
        ("VAE decode", "vae_decode_s", "s"), ("peak RSS", "peak_rss_mb", "MB")]
for name, key, unit in rows:
    a, b = ours[key], peer[key]
    fmt = (lambda v: f"{v:.2f} s") if unit == "s" else (lambda v: f"{v / 1024:.2f} GB")
    print(f"| {name} | {fmt(a)} | {fmt(b)} | {a / b:.2f} |")
PY
