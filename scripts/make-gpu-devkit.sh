#!/usr/bin/env bash
# Packs the -dev files the engine-only build needs besides LibTorch (ICU, OpenSSL,
# libpng, zlib, nlohmann-json) from Debian 12's archive into one tarball, for
# a GPU server that has PyTorch but none of them (see scripts/gpu-check.sh
# --sysroot). Run it on a Debian 12 machine:
#
#   scripts/make-gpu-devkit.sh [OUT.tar.xz]     (default: build-gpu-devkit/sysroot.tar.xz)
set -euo pipefail
out=${1:-build-gpu-devkit/sysroot.tar.xz}
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download libicu-dev libicu72 libpng-dev libpng16-16 zlib1g-dev zlib1g nlohmann-json3-dev \
  libssl-dev libssl3 >/dev/null)
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/sysroot"; done
# Shared libraries only (the static ones are big and unused); no docs.
find "$work/sysroot" -name '*.a' -delete
rm -rf "$work/sysroot/usr/share/doc" "$work/sysroot/usr/share/man"
tar -cJf "$out" -C "$work/sysroot" .
echo "$out ($(du -h "$out" | cut -f1))"
