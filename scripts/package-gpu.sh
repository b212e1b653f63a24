#!/usr/bin/env bash
# Builds the self-contained GPU package, sdstudio-cuda, as .deb, .rpm and
# .tar.gz from a clean checkout, and prints their paths (last lines).
#
#   scripts/package-gpu.sh [--build-dir DIR] [--dist DIR] [--formats deb,rpm,tgz]
#
# 1. the pinned LibTorch wheel (scripts/install-libtorch2.sh: torch with its
#    NVIDIA runtime wheels, from PyPI, as CI fetches it),
# 2. the window and the CLI built against it (--build-dir, default
#    build-gpu-package; an existing build of the same LibTorch is reused:
#    CI passes the libtorch-2 leg's),
# 3. installed with the prefix /opt/sdstudio-cuda, then
#    packaging/bundle/bundle.py adds everything the programs load that is not
#    a base library of the system (LibTorch, the NVIDIA libraries, Qt and its
#    plugins, ICU, libpng, ...) and checks with ldd that the tree stands alone,
# 4. packaging/bundle/packages.py packs it three ways (--dist, default
#    BUILD_DIR/dist).
# packaging/README.md ("The GPU package") says what it carries and why.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-gpu-package dist="" formats=deb,rpm,tgz
while [ $# -gt 0 ]; do
  case $1 in
    --build-dir) build=$2; shift ;;
    --dist) dist=$2; shift ;;
    --formats) formats=$2; shift ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "package-gpu: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
dist=${dist:-$build/dist}
start=$(date +%s)

# The build's dependencies, and the packers': patchelf (RUNPATHs of the
# copied system libraries), rpm (rpmbuild), pigz (the tarball), zstd.
./scripts/install-deps.sh
./scripts/install-deps.sh patchelf rpm pigz zstd dpkg-dev file
prefix=$(./scripts/install-libtorch2.sh | tail -1)

if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
    -DSDSTUDIO_WITH_OPENCV=OFF -DSDSTUDIO_BUILD_TESTS=OFF >/dev/null
fi
grep -q "CMAKE_PREFIX_PATH:.*=$prefix\$" "$build/CMakeCache.txt" \
  || { echo "package-gpu: $build was configured with another LibTorch than $prefix" >&2; exit 1; }
cmake --build "$build" --target sdstudio sdstudio-cli sdstudio_packaging_docs
echo "package-gpu: built in $(( $(date +%s) - start )) s"

stage=$build/gpu-package
rm -rf "$stage"
# Only the programs and their data: the components the tests install are not wanted.
DESTDIR="$stage/install" cmake --install "$build" --prefix /opt/sdstudio-cuda --strip >/dev/null
qt_plugins=$(/usr/lib/qt6/bin/qtpaths6 --query QT_INSTALL_PLUGINS)
python3 packaging/bundle/bundle.py --install "$stage/install/opt/sdstudio-cuda" --torch "$prefix" \
  --qt-plugins "$qt_plugins" --out "$stage/sdstudio-cuda" --work "$stage/work"
echo "package-gpu: bundled in $(( $(date +%s) - start )) s"
python3 packaging/bundle/packages.py --tree "$stage/sdstudio-cuda" --source . --dist "$dist" --formats "$formats"
echo "package-gpu: done in $(( $(date +%s) - start )) s"
