#!/usr/bin/env bash
# Proves the README's test command on a machine that has nothing but a minimal
# Debian 12: a debootstrap root (cached as a tarball between runs) gets a copy
# of this checkout's tracked files, and inside it, as root, runs
# ./scripts/run-tests.sh, which must install everything it needs itself. A
# package the build needs but scripts/install-deps.sh forgets turns this red.
#
#   scripts/ci/fresh-root.sh [COMMAND...]   (default: ./scripts/run-tests.sh)
#
# Env: SDSTUDIO_FRESH_ROOT_SUITE (default bookworm; trixie for Debian 13),
# SDSTUDIO_FRESH_ROOT_DIST: a host folder bind-mounted at /dist in the root
# (scripts/ci/gpu-package.sh puts the package there and gets results back).
#
# Shared with the host, so a second run is quick: downloaded .debs
# ($cache/apt-archives) and the compiler cache (~/.cache/ccache; the root's
# g++ is the same Debian package, so its objects hit). Needs root, debootstrap
# and unshare (util-linux); the mounts live in a private mount namespace and
# vanish with it.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "fresh-root: needs root (chroot, mounts)" >&2; exit 2; }
cache=${SDSTUDIO_CACHE_DIR:-$HOME/.cache/sdstudio}
mirror=${SDSTUDIO_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${SDSTUDIO_FRESH_ROOT_SUITE:-bookworm}
case $suite in bookworm) base="$cache/debian12-minbase.tar" ;; *) base="$cache/debian-$suite-minbase.tar" ;; esac
dist=${SDSTUDIO_FRESH_ROOT_DIST:-}
mkdir -p "$cache/apt-archives/partial" "${CCACHE_DIR:-$HOME/.cache/ccache}"

if [ ! -s "$base" ]; then
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap
  echo "fresh-root: debootstrap $suite (minbase) -> $base"
  staging=$(mktemp -d /var/tmp/sdstudio-debootstrap.XXXXXX)
  debootstrap --variant=minbase "$suite" "$staging" "$mirror" >/dev/null
  tar -C "$staging" -cf "$base.tmp" . && mv "$base.tmp" "$base"
  rm -rf "$staging"
fi

root=$(mktemp -d /var/tmp/sdstudio-fresh-root.XXXXXX)
trap 'rm -rf "$root"' EXIT
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Each suite has its own .debs: Debian 13's must not mix with Debian 12's.
archives="$cache/apt-archives"
[ "$suite" = bookworm ] || archives="$cache/apt-archives-$suite"
mkdir -p "$archives/partial"
# The checkout as a clean clone has it: tracked files only, no build output.
mkdir -p "$root/src/sdstudio"
git ls-files -z | tar --null -T - -cf - | tar -C "$root/src/sdstudio" -xf -

command=("$@")
[ ${#command[@]} -gt 0 ] || command=(./scripts/run-tests.sh)
echo "fresh-root: running ${command[*]} in a fresh Debian $(cat "$root/etc/debian_version") root"
unshare --mount --propagation private -- bash -euo pipefail -c '
  root=$1; archives=$2; ccache_dir=$3; dist=$4; shift 4
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount -t tmpfs tmpfs "$root/tmp"
  mount --bind "$archives" "$root/var/cache/apt/archives"
  if [ -n "$dist" ]; then mkdir -p "$root/dist" && mount --bind "$dist" "$root/dist"; fi
  mkdir -p "$root/root/.cache/ccache"
  mount --bind "$ccache_dir" "$root/root/.cache/ccache"
  exec chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 SDSTUDIO_TEST_JOBS="${SDSTUDIO_TEST_JOBS:-2}" /bin/bash -c "cd /src/sdstudio && \"\$@\"" bash "$@"
' bash "$root" "$archives" "${CCACHE_DIR:-$HOME/.cache/ccache}" "$dist" "${command[@]}"
