#pragma once
// Reading back the "sdstudio" JSON chunk that formatRecipeJson writes.
#include <string_view>

#include "core/metadata/image_recipe.h"

namespace sd {

// Throws sd::Error when `json` is not an object or is of a newer schema;
// missing members keep ImageRecipe's defaults (older files stay readable).
ImageRecipe parseRecipeJson(std::string_view json);

}  // namespace sd
