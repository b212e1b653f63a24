#pragma once
// One property of an XMP packet (XMP spec part 1 §7), as element text
// (plain or the x-default item of an rdf:Alt) or as an attribute of
// rdf:Description. Tools that mirror EXIF into XMP keep the settings in
// exif:UserComment. A scan for the name, not an XML parser: no DTDs, no
// entity expansion beyond the five predefined ones and numeric references.
#include <string>
#include <string_view>

namespace sd {

// "" when the packet does not carry `name` (e.g. "exif:UserComment").
std::string xmpProperty(std::string_view xmp, std::string_view name);

}  // namespace sd
