// sdstudio: the studio window.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>

#include <QApplication>
#include <QTemporaryDir>
#include <QTimer>

#include "app/studio/engines.h"
#include "app/studio/screenshot_tour.h"
#include "app/studio/studio_controller.h"
#include "core/util/build_info.h"
#include "core/util/threads.h"
#include "ui/main_window.h"

namespace {
constexpr const char* kHelp =
    "Usage: sdstudio [options] [Qt options]\n\n"
    "SD Studio: a native Stable Diffusion v1.4 studio with CLIP probability bars.\n"
    "Headless tools: sdstudio-cli --help\n\n"
    "  --screenshots DIR  run a short demo session with the bundled demo models and\n"
    "                     save screenshots of the main views into DIR, then quit\n"
    "  --version          print the version\n"
    "  --help             print this help\n";
}  // namespace

int main(int argc, char** argv) {
  // Answer these before QApplication exists: without a display it aborts.
  const char* screenshotDir = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--version") || !std::strcmp(argv[i], "-V")) {
      std::cout << "sdstudio " << sd::build::kVersion << "\n";
      return 0;
    }
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
      std::cout << kHelp;
      return 0;
    }
    if (!std::strcmp(argv[i], "--screenshots")) {
      if (i + 1 >= argc) {
        std::cerr << "sdstudio: --screenshots needs a folder\n";
        return 2;
      }
      screenshotDir = argv[++i];
    }
  }
  QApplication app(argc, argv);
  QApplication::setApplicationName(screenshotDir ? "sdstudio-screenshots" : "sdstudio");
  QApplication::setOrganizationName("sdstudio");
  QApplication::setApplicationDisplayName("SD Studio");
  QApplication::setApplicationVersion(sd::build::kVersion);
  // Leave one core to the GUI thread: when every core runs a spinning
  // OpenMP worker, the event loop and the workers starve each other. Fewer
  // still while other programs keep cores busy (core/util/threads.h);
  // SDSTUDIO_THREADS fixes the count.
  sd::configureTorchThreads(0, /*reservedCores=*/1);

  sd::ui::MainWindow window;
  sd::studio::StudioController controller(&window, sd::studio::realEngines());
  window.show();
  std::unique_ptr<QTemporaryDir> tourGallery;  // the demo session's images stay out of the user's galleries
  if (screenshotDir) {
    tourGallery = std::make_unique<QTemporaryDir>();
    window.setOutputDir(tourGallery->path());
    window.resize(1600, 1000);
    auto* tour = new sd::studio::ScreenshotTour(&window, controller.worker(), QString::fromLocal8Bit(screenshotDir),
                                                &window);
    QObject::connect(tour, &sd::studio::ScreenshotTour::finished, &app, [](bool ok) { QApplication::exit(ok ? 0 : 1); });
    QTimer::singleShot(0, tour, &sd::studio::ScreenshotTour::start);
  } else {
    window.reopenGallery();
    QTimer::singleShot(0, &window, &sd::ui::MainWindow::loadModels);
  }
  return app.exec();
}
