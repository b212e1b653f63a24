#pragma once
// CLIP probability bars as inline SVG for the exported HTML page: the same
// layout and colours as ui/probability_bars (one row per comparison prompt:
// label, track, fill, percentage; the generating prompt highlighted), so the
// page, the contact sheet and the window agree.
#include <string>
#include <vector>

namespace sd {

struct SvgBarRow {
  std::string label;
  double probability = 0;  // 0…1
  bool highlighted = false;
  std::string note;  // added to the tooltip ("scored on its first 75 of 90 tokens")
};

// A self-contained <svg> element `width` pixels wide; every label is
// HTML-escaped and shown whole in a <title> tooltip.
std::string probabilityBarsSvg(const std::vector<SvgBarRow>& rows, int width = 300);

}  // namespace sd
