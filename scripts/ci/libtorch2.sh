#!/usr/bin/env bash
# The second LibTorch: the whole test suite against upstream LibTorch 2.x from
# the PyPI torch wheel (CUDA compiled in, run on the CPU here), built the way a
# GPU server builds it: without OpenCV (PNG through libpng). Then the CPU
# parts of scripts/gpu-check.sh (its engine-only build and checks).
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/install-deps.sh
prefix=$(./scripts/install-libtorch2.sh | tail -1)
SDSTUDIO_BUILD_DIR=${SDSTUDIO_BUILD_DIR:-build-ci-torch2} \
  SDSTUDIO_CMAKE_ARGS="-DCMAKE_PREFIX_PATH=$prefix -DSDSTUDIO_WITH_OPENCV=OFF" \
  ./scripts/run-tests.sh
SDSTUDIO_GPU_CHECK_BUILD_DIR=build-ci-gpu-check ./scripts/gpu-check.sh --cpu --torch-prefix "$prefix"
