// sdstudio-cli tokenize --tokenizer DIR [--json] TEXT...: the exact token ids
// the SD v1.4 pipeline feeds its text encoder for each TEXT (77 per text:
// BOS, content, EOS, padding with EOS).
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "app/cli/prompt_warnings.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_truncation.h"
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
  const auto tokenizer = ClipTokenizer::fromFolder(tokenizerFolder(args.require("tokenizer")));
  const auto& texts = args.positionals();
  const auto prompts = tokenizer.encodeBatch(texts);
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (const auto t = checkPromptLength(tokenizer, texts[i]); t.truncated())
      std::cerr << truncationWarning("text " + std::to_string(i + 1), texts[i], t) << "\n";
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
          "Print the CLIP token ids the pipeline feeds its text encoder.",
          "Prints the CLIP token ids the SD v1.4 pipeline feeds its text encoder for each TEXT. One line of " +
              std::to_string(ClipTokenizer::kDefaultMaxLength) +
              " ids per text: start token, up to 75 content tokens, end token, then padding with the end token. "
              "Each TEXT is one word of the command line: quote a text with spaces. Warns on stderr, naming the "
              "dropped words, when a text is truncated.",
          "--tokenizer DIR [--json] TEXT...",
          {required(value("tokenizer", "DIR", "tokenizer folder (vocab.json, merges.txt) or a diffusers model folder")),
           flag("json", "print one JSON list of id lists instead")},
          {"TEXT", 1, PositionalSpec::kUnlimited},
          runTokenize};
}

}  // namespace sd::cli
