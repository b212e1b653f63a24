#!/usr/bin/env bash
# The package leg: the self-contained GPU package sdstudio-cuda, packed from
# the libtorch-2 leg's build (no second CUDA build), then proven to stand on
# its own:
#  1. the tree the packages are made of (the .tar.gz holds it as it is),
#     where it was assembled, far from /opt/sdstudio-cuda, runs the CPU parts
#     of the GPU check from its own bin/ (scripts/gpu-check.sh --cpu
#     --package: per-image goldens, CLIP, 50 steps, bench): relocatable;
#  2. the .deb, installed with apt into a fresh debootstrap root of Debian 12
#     that gets nothing but the package's declared dependencies, passes
#     scripts/ci/package-in-root.sh there (ldd on every file, the goldens,
#     score, export, the window under Xvfb); with SDSTUDIO_PACKAGE_SUITES
#     (e.g. "bookworm trixie") in more roots, one after the other.
#
#   scripts/ci/gpu-package.sh
#
# Env: SDSTUDIO_BUILD_DIR (default build-ci-torch2: the libtorch-2 leg's),
# SDSTUDIO_PACKAGE_FORMATS (default deb: what the checks install; the .rpm
# and .tar.gz pack the same tree and take another 3 minutes here, so CI
# leaves them to scripts/package-gpu.sh's default).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${SDSTUDIO_BUILD_DIR:-build-ci-torch2}
dist="$build/dist"
rm -rf "$dist"
./scripts/package-gpu.sh --build-dir "$build" --dist "$dist" --formats "${SDSTUDIO_PACKAGE_FORMATS:-deb}"
ls -l "$dist"

./scripts/gpu-check.sh --cpu --package "$build/gpu-package/sdstudio-cuda" --out "$build/gpu-package/gpu-check"
# The tree is 3.5 GB: the packages hold it now.
rm -rf "$build/gpu-package"

deb=$(basename "$(echo "$dist"/sdstudio-cuda_*_amd64.deb)")
for suite in ${SDSTUDIO_PACKAGE_SUITES:-bookworm}; do
  SDSTUDIO_FRESH_ROOT_SUITE=$suite SDSTUDIO_FRESH_ROOT_DIST=$(realpath "$dist") \
    ./scripts/ci/fresh-root.sh ./scripts/ci/package-in-root.sh "/dist/$deb"
done
