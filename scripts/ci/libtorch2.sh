#!/usr/bin/env bash
# The second LibTorch: the whole test suite against upstream LibTorch 2.x from
# the PyPI torch wheel (CUDA compiled in, run on the CPU here), built the way a
# GPU server builds it: without OpenCV (PNG through libpng). Its build is
# what the package leg (scripts/ci/gpu-package.sh) packs, and that leg runs
# the CPU parts of scripts/gpu-check.sh from the packed programs: no second
# CUDA build.
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/install-deps.sh
prefix=$(./scripts/install-libtorch2.sh | tail -1)
SDSTUDIO_BUILD_DIR=${SDSTUDIO_BUILD_DIR:-build-ci-torch2} \
  SDSTUDIO_CMAKE_ARGS="-DCMAKE_PREFIX_PATH=$prefix -DSDSTUDIO_WITH_OPENCV=OFF" \
  ./scripts/run-tests.sh
