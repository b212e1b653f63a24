#!/usr/bin/env bash
# Runs inside a fresh debootstrap root (scripts/ci/gpu-package.sh starts it):
# installs the self-contained package sdstudio-cuda from /dist with apt, so
# the root gets nothing but the package's declared dependencies, then proves
# from the installed files alone that it stands on its own:
#  1. no Qt, OpenCV, LibTorch, ICU or -dev package came with it;
#  2. ldd finds every library of every ELF file under /opt/sdstudio-cuda
#     (the NVIDIA driver's libcuda and NVML excepted: a GPU machine has them);
#  3. sdstudio-cli --version with LD_BIND_NOW=1 (every symbol of every library
#     it links resolves now, the stand-ins' included) and `devices`, which must
#     say that there is no GPU and that the CPU runs;
#  4. with python3, xvfb and xauth added for the checks (not the package's):
#     the per-image goldens, CLIP scores, a 50-step run and bench
#     (scripts/gpu_check.py --cpu on /usr/bin/sdstudio-cli), a gallery
#     exported as HTML and contact sheet, and the window's screenshot session
#     under Xvfb. Results go to /dist/root-check.
#
#   scripts/ci/package-in-root.sh /dist/sdstudio-cuda_VERSION_amd64.deb
set -euo pipefail
deb=$1
tree=/opt/sdstudio-cuda
results=/dist/root-check
rm -rf "$results" && mkdir -p "$results"
export DEBIAN_FRONTEND=noninteractive
fail() { echo "package-in-root: FAIL: $*" >&2; exit 1; }

apt-get update -qq
apt-get install -y -qq --no-install-recommends "$deb" >"$results/apt-install.log" 2>&1 \
  || { tail -30 "$results/apt-install.log"; fail "apt could not install $deb"; }
echo "package-in-root: installed $(dpkg-query -W -f '${Package} ${Version}, ${Installed-Size} KiB' sdstudio-cuda)" \
  "with $(dpkg-query -W -f '${Package}\n' | wc -l) packages in the root"

# 1. What apt brought must be base libraries only. (ICU may come: Debian's
# Mesa, under libglx0, needs libxml2, which needs ICU. The package carries
# its own ICU, which ldd below must find in the tree.)
dpkg-query -W -f '${Package}\n' >"$results/packages.txt"
if grep -E '^(libqt6|qt6-|libopencv|libtorch|libcudnn|libcublas|libnvidia|nvidia-|libnccl)|-dev$' "$results/packages.txt"; then
  fail "the packages above came with sdstudio-cuda: they must be bundled, not depended on"
fi

# 2. Every ELF file's libraries are found.
missing=0 elves=0
while IFS= read -r -d '' f; do
  [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] || continue
  elves=$((elves + 1))
  out=$(ldd "$f" 2>&1 || true)
  case $out in *"not a dynamic executable"*|*"statically linked"*) continue ;; esac
  while IFS= read -r line; do
    case $line in
      *"libcuda.so.1 => not found"*|*"libnvidia-ml.so.1 => not found"*) ;;
      *"not found"*) echo "  ${f#$tree/}: $line" >&2; missing=$((missing + 1)) ;;
    esac
  done <<<"$out"
done < <(find "$tree" -type f -print0)
[ "$missing" -eq 0 ] || fail "$missing libraries not found (above)"
ldd "$tree/bin/sdstudio" | grep -E "lib(Qt6Core|icuuc|torch_cpu)\." | grep -v "=> $tree/" \
  && fail "the window loads the system's Qt, ICU or LibTorch instead of the bundled ones (above)"
echo "package-in-root: ldd finds every library of the $elves ELF files under $tree"

# 3. The programs start; the CLI says what it runs on.
LD_BIND_NOW=1 sdstudio-cli --version | tee "$results/version.txt"
grep -q "CUDA 12" "$results/version.txt" || fail "sdstudio-cli --version names no CUDA: this is not the GPU build"
LD_BIND_NOW=1 sdstudio --version >/dev/null
sdstudio-cli devices | tee "$results/devices.txt"
grep -q "No GPU used: no NVIDIA driver was found" "$results/devices.txt" \
  || fail "sdstudio-cli devices does not say that this root has no GPU driver"

# 4. The checks, from the installed files (the checkout gives only the reference data).
apt-get install -y -qq --no-install-recommends python3 xvfb xauth >"$results/apt-checks.log" 2>&1 \
  || { tail -30 "$results/apt-checks.log"; fail "could not install the checks' python3 and xvfb"; }
python3 scripts/gpu_check.py --cli /usr/bin/sdstudio-cli --device cpu --out "$results/gpu-check"

gallery="$results/gallery"
sdstudio-cli generate --model "$tree/share/sdstudio/models/demo-sd" --device cpu --steps 4 --width 64 --height 64 \
  --seed 7 --prompt "a red square" --prompt "a blue circle" --clip "$tree/share/sdstudio/models/demo-clip" \
  --out "$gallery" 2>"$results/generate.log" || { cat "$results/generate.log"; fail "generate with the demo model"; }
sdstudio-cli export "$gallery" --to "$results/export" --html --contact-sheet --csv
[ -s "$results/export/index.html" ] && [ -s "$results/export/contact-sheet.png" ] \
  || fail "export wrote no index.html or contact-sheet.png"
[ "$(find "$results/export/images" -name '*.png' | wc -l)" -eq 2 ] || fail "export did not copy the 2 images"

xvfb-run -a -s "-screen 0 1366x768x24" sdstudio --screenshots "$results/screenshots" >"$results/window.log" 2>&1 \
  || { tail -30 "$results/window.log"; fail "the window's screenshot session failed"; }
shots=$(find "$results/screenshots" -name '*.png' -size +10k | wc -l)
[ "$shots" -ge 3 ] || fail "the window wrote $shots screenshots (want at least 3)"
echo "package-in-root: all checks passed ($shots screenshots in $results/screenshots)"
