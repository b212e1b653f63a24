#!/usr/bin/env bash
# The test command: installs dependencies, builds, runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
start=$(date +%s)
./scripts/build.sh
echo "build took $(( $(date +%s) - start )) s"
cd "${SDSTUDIO_BUILD_DIR:-build}"
ctest --output-on-failure -j "${SDSTUDIO_TEST_JOBS:-2}" "$@"
