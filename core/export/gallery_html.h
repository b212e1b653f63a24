#pragma once
// A gallery as one self-contained HTML page: no script, no external
// resource, a Content-Security-Policy that forbids both; each image with its
// prompt, settings and CLIP bars (inline SVG). Every string from a file is
// HTML-escaped.
#include <functional>
#include <string>
#include <vector>

#include "core/gallery/gallery_index.h"

namespace sd {

struct HtmlPageOptions {
  std::string title = "SD Studio gallery";
  // The src of each image: a relative path ("images/x.png") or a data: URI.
  std::function<std::string(const GalleryEntry&)> imageSource;
};

std::string galleryHtml(const std::vector<GalleryEntry>& entries, const HtmlPageOptions& options);

}  // namespace sd
