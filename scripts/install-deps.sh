#!/usr/bin/env bash
# Installs what SD Studio needs to build and run on Debian 12; with package
# names as arguments, those instead (the CI legs use it for their extras:
# scripts/ci/fuzz.sh, scripts/ci/sanitizers.sh).
# libopenblas0-pthread matters: without it Debian's LibTorch falls back to the
# reference BLAS and matrix products run ~40x slower.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  libtorch-dev libopenblas0-pthread
  qt6-base-dev qt6-base-dev-tools libgl-dev
  libopencv-dev
  nlohmann-json3-dev libpng-dev libicu-dev zlib1g-dev libssl-dev
  xvfb xauth
)
[ $# -gt 0 ] && packages=("$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
