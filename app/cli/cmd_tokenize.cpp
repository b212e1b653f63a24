// sdstudio-cli tokenize --tokenizer DIR [--json] TEXT...: the exact token ids
// the pipeline feeds its text encoder for each TEXT, A1111 style (77 per
// chunk of 75 tokens: BOS, content, EOS, padding with EOS).
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/text/clip_tokenizer.h"
#include "core/text/prompt_chunks.h"
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
  std::vector<std::vector<int64_t>> lines;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto chunks = chunkPrompt(tokenizer, texts[i]);
    if (chunks.chunks.size() > 1)
      std::cerr << "text " << i + 1 << ": " << chunks.tokenCount << " tokens in " << chunks.chunks.size()
                << " chunks of 77 ids\n";
    auto& ids = lines.emplace_back();
    for (const auto& chunk : chunks.chunks) ids.insert(ids.end(), chunk.ids.begin(), chunk.ids.end());
  }
  if (args.has("json")) {
    std::cout << nlohmann::json(lines).dump() << "\n";
    return 0;
  }
  for (const auto& ids : lines) {
    for (std::size_t k = 0; k < ids.size(); ++k) std::cout << (k ? " " : "") << ids[k];
    std::cout << "\n";
  }
  return 0;
}

}  // namespace

CommandSpec tokenizeCommand() {
  return {"tokenize",
          "Print the CLIP token ids the pipeline feeds its text encoder.",
          "Prints the CLIP token ids the pipeline feeds its text encoder for each TEXT, as A1111 does: "
          "emphasis such as (word:1.2) parsed, the tokens cut into chunks of 75 (at BREAK, and at a comma among "
          "a full chunk's last 20 tokens), each chunk framed as " +
              std::to_string(ClipTokenizer::kDefaultMaxLength) +
              " ids: start token, content, end token, padding with the end token. One line per text, 77 ids for each of "
              "its chunks. Each TEXT is one word of the command line: quote a text with spaces.",
          "--tokenizer DIR [--json] TEXT...",
          {required(value("tokenizer", "DIR", "tokenizer folder (vocab.json, merges.txt) or a diffusers model folder")),
           flag("json", "print one JSON list of id lists instead")},
          {"TEXT", 1, PositionalSpec::kUnlimited},
          runTokenize};
}

}  // namespace sd::cli
