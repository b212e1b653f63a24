// sdstudio: the studio window.
#include <cstring>
#include <iostream>

#include <QApplication>

#include "core/util/build_info.h"
#include "core/util/threads.h"
#include "ui/main_window.h"

int main(int argc, char** argv) {
  // Answer these before QApplication exists: without a display it aborts.
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--version") || !std::strcmp(argv[i], "-V")) {
      std::cout << "sdstudio " << sd::build::kVersion << "\n";
      return 0;
    }
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::cout << "Usage: sdstudio [Qt options]\n\nSD Studio: a native Stable Diffusion v1.4 studio with CLIP "
                   "probability bars.\nHeadless tools: sdstudio-cli --help\n\n  --version  print the version\n"
                   "  --help     print this help\n";
      return 0;
    }
  }
  QApplication app(argc, argv);
  QApplication::setApplicationName("sdstudio");
  QApplication::setOrganizationName("sdstudio");
  QApplication::setApplicationDisplayName("SD Studio");
  QApplication::setApplicationVersion(sd::build::kVersion);
  sd::configureTorchThreads();

  sd::ui::MainWindow window;
  window.show();
  return app.exec();
}
