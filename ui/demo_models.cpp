#include "ui/demo_models.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <filesystem>

#include "core/util/app_dirs.h"

namespace sd::ui {

namespace {
// Looked up like all installed data (core/util/app_dirs.h), so the window
// and `sdstudio-cli paths` agree.
QString findDemo(const char* name) {
  const auto exeDir = std::filesystem::path(QCoreApplication::applicationDirPath().toStdString());
  const auto path = demoModelDir(name, exeDir);
  return path.empty() ? QString() : QDir(QString::fromStdString(path.string())).canonicalPath();
}
}  // namespace

QString demoSdModelPath() { return findDemo("demo-sd"); }
QString demoClipModelPath() { return findDemo("demo-clip"); }
QString demoSdModelLabel() { return QCoreApplication::translate("sd::ui", "Demo model (random weights)"); }
QString demoClipModelLabel() { return QCoreApplication::translate("sd::ui", "Demo CLIP (random weights)"); }

bool isDemoPath(const QString& path) {
  if (path.isEmpty()) return false;
  const QString canonical = QFileInfo(path).canonicalFilePath();
  return canonical == demoSdModelPath() || canonical == demoClipModelPath();
}

}  // namespace sd::ui
