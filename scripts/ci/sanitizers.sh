#!/usr/bin/env bash
# CI leg "sanitizers": core, the programs and the whole test suite built with
# AddressSanitizer + UndefinedBehaviorSanitizer in their own folder
# (SDSTUDIO_ASAN_BUILD_DIR, default build-asan), then every test but the
# packaging one (package_deb builds .debs: nothing of ours runs in it).
# GCC, the compiler Debian's LibTorch and Qt were built with; they are not
# instrumented themselves, our code and the templates it instantiates from
# their headers are. -O1 -g keeps the suite's CPU tests within the leg's
# time. Any report fails the test it happens in (halt_on_error, no
# recovery). Suppressions are in scripts/ci/sanitizers.supp (leaks) with a
# reason each. Arguments go to ctest (e.g. -R test_metadata).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${SDSTUDIO_ASAN_BUILD_DIR:-build-asan}
start=$(date +%s)
./scripts/install-deps.sh
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Sanitize \
  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -g $sanitize" \
  -DCMAKE_EXE_LINKER_FLAGS_SANITIZE="$sanitize" \
  -DCMAKE_SHARED_LINKER_FLAGS_SANITIZE="$sanitize" \
  ${SDSTUDIO_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j "${SDSTUDIO_JOBS:-2}"
built=$(date +%s)
echo "sanitizers: build took $(( built - start )) s"

supp=$(pwd)/scripts/ci/sanitizers.supp
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
cd "$build"
status=0
ctest --output-on-failure -j "${SDSTUDIO_TEST_JOBS:-2}" -E '^package_' "$@" || status=$?
echo "sanitizers: tests took $(( $(date +%s) - built )) s, total $(( $(date +%s) - start )) s"
exit $status
