// A model's files overwritten or truncated while it is loaded (issue 15:
// weights read straight from a memory map killed the process with SIGBUS).
// Weights are copied when the model loads, so the loaded model keeps
// working whatever happens to its files; a load that meets a file changing
// under it gets an error naming the file.
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "core/schedulers/scheduler_names.h"
#include "core/pipeline/stable_diffusion.h"
#include "core/util/error.h"

using namespace sd;
namespace fs = std::filesystem;

namespace {

GenerationRequest tinyRequest() {
  GenerationRequest r;
  r.prompts = {"a changed file"};
  r.steps = 2;
  r.width = 64;
  r.height = 64;
  r.scheduler = SchedulerKind::Euler;
  return r;
}

std::vector<fs::path> weightFiles(const fs::path& model) {
  std::vector<fs::path> files;
  for (const auto& item : fs::recursive_directory_iterator(model))
    if (item.path().extension() == ".safetensors") files.push_back(item.path());
  return files;
}

}  // namespace

class TestModelFileChanges : public QObject {
  Q_OBJECT
  QTemporaryDir m_dir;

 private Q_SLOTS:
  void loadedModelOutlivesItsFiles_data() {
    QTest::addColumn<bool>("truncate");
    QTest::newRow("truncated to nothing") << true;
    QTest::newRow("overwritten with zeros") << false;
  }
  void loadedModelOutlivesItsFiles() {
    QFETCH(bool, truncate);
    const fs::path model = fs::path(m_dir.path().toStdString()) / QTest::currentDataTag();
    fs::copy(SD_TEST_DATA_DIR "/tiny-sd", model, fs::copy_options::recursive);
    auto sd = StableDiffusion::load(model, DevicePreference::Cpu);

    for (const auto& file : weightFiles(model)) {
      const auto size = fs::file_size(file);
      fs::resize_file(file, 0);
      if (!truncate) fs::resize_file(file, size);  // same size, all zeros: what `cp other model` does mid-way
    }
    int images = 0;
    GenerationCallbacks callbacks;
    callbacks.onImage = [&](GeneratedImage&& image) {
      QVERIFY(!image.image.empty());
      ++images;
    };
    sd->generate(tinyRequest(), callbacks);  // SIGBUS here before weights were copied at load
    QCOMPARE(images, 1);

    // Loading it now says which file is wrong.
    try {
      StableDiffusion::load(model, DevicePreference::Cpu);
      QFAIL("a model with emptied weight files loaded");
    } catch (const Error& e) {
      QVERIFY2(std::string(e.what()).find(".safetensors") != std::string::npos, e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestModelFileChanges)
#include "test_model_file_changes.moc"
