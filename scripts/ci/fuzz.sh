#!/usr/bin/env bash
# CI leg "fuzz": builds every libFuzzer target (tests/fuzz/libfuzzer, clang
# + ASan + UBSan) and fuzzes each for SDSTUDIO_FUZZ_SECONDS (default 40)
# from its seed corpus. Fails when any target finds a crash, a leak or an
# input slower than 5 s; the finding is in build-fuzz/artifacts/TARGET/ and
# the last lines of its log are printed. Eight targets × 40 s plus the build
# (about 25 s with a warm ccache) fit in 5 minutes on two cores.
# Installs what it needs with apt (clang, libclang-rt-14-dev) like
# scripts/install-deps.sh. Prints one line per target: runs, coverage.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${SDSTUDIO_FUZZ_SECONDS:-40}
build=${SDSTUDIO_FUZZ_BUILD_DIR:-build-fuzz}
export SDSTUDIO_FUZZ_BUILD_DIR=$build
start=$(date +%s)
./scripts/install-deps.sh clang libclang-rt-14-dev ninja-build cmake ccache nlohmann-json3-dev libpng-dev \
  libicu-dev zlib1g-dev libssl-dev
cmake -S tests/fuzz/libfuzzer -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$build" -j "${SDSTUDIO_JOBS:-2}"
echo "fuzz: build took $(( $(date +%s) - start )) s"

status=0
summary="$build/fuzz-summary.txt"
: >"$summary"
for target in $(sed -n 's/^SD_FUZZ_TARGET(\(.*\))$/\1/p' tests/fuzz/fuzz_targets.inc); do
  log="$build/fuzz-$target.log"
  if SDSTUDIO_FUZZ_NO_BUILD=1 ./scripts/fuzz.sh "$target" "$seconds" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED
    status=1
    tail -n 40 "$log"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  features=$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
  corpus=$(find "$build/corpus/$target" -type f | wc -l)
  printf 'fuzz: %-18s %-6s %9s runs in %ss  cov %5s  ft %6s  corpus %5s\n' "$target" "$result" "${runs:-?}" \
    "$seconds" "${cov:-?}" "${features:-?}" "$corpus" | tee -a "$summary"
done
echo "fuzz: total $(( $(date +%s) - start )) s"
exit $status
