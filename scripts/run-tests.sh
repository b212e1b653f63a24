#!/usr/bin/env bash
# The test command: installs dependencies, builds, runs the whole suite.
# Env: SDSTUDIO_BUILD_DIR (default build), SDSTUDIO_CMAKE_ARGS (extra CMake
# arguments, e.g. another LibTorch), SDSTUDIO_TEST_JOBS; arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
start=$(date +%s)
# shellcheck disable=SC2086  # SDSTUDIO_CMAKE_ARGS is a list of arguments
./scripts/build.sh ${SDSTUDIO_CMAKE_ARGS:-}
echo "build took $(( $(date +%s) - start )) s"
cd "${SDSTUDIO_BUILD_DIR:-build}"
ctest --output-on-failure -j "${SDSTUDIO_TEST_JOBS:-2}" "$@"
