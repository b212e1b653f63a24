#pragma once
// Where the bundled demo models are: installed under
// <prefix>/share/sdstudio/models/, or in the source tree for a build that
// was not installed.
#include <QString>

namespace sd::ui {

// "" when the demo model is not found.
QString demoSdModelPath();
QString demoClipModelPath();
// The label shown wherever the demo model is offered.
QString demoSdModelLabel();
QString demoClipModelLabel();
bool isDemoPath(const QString& path);

}  // namespace sd::ui
