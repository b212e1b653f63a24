#!/usr/bin/env bash
# Configures and builds SD Studio into build/ (Release, Ninja, ccache).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${SDSTUDIO_BUILD_DIR:-build}
jobs=${SDSTUDIO_JOBS:-$(nproc)}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=${SDSTUDIO_BUILD_TYPE:-Release} "$@"
cmake --build "$build_dir" -j "$jobs"
