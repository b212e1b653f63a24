// sdstudio-cli search GALLERY [QUERY...] [--json]: the images of a gallery
// folder that a query keeps (core/gallery/gallery_filter.h), one line each
// — the same filter as the window's filter box and export --filter.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/gallery/gallery_filter.h"
#include "core/gallery/gallery_store.h"
#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

// Exit status when no image matches (as grep's 1 would read as an error here).
constexpr int kNothingFound = 3;

std::string joined(const std::vector<std::string>& words) {
  std::string query;
  for (const auto& w : words) query += (query.empty() ? "" : " ") + w;
  return query;
}

// "DPM++ 2M Karras" for dpmpp_2m_karras; a name we do not know as written.
std::string samplerLabel(const std::string& scheduler) {
  const auto info = findScheduler(scheduler);
  return info ? a1111Label(*info) : scheduler;
}

std::string marginText(const std::optional<double>& margin) {
  if (!margin) return "—";
  char text[16];
  std::snprintf(text, sizeof text, "%+.0f%%", *margin * 100);
  return text;
}

nlohmann::json entryJson(const GalleryEntry& entry, const GalleryFacts& f, const std::filesystem::path& folder) {
  return {{"file", (folder / entry.fileName).string()},
          {"prompt", f.prompt},
          {"negative_prompt", f.negativePrompt},
          {"seed", f.seed},
          {"width", f.width},
          {"height", f.height},
          {"steps", f.steps},
          {"cfg", f.cfgScale},
          {"sampler", f.scheduler},
          {"model", f.modelName},
          {"added_at_ms", f.addedAtMs},
          {"margin", f.margin ? nlohmann::json(*f.margin) : nlohmann::json()}};
}

int runSearch(const ParsedArgs& args) {
  const std::filesystem::path folder = args.positionals()[0];
  const std::vector<std::string> words(args.positionals().begin() + 1, args.positionals().end());
  GalleryFilter filter;
  try {
    filter = parseGalleryFilter(joined(words));
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  const GalleryScan scan = loadGallery(folder);
  for (const auto& w : scan.warnings) std::cerr << "warning: " << w << "\n";
  nlohmann::json found = nlohmann::json::array();
  std::size_t matched = 0;
  for (const auto& entry : filterEntries(scan.entries, filter)) {
    const GalleryFacts facts = factsOf(entry);
    ++matched;
    if (args.has("json")) {
      found.push_back(entryJson(entry, facts, folder));
      continue;
    }
    std::cout << (folder / entry.fileName).string() << "\tseed " << facts.seed << "\t" << facts.width
              << "x" << facts.height << "\t" << samplerLabel(facts.scheduler) << "\tmargin "
              << marginText(facts.margin) << "\t" << facts.prompt << "\n";
  }
  if (args.has("json")) std::cout << found.dump(2) << "\n";
  std::cerr << matched << " of " << scan.entries.size() << " images match\n";
  return matched == 0 ? kNothingFound : kExitOk;
}

}  // namespace

CommandSpec searchCommand() {
  return {"search",
          "List the images of a gallery that a query keeps (words, sampler, seed, size, date, CLIP margin…).",
          "Lists the images of a gallery folder (the studio's, or PNGs written by 'generate' or A1111) that the "
          "query keeps: file, seed, size, sampler, CLIP margin and prompt, one per line (tab-separated), or "
          "JSON. All terms must hold. Words (or \"a phrase\") are looked for in the prompt, -word excludes; "
          "neg:WORD the negative prompt; model:NAME the model's name or hash; sampler:NAME (e.g. "
          "sampler:\"Euler a\"); seed:N, seed:N..M; size:WxH; steps:N; cfg:F; date:YYYY-MM-DD, YYYY-MM, YYYY, "
          "today or yesterday (the image's local day); margin:F or margin:P% (own prompt's probability minus "
          "the best other's, at least F). Numbers and dates take =, >, >=, <, <= (seed:>=100, date:<2026-11-01). "
          "The window's filter box and 'export --filter' read the same syntax. Exit status 3 when no image "
          "matches.",
          "GALLERY [QUERY...] [--json]",
          {flag("json", "print the matching images as a JSON array")},
          {"GALLERY [QUERY...]", 1, PositionalSpec::kUnlimited},
          runSearch};
}

}  // namespace sd::cli
