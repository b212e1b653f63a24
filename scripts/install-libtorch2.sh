#!/usr/bin/env bash
# Installs upstream LibTorch 2.x the way every CUDA user gets it: the PyPI
# `torch` wheel (CUDA compiled in; it also runs on a machine without a GPU)
# into a virtual environment kept between runs, and prints the folder to pass
# as -DCMAKE_PREFIX_PATH: the torch package itself (lib/ holds libtorch.so,
# share/cmake/Torch the CMake config). Not torch.utils.cmake_prefix_path:
# with that, CMake takes libtorch.so from /usr/lib when Debian's LibTorch is
# installed too, and links a mix of both.
#
#   scripts/install-libtorch2.sh            -> prints the CMake prefix (last line)
#
# Env: SDSTUDIO_TORCH2_VERSION (pinned below), SDSTUDIO_CACHE_DIR (default
# ~/.cache/sdstudio; the venv lives there, pip's own download cache is shared).
#
# The pin is the newest torch on PyPI built with CUDA 12 (2.10.0+cu128); from
# 2.11 on PyPI's torch is CUDA 13. The GPU package (scripts/package-gpu.sh)
# ships this build, and CUDA 12.8 reaches every NVIDIA driver from 525.60.13
# on (minor version compatibility) and Volta GPUs, where CUDA 13 needs driver
# R580 or newer and Turing: Debian 12 and 13 ship drivers 535 and 550, and
# Ubuntu LTS users on 535-570 would get no GPU (packaging/README.md).
set -euo pipefail
version=${SDSTUDIO_TORCH2_VERSION:-2.10.0}
cache=${SDSTUDIO_CACHE_DIR:-$HOME/.cache/sdstudio}
venv="$cache/torch-$version"
python=${PYTHON:-python3}

if ! "$venv/bin/python" -c "import torch, sys; sys.exit(torch.__version__.split('+')[0] != '$version')" 2>/dev/null; then
  echo "install-libtorch2: installing torch==$version from PyPI into $venv" >&2
  mkdir -p "$cache"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "torch==$version" >&2
fi
"$venv/bin/python" -c 'import os, torch; print(os.path.dirname(torch.__file__))' 2>/dev/null
