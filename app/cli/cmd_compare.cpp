// sdstudio-cli compare A B: are two images the same within a tolerance? For
// checking a GPU's images against the CPU's or a reference run (the goldens'
// terms: the largest difference in levels, the share of values that differ).
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/image/image_difference.h"
#include "core/image/image_io.h"
#include "core/util/error.h"

namespace sd::cli {

namespace {

// Exit status when the images differ beyond the tolerance (1 is an error).
constexpr int kBeyondTolerance = 3;

int runCompare(const ParsedArgs& args) {
  const auto& a = args.positionals()[0];
  const auto& b = args.positionals()[1];
  const int maxLevels = static_cast<int>(args.integer("max-levels", 1, 0, 255));
  const int shareLevels = static_cast<int>(args.integer("share-above", 0, 0, 255));
  const double maxShare = args.number("max-share", 1.0, 0.0, 1.0);
  const auto d = compareImages(loadRgbImage(a), loadRgbImage(b));
  const double share = d.shareAbove(shareLevels);
  const bool within = d.maxLevels <= maxLevels && share <= maxShare;
  if (args.has("json")) {
    std::cout << nlohmann::json{{"a", a},
                                {"b", b},
                                {"values", d.values},
                                {"max_levels", d.maxLevels},
                                {"mean_levels", d.meanLevels},
                                {"share_differing", d.shareAbove(0)},
                                {"share_over_2_levels", d.shareAbove(2)},
                                {"within_tolerance", within}}
                     .dump()
              << "\n";
  } else {
    std::printf("%s: max %d levels, %.3f %% of values differ, %.3f %% by more than 2 levels, mean %.4f levels\n",
                within ? "same within the tolerance" : "DIFFERENT", d.maxLevels, 100.0 * d.shareAbove(0),
                100.0 * d.shareAbove(2), d.meanLevels);
  }
  return within ? 0 : kBeyondTolerance;
}

}  // namespace

CommandSpec compareCommand() {
  return {"compare",
          "Compare two images value by value, within a tolerance.",
          "Compares two images value by value: the largest difference in levels and the share of values that "
          "differ. Exit status 0 within the tolerance, 3 beyond it, 1 when an image cannot be read.",
          "A B [--max-levels N] [--max-share F] [--share-above L] [--json]",
          {value("max-levels", "N", "largest allowed difference in levels (default 1)"),
           value("max-share", "F", "largest allowed share (0..1) of values that differ by more than L levels (default 1)"),
           value("share-above", "L", "the L of --max-share (default 0: any difference counts)"),
           flag("json", "print the figures as one JSON object")},
          {"images (A and B)", 2, 2},
          runCompare};
}

}  // namespace sd::cli
