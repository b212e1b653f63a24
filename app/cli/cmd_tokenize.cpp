// sdstudio-cli tokenize --tokenizer DIR [--json] TEXT...: the exact token ids
// the SD v1.4 pipeline feeds its text encoder for each TEXT (77 per text:
// BOS, content, EOS, padding with EOS).
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/text/clip_tokenizer.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

// Accepts the tokenizer folder itself or a diffusers model folder holding
// tokenizer/.
std::filesystem::path tokenizerFolder(const std::filesystem::path& dir) {
  if (!std::filesystem::exists(dir / "vocab.json") && std::filesystem::exists(dir / "tokenizer" / "vocab.json"))
    return dir / "tokenizer";
  return dir;
}

int runTokenize(const ParsedArgs& args) {
  if (args.positionals().empty()) throw Error("tokenize needs at least one TEXT");
  const auto tokenizer = ClipTokenizer::fromFolder(tokenizerFolder(args.require("tokenizer")));
  const auto prompts = tokenizer.encodeBatch(args.positionals());
  const int capacity = tokenizer.maxLength() - 2;
  for (std::size_t i = 0; i < prompts.size(); ++i) {
    if (prompts[i].truncated)
      std::cerr << "warning: text " << i + 1 << " has " << prompts[i].contentTokens << " tokens; only the first "
                << capacity << " are used\n";
  }
  if (args.has("json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : prompts) out.push_back(p.inputIds);
    std::cout << out.dump() << "\n";
    return 0;
  }
  for (const auto& p : prompts) {
    for (std::size_t k = 0; k < p.inputIds.size(); ++k) std::cout << (k ? " " : "") << p.inputIds[k];
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

CommandSpec tokenizeCommand() {
  return {"tokenize",
          "Prints the CLIP token ids the SD v1.4 pipeline feeds its text encoder for each TEXT.\n"
          "One line of " + std::to_string(ClipTokenizer::kDefaultMaxLength) +
              " ids per text: start token, up to 75 content tokens, end token, then\n"
              "padding with the end token. Warns on stderr when a text is truncated.",
          "--tokenizer DIR [--json] TEXT...",
          {{"tokenizer", "DIR", "tokenizer folder (vocab.json, merges.txt) or a diffusers model folder"},
           {"json", "", "print one JSON list of id lists instead"}},
          runTokenize};
}

}  // namespace sd::cli
