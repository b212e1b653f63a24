#pragma once
// Each window test keeps its QSettings apart from the user's and from the
// other tests', and starts from none: a restart is then the test's own doing.
#include <QCoreApplication>
#include <QSettings>

namespace sd::test {

inline void freshSettings(const char* testName) {
  QCoreApplication::setOrganizationName("sdstudio-tests");
  QCoreApplication::setApplicationName(testName);
  QSettings().clear();
}

}  // namespace sd::test
