#!/usr/bin/env bash
# Fuzzes one parser for a while:  scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
# TARGET is one of tests/fuzz/fuzz_targets.inc (safetensors_header,
# image_metadata, infotext, comfy_prompt, sdstudio_json, tokenizer, prompt_syntax).
# Builds tests/fuzz/libfuzzer with clang, ASan and UBSan into
# $SDSTUDIO_FUZZ_BUILD_DIR (default build-fuzz). Inputs that find new code go
# to build-fuzz/corpus/TARGET (the seeds in tests/fuzz/corpus/TARGET stay
# as they are); a crash, leak or hang (-timeout) is written to
# build-fuzz/artifacts/TARGET/ and stops the run with a non-zero status.
# Keep such a file as tests/fuzz/corpus/TARGET/regress-<what>: the suite
# replays every corpus file (test_fuzz_corpus_TARGET). docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]}
shift 2
grep -qx "SD_FUZZ_TARGET($target)" tests/fuzz/fuzz_targets.inc || {
  echo "fuzz.sh: unknown target '$target'; one of: $(sed -n 's/^SD_FUZZ_TARGET(\(.*\))$/\1/p' tests/fuzz/fuzz_targets.inc | tr '\n' ' ')" >&2
  exit 2
}
build=${SDSTUDIO_FUZZ_BUILD_DIR:-build-fuzz}
if [ -z "${SDSTUDIO_FUZZ_NO_BUILD:-}" ]; then
  ./scripts/install-deps.sh clang libclang-rt-14-dev ninja-build cmake ccache nlohmann-json3-dev libpng-dev \
    libicu-dev zlib1g-dev >/dev/null
  cmake -S tests/fuzz/libfuzzer -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
  cmake --build "$build" --target "fuzz_$target" -j "${SDSTUDIO_JOBS:-2}"
fi
mkdir -p "$build/corpus/$target" "$build/artifacts/$target"
dict=()
[ -f "tests/fuzz/dict/$target.dict" ] && dict=("-dict=tests/fuzz/dict/$target.dict")
# -timeout: no input may take 5 s (each finishes in milliseconds; a parser
# that is not linear in its input shows up here). -max_len: room for nesting
# past every depth limit and for lines long enough to expose quadratic work.
exec "$build/fuzz_$target" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2560 -max_len=262144 \
  -print_final_stats=1 -artifact_prefix="$build/artifacts/$target/" "${dict[@]}" "$@" \
  "$build/corpus/$target" "tests/fuzz/corpus/$target"
