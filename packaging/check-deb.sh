#!/usr/bin/env bash
# Builds the .deb from an existing build dir, checks it with lintian and the
# freedesktop/AppStream validators, installs it with dpkg, runs the installed
# programs (--version, a tiny generation with the installed demo model, the
# window's headless demo session), then removes it again.
#
#   packaging/check-deb.sh [BUILD_DIR]      (default: $SDSTUDIO_BUILD_DIR or build)
#
# Needs root or sudo (dpkg -i). Env: SDSTUDIO_CHECK_RPM=0 skips the RPM/TGZ
# smoke test; SDSTUDIO_KEEP_INSTALLED=1 leaves the package installed.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-${SDSTUDIO_BUILD_DIR:-build}}
[ -f "$build_dir/CMakeCache.txt" ] || { echo "check-deb: $build_dir is not a configured build dir" >&2; exit 2; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
step() { echo; echo "== check-deb: $* ($(date +%T))"; }

# --- tools ---------------------------------------------------------------
tools=(dpkg-dev desktop-file-utils appstream lintian file man-db)
[ "${SDSTUDIO_CHECK_RPM:-1}" = 1 ] && tools+=(rpm)
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing packaging tools: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- validators on the sources --------------------------------------------
step "desktop-file-validate, appstreamcli validate"
desktop-file-validate resources/sdstudio.desktop
appstreamcli validate --no-net --pedantic resources/io.github.sdstudio.sdstudio.metainfo.xml

# --- build the package ------------------------------------------------------
step "building the .deb in $build_dir (reusing the build)"
cmake --build "$build_dir" -j "${SDSTUDIO_JOBS:-$(nproc)}"
rm -f "$build_dir"/sdstudio_*.deb
(cd "$build_dir" && cpack -G DEB)
deb=$(ls "$build_dir"/sdstudio_*.deb)
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb" | awk '{print $1, $6}'
depends=$(dpkg-deb --field "$deb" Depends)
grep -q "libopenblas0-pthread" <<<"$depends" ||
  { echo "check-deb: Depends lacks the optimised BLAS" >&2; exit 1; }
grep -q "libtorch" <<<"$depends" ||
  { echo "check-deb: Depends lacks the computed shared-library dependencies" >&2; exit 1; }

step "lintian"
# Errors and warnings fail; remaining tags are justified in
# packaging/lintian-overrides (shipped in the package) and packaging/README.md.
lintian --fail-on error,warning --display-info --tag-display-limit 0 "$deb"

if [ "${SDSTUDIO_CHECK_RPM:-1}" = 1 ]; then
  step "RPM and TGZ (built, not installed: this is a Debian machine)"
  rm -f "$build_dir"/sdstudio-*.rpm "$build_dir"/sdstudio-*.tar.gz
  (cd "$build_dir" && cpack -G "RPM;TGZ")
  # Whole outputs first: grep -q closing a pipe early would fail pipefail.
  rpm_requires=$(rpm -qpR "$build_dir"/sdstudio-*.rpm)
  echo "$rpm_requires"
  grep -q "openblas" <<<"$rpm_requires" ||
    { echo "check-deb: the RPM does not require openblas" >&2; exit 1; }
  tgz_files=$(tar tzf "$build_dir"/sdstudio-*.tar.gz)
  grep -q "/bin/sdstudio-cli$" <<<"$tgz_files" ||
    { echo "check-deb: the tarball lacks bin/sdstudio-cli" >&2; exit 1; }
fi

# --- install, run, remove -----------------------------------------------------
if dpkg-query -W -f='${Status}' sdstudio 2>/dev/null | grep -q "install ok installed"; then
  echo "check-deb: note: replacing the installed sdstudio $(dpkg-query -W -f='${Version}' sdstudio)"
fi
remove() {
  if [ "${SDSTUDIO_KEEP_INSTALLED:-0}" != 1 ]; then
    step "dpkg -r sdstudio"
    $sudo dpkg -r sdstudio
    [ ! -e /usr/bin/sdstudio-cli ] && [ ! -e /usr/share/sdstudio ] ||
      { echo "check-deb: files left behind after dpkg -r" >&2; exit 1; }
  fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

step "dpkg -i $deb"
if ! $sudo dpkg -i "$deb"; then
  echo "check-deb: dpkg -i wants dependencies; apt-get install -f"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -f -y -qq
fi
trap 'remove; rm -rf "$tmp"' EXIT
dpkg-query -W -f='${Status} ${Version}\n' sdstudio | grep "install ok installed"

step "installed files"
desktop-file-validate /usr/share/applications/sdstudio.desktop
appstreamcli validate --no-net /usr/share/metainfo/io.github.sdstudio.sdstudio.metainfo.xml
man -l /usr/share/man/man1/sdstudio-cli.1.gz > /dev/null
# The optimised BLAS is the one libblas.so.3 resolves to.
update-alternatives --query "libblas.so.3-$(dpkg-architecture -qDEB_HOST_MULTIARCH)" 2>/dev/null |
  grep -E "^Value:" || true

step "run the installed programs"
version=$(/usr/bin/sdstudio-cli --version)
echo "$version"
expected=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
[[ "$version" == "sdstudio-cli $expected "* ]] || { echo "check-deb: expected version $expected" >&2; exit 1; }
[ -x /usr/bin/sdstudio ] && /usr/bin/sdstudio --version
/usr/bin/sdstudio-cli inspect --summary /usr/share/sdstudio/models/demo-sd/unet/diffusion_pytorch_model.safetensors
/usr/bin/sdstudio-cli tokenize --tokenizer /usr/share/sdstudio/tokenizer "a lion"
# Run from an unrelated folder, so nothing can come from the source tree.
paths=$(cd "$tmp" && HOME="$tmp" /usr/bin/sdstudio-cli paths --json)
for expected in /usr/share/sdstudio/tokenizer /usr/share/sdstudio/models/demo-sd "$tmp/.local/share/sdstudio/galleries"; do
  grep -q "\"path\": \"$expected\"" <<<"$paths" ||
    { echo "$paths"; echo "check-deb: sdstudio-cli paths does not name $expected" >&2; exit 1; }
done
(cd "$tmp" && HOME="$tmp" /usr/bin/sdstudio-cli generate --model /usr/share/sdstudio/models/demo-sd \
  --prompt "a lion" --steps 2 --width 64 --height 64 --out "$tmp/out")
png=$(find "$tmp/out" -name '*.png' | head -1)
[ -n "$png" ] || { echo "check-deb: generate wrote no PNG" >&2; exit 1; }
file "$png"
# The window, headless: a short demo session with the installed demo models.
if [ -x /usr/bin/sdstudio ] && grep -q -- "--screenshots" <<<"$(/usr/bin/sdstudio --help)"; then
  (cd "$tmp" && HOME="$tmp" QT_QPA_PLATFORM=offscreen timeout 600 /usr/bin/sdstudio --screenshots "$tmp/shots")
  ls "$tmp"/shots/*.png
fi

remove
trap 'rm -rf "$tmp"' EXIT
step "ok: $(basename "$deb") builds, passes lintian, installs, runs and uninstalls"
