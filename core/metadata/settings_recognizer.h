#pragma once
// Which tool wrote an image's metadata, and its settings read by that
// tool's parser: ours ("sdstudio" JSON, falling back to our "parameters"),
// NovelAI ("Software"/"Comment"), InvokeAI ("sd-metadata", "Dream",
// "invokeai_metadata"), A1111 and sd.cpp ("parameters" infotext), Fooocus
// ("parameters" JSON) and ComfyUI ("prompt" graph). Metadata of a known tool
// in a shape we cannot read is reported as Unrecognised, never guessed at.
#include "core/metadata/image_settings.h"
#include "core/metadata/metadata_text.h"

namespace sd {

// Keyword → text pairs as readFileMetadata gives them (or PNG chunks).
// Never throws; unreadable fields become warnings.
ImageSettings settingsFromText(const MetadataText& chunks);

}  // namespace sd
