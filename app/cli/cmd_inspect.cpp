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
  if (args.positionals().empty()) throw Error("inspect needs a .safetensors file");
  int status = 0;
  for (const auto& path : args.positionals()) {
    try {
      const auto file = SafetensorsFile::open(path);
      std::map<std::string, std::pair<int64_t, uint64_t>> perDType;  // count, bytes
      int64_t parameters = 0;
      std::cout << path << ": " << file.tensors().size() << " tensors, header " << file.headerSize() << " bytes, file "
                << file.fileSize() << " bytes\n";
      for (const auto& [k, v] : file.metadata()) std::cout << "  metadata " << k << " = " << v << "\n";
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
      status = 1;
    }
  }
  return status;
}

}  // namespace

CommandSpec inspectCommand() {
  return {"inspect",
          "Lists the tensors, dtypes, shapes and metadata of safetensors files, after validating them\n"
          "completely; says precisely what is wrong with a bad file and exits non-zero.",
          "[--summary] FILE.safetensors...",
          {{"summary", "", "only the totals per dtype, not every tensor"}},
          runInspect};
}

}  // namespace sd::cli
