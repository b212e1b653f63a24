// sdstudio-cli inspect FILE.safetensors: what a weights file holds, or
// precisely what is wrong with it (non-zero exit).
#include <cstdio>
#include <iostream>
#include <map>

#include "app/cli/commands.h"
#include "core/io/safetensors.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

int runInspect(const ParsedArgs& args) {
  int status = 0;
  for (const auto& path : args.positionals()) {
    try {
      const auto file = SafetensorsFile::open(path);
      std::map<std::string, std::pair<int64_t, uint64_t>> perDType;  // count, bytes
      int64_t parameters = 0;
      std::cout << path << ": " << file.tensors().size() << " tensors, header " << file.headerSize() << " bytes, file "
                << file.fileSize() << " bytes\n";
      for (const auto& [k, v] : file.metadata())
        std::cout << "  metadata " << k << " = " << v << "\n";
      if (!args.has("summary")) {
        for (const auto& t : file.tensors())
          std::cout << "  " << t.name << "  " << dtypeName(t.dtype) << " " << formatShape(t.shape) << "\n";
      }
      for (const auto& t : file.tensors()) {
        auto& slot = perDType[std::string(dtypeName(t.dtype))];
        slot.first += 1;
        slot.second += t.byteSize();
        parameters += t.numel();
      }
      for (const auto& [dtype, stats] : perDType)
        std::cout << "  " << dtype << ": " << stats.first << " tensors, " << stats.second << " bytes\n";
      std::cout << "  total elements: " << parameters << "\n";
    } catch (const Error& e) {
      std::cerr << "error: " << e.what() << "\n";
      status = kExitRuntimeError;
    }
  }
  return status;
}

}  // namespace

CommandSpec inspectCommand() {
  return {"inspect",
          "Validate safetensors files and list their tensors.",
          "Lists the tensors, dtypes, shapes and metadata of safetensors files, after validating them completely; "
          "says precisely what is wrong with a bad file and exits with status 1.",
          "[--summary] FILE.safetensors...",
          {flag("summary", "only the totals per dtype, not every tensor")},
          {"FILE.safetensors", 1, PositionalSpec::kUnlimited},
          runInspect};
}

}  // namespace sd::cli
