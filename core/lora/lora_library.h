#pragma once
// Where <lora:name> tags find their files, and A1111's "Lora hashes". No
// torch, so the metadata writer, the CLI and the window's picker share it.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/text/extra_network_tags.h"

namespace sd {

// The folders searched for LoRAs: `loraDir` alone when given, else lora/ in
// each model search folder (core/catalogue/model_search_paths.h), in order.
std::vector<std::filesystem::path> loraSearchDirs(const std::filesystem::path& loraDir = {});

// <dir>/<name>.safetensors in the first folder holding it. Throws sd::Error
// naming the LoRA and the folders searched when none does (and for a name
// with a path separator or "..", which no tag may use to leave them).
std::filesystem::path findLoraFile(const std::string& name, const std::vector<std::filesystem::path>& dirs);

// The names (file stems) of the .safetensors files in the folders, sorted,
// each once: what the window's picker offers.
std::vector<std::string> availableLoras(const std::vector<std::filesystem::path>& dirs);

// A1111's short LoRA hash (extensions-builtin/Lora/network.py): the
// file's "sshs_model_hash" metadata when set, else the sha256 of the
// tensor data after the safetensors header (kohya's "addnet" hash), its
// first 12 hex digits. Remembered per path, size and mtime in the process.
// Throws sd::Error naming the file.
std::string loraShortHash(const std::filesystem::path& file);

// For the infotext's "Lora hashes": (name, hash) per <lora:…> tag of
// `prompt` whose file is found, the name without ':' and ',' as A1111
// writes it; tags whose file is missing or unreadable are left out.
std::vector<std::pair<std::string, std::string>> loraHashes(const std::string& prompt,
                                                            const std::vector<std::filesystem::path>& dirs);
// "name: hash, name2: hash2" (A1111's value of "Lora hashes").
std::string formatLoraHashes(const std::vector<std::pair<std::string, std::string>>& hashes);

}  // namespace sd
