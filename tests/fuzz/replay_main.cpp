// The fuzz targets without libFuzzer: `sdstudio-fuzz-replay TARGET PATH...`
// feeds every file (folders recursively) to TARGET's entry point, so each
// corpus — seeds and the regression files of crashes and hangs found while
// fuzzing — runs in the ordinary test suite, with any compiler. An input
// that takes longer than SD_FUZZ_SLOW_MS (5000) fails like a crash would:
// a hang found by the fuzzer must stay fixed too.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#define SD_FUZZ_TARGET(name) extern "C" int sd_fuzz_##name(const uint8_t* data, size_t size);
#include "fuzz_targets.inc"
#undef SD_FUZZ_TARGET

namespace fs = std::filesystem;

namespace {

using Entry = int (*)(const uint8_t*, size_t);

const std::map<std::string, Entry>& targets() {
#define SD_FUZZ_TARGET(name) {#name, sd_fuzz_##name},
  static const std::map<std::string, Entry> all = {
#include "fuzz_targets.inc"
  };
#undef SD_FUZZ_TARGET
  return all;
}

std::vector<fs::path> inputs(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    if (fs::is_directory(argv[i])) {
      for (const auto& item : fs::recursive_directory_iterator(argv[i]))
        if (item.is_regular_file()) files.push_back(item.path());
    } else {
      files.emplace_back(argv[i]);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || !targets().count(argv[1])) {
    std::fprintf(stderr, "usage: %s TARGET FILE_OR_FOLDER...\ntargets:", argv[0]);
    for (const auto& [name, entry] : targets()) std::fprintf(stderr, " %s", name.c_str());
    std::fprintf(stderr, "\n");
    return 2;
  }
  const Entry entry = targets().at(argv[1]);
  const char* slowEnv = std::getenv("SD_FUZZ_SLOW_MS");
  const long slowMs = slowEnv ? std::atol(slowEnv) : 5000;
  const auto files = inputs(argc, argv);
  if (files.empty()) {
    std::fprintf(stderr, "no input files\n");
    return 2;
  }
  int slow = 0;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto start = std::chrono::steady_clock::now();
    entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    if (ms > slowMs) {
      std::fprintf(stderr, "SLOW: %s took %lld ms (limit %ld)\n", file.c_str(), static_cast<long long>(ms), slowMs);
      ++slow;
    }
  }
  std::printf("%s: %zu inputs ran, %d too slow\n", argv[1], files.size(), slow);
  return slow ? 1 : 0;
}
