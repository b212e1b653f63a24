#!/usr/bin/env bash
# The GPU check anyone can run on an NVIDIA machine that has PyTorch: builds
# SD Studio's engine and CLI against that machine's LibTorch (CUDA) without
# Qt or OpenCV, then checks and measures in one go (scripts/gpu_check.py):
# the per-image reference runs on CUDA in fp16, CLIP on CUDA against the CPU,
# a 50-step 512x512 generation and `bench --json`. Writes summary.md and
# summary.json into the output folder and prints the summary. Aims at under
# 5 minutes on a 16-core machine with one GPU.
#
#   scripts/gpu-check.sh [--cpu] [--torch-prefix DIR] [--sysroot DIR|TAR] [--out DIR]
#   scripts/gpu-check.sh [--cpu] --package FILE|DIR [--out DIR]
#
#   --package        check the self-contained package (scripts/package-gpu.sh)
#                    instead of a build: its .deb, .rpm or .tar.gz is unpacked
#                    into the output folder (or DIR is its installed tree,
#                    e.g. /opt/sdstudio-cuda) and everything runs from its
#                    bin/sdstudio-cli; nothing is compiled
#   --cpu            the same checks on the CPU (fp32, the goldens' tolerances);
#                    CI runs this against LibTorch 2.x
#   --torch-prefix   the LibTorch folder (default: the torch package python3 imports)
#   --sysroot        extra -dev files (ICU, OpenSSL, libpng, zlib, nlohmann-json) for a machine
#                    without them: a folder or a tarball made by scripts/make-gpu-devkit.sh
#   --out            where the images and the summary go (default: BUILD_DIR/gpu-check)
# Env: SDSTUDIO_GPU_CHECK_BUILD_DIR (default build-gpu-check), TORCH_CUDA_ARCH_LIST.
set -euo pipefail
cd "$(dirname "$0")/.."
device=cuda prefix="" sysroot="" out="" package=""
while [ $# -gt 0 ]; do
  case $1 in
    --cpu) device=cpu ;;
    --torch-prefix) prefix=$2; shift ;;
    --sysroot) sysroot=$2; shift ;;
    --out) out=$2; shift ;;
    --package) package=$2; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
build=${SDSTUDIO_GPU_CHECK_BUILD_DIR:-build-gpu-check}
out=${out:-$build/gpu-check}

if [ -n "$package" ]; then
  start=$(date +%s)
  if [ -d "$package" ]; then
    tree=$package
  else
    [ -f "$package" ] || { echo "gpu-check: no package at $package" >&2; exit 2; }
    unpacked="$out/package"
    rm -rf "$unpacked" && mkdir -p "$unpacked"
    case $package in
      *.deb) dpkg-deb -x "$package" "$unpacked" && tree="$unpacked/opt/sdstudio-cuda" ;;
      *.rpm) rpm=$(realpath "$package") && (cd "$unpacked" && rpm2cpio "$rpm" | cpio -idm --quiet) \
               && tree="$unpacked/opt/sdstudio-cuda" ;;
      *.tar.gz) tar -xzf "$package" -C "$unpacked" && tree=$(echo "$unpacked"/sdstudio-cuda*) ;;
      *) echo "gpu-check: $package is not a .deb, .rpm or .tar.gz" >&2; exit 2 ;;
    esac
  fi
  [ -x "$tree/bin/sdstudio-cli" ] || { echo "gpu-check: $tree/bin/sdstudio-cli is missing" >&2; exit 1; }
  echo "gpu-check: the package's sdstudio-cli, unpacked in $(( $(date +%s) - start )) s: $("$tree/bin/sdstudio-cli" --version)"
  exec python3 scripts/gpu_check.py --cli "$tree/bin/sdstudio-cli" --device "$device" --out "$out"
fi
[ -n "$prefix" ] || prefix=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')

cmake_prefix="$prefix"
extra=()
if [ -n "$sysroot" ]; then
  if [ -f "$sysroot" ]; then
    unpacked="$build/sysroot"
    mkdir -p "$unpacked" && tar -xf "$sysroot" -C "$unpacked"
    sysroot=$unpacked
  fi
  sysroot=$(cd "$sysroot" && pwd)
  cmake_prefix="$prefix;$sysroot/usr"
  extra+=(-DICU_ROOT="$sysroot/usr" -DZLIB_INCLUDE_DIR="$sysroot/usr/include" -DOPENSSL_ROOT_DIR="$sysroot/usr")
  # Debian keeps OpenSSL's configuration.h in the multiarch include folder,
  # which the compiler only searches under /usr, not under the sysroot.
  extra+=(-DCMAKE_CXX_FLAGS="-isystem $sysroot/usr/include/x86_64-linux-gnu")
  export LD_LIBRARY_PATH="$sysroot/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
[ -d /usr/local/cuda ] && extra+=(-DCUDAToolkit_ROOT=/usr/local/cuda)
# Only the architecture of the GPU at hand (building for all of them is slow).
if [ "$device" = cuda ] && [ -z "${TORCH_CUDA_ARCH_LIST:-}" ]; then
  TORCH_CUDA_ARCH_LIST=$(python3 -c 'import torch; print("%d.%d" % torch.cuda.get_device_capability())' 2>/dev/null || true)
  export TORCH_CUDA_ARCH_LIST
fi

start=$(date +%s)
echo "gpu-check: building core + sdstudio-cli against $prefix (no Qt, no OpenCV) in $build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$cmake_prefix" \
  -DSDSTUDIO_BUILD_UI=OFF -DSDSTUDIO_BUILD_TESTS=OFF -DSDSTUDIO_WITH_OPENCV=OFF "${extra[@]}" >"$build.configure.log" 2>&1 \
  || { tail -40 "$build.configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)" --target sdstudio-cli >"$build.build.log" 2>&1 \
  || { grep -m40 -E "error|Error" "$build.build.log"; exit 1; }
echo "gpu-check: built in $(( $(date +%s) - start )) s"
python3 scripts/gpu_check.py --cli "$build/app/sdstudio-cli" --device "$device" --out "$out" \
  --build-seconds "$(( $(date +%s) - start ))"
