#include "ui/demo_models.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace sd::ui {

namespace {
QString findDemo(const QString& installedName, const QString& sourceTreePath) {
  const QString appDir = QCoreApplication::applicationDirPath();
  const QStringList candidates = {appDir + "/../share/sdstudio/models/" + installedName,
                                  appDir + "/../../share/sdstudio/models/" + installedName, sourceTreePath};
  for (const QString& c : candidates) {
    if (!c.isEmpty() && QFileInfo(c).isDir()) return QDir(c).canonicalPath();
  }
  return {};
}
}  // namespace

QString demoSdModelPath() { return findDemo("demo-sd", QStringLiteral(SDSTUDIO_SOURCE_DEMO_SD)); }
QString demoClipModelPath() { return findDemo("demo-clip", QStringLiteral(SDSTUDIO_SOURCE_DEMO_CLIP)); }
QString demoSdModelLabel() { return QCoreApplication::translate("sd::ui", "Demo model (random weights)"); }
QString demoClipModelLabel() { return QCoreApplication::translate("sd::ui", "Demo CLIP (random weights)"); }

bool isDemoPath(const QString& path) {
  if (path.isEmpty()) return false;
  const QString canonical = QFileInfo(path).canonicalFilePath();
  return canonical == demoSdModelPath() || canonical == demoClipModelPath();
}

}  // namespace sd::ui
