#pragma once
// Where SD Studio looks for things on this machine, as `sdstudio-cli paths`
// and `sdstudio-cli --version --verbose` print it. Every path comes from
// the same core function the window and the engine use, so what this
// prints is what they do (tests/cli/test_cli_docs holds the docs to it).
#include <filesystem>
#include <string>
#include <vector>

namespace sd::cli {

struct PathEntry {
  std::string key;    // stable name for --json: "models.search", "galleries.today", …
  std::string label;  // what a person reads
  std::filesystem::path path;
  std::string note;   // where it comes from, or what is special about it
  bool exists = false;
};

std::vector<PathEntry> pathReport();
std::string formatPathReport(const std::vector<PathEntry>& entries);
std::string pathReportJson(const std::vector<PathEntry>& entries);

}  // namespace sd::cli
