#!/usr/bin/env bash
# Installs dependencies, builds, and starts the studio window.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh
exec "${SDSTUDIO_BUILD_DIR:-build}/app/sdstudio" "$@"
