// The GPU probe's verdicts and its one-line descriptions, against a fake
// NVIDIA driver (tests/nn/fake_nvidia_driver.cpp) whose answers come from
// FAKE_CUDA_* variables: no driver, a usable GPU, a driver too old for the
// bundled CUDA, a GPU older than the build's kernels, a driver that sees no
// GPU, and a CPU-only build on a machine with a GPU.
#include <QtTest>

#include "core/nn/gpu_probe.h"
#include "core/util/build_info.h"

using namespace sd;

namespace {

CudaRequirements cuda128() {
  CudaRequirements needs;
  needs.buildHasCuda = true;
  needs.runtime = "12.8";
  needs.minDriverCuda = 12000;
  needs.minDriverRelease = "525.60.13";
  needs.minComputeCapability = 70;
  needs.kernels = "sm_70 sm_75 sm_80 sm_86 sm_90 sm_100 sm_120";
  return needs;
}

GpuProbe probeFake(const CudaRequirements& needs = cuda128()) {
  return probeNvidiaGpu(needs, FAKE_NVIDIA_DRIVER, FAKE_NVIDIA_DRIVER);
}

}  // namespace

class TestGpuProbe : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void init() {
    for (const char* name : {"FAKE_CUDA_INIT_RESULT", "FAKE_CUDA_DRIVER_VERSION", "FAKE_CUDA_DEVICE_COUNT",
                             "FAKE_CUDA_NAME", "FAKE_CUDA_TOTAL_MB", "FAKE_CUDA_CAPABILITY", "FAKE_NVML_DRIVER",
                             "FAKE_NVML_FREE_MB"})
      qunsetenv(name);
  }

  void noDriverNamesWhatIsMissingAndWhatIsNeeded() {
    const auto probe = probeNvidiaGpu(cuda128(), "libcuda-not-installed.so.1", "libnvml-not-installed.so.1");
    QCOMPARE(int(probe.verdict), int(GpuProbe::Verdict::NoDriver));
    QVERIFY(!probe.usable());
    QCOMPARE(QString::fromStdString(describeGpu(probe, cuda128())),
             QString("No GPU used: no NVIDIA driver was found (libcuda.so.1 is not installed); "
                     "this build's CUDA 12.8 needs driver 525.60.13 or newer"));
  }

  void usableGpuShowsNameMemoryAndDriver() {
    const auto probe = probeFake();
    QCOMPARE(int(probe.verdict), int(GpuProbe::Verdict::Usable));
    QCOMPARE(QString::fromStdString(probe.gpuName), QString("NVIDIA GeForce RTX 3060"));
    QCOMPARE(probe.computeCapability, 86);
    QCOMPARE(probe.totalBytes, std::uint64_t(12288) << 20);
    QCOMPARE(probe.freeBytes, std::uint64_t(11571) << 20);
    QCOMPARE(QString::fromStdString(describeGpu(probe, cuda128())),
             QString("GPU: NVIDIA GeForce RTX 3060 · 12.0 GB, 11.3 GB free · driver 570.86.15 · CUDA 12.8"));
  }

  void driverOlderThanTheBundledRuntimeIsRefused() {
    qputenv("FAKE_CUDA_DRIVER_VERSION", "11040");
    qputenv("FAKE_NVML_DRIVER", "470.256.02");
    const auto probe = probeFake();
    QCOMPARE(int(probe.verdict), int(GpuProbe::Verdict::DriverTooOld));
    QCOMPARE(QString::fromStdString(describeGpu(probe, cuda128())),
             QString("No GPU used: NVIDIA driver 470.256.02 supports CUDA 11.4; "
                     "this build's CUDA 12.8 needs driver 525.60.13 or newer"));
    // The first driver of the 12.x line is enough (minor version compatibility).
    qputenv("FAKE_CUDA_DRIVER_VERSION", "12000");
    QVERIFY(probeFake().usable());
  }

  void gpuOlderThanTheKernelsIsRefused() {
    qputenv("FAKE_CUDA_CAPABILITY", "61");
    qputenv("FAKE_CUDA_NAME", "NVIDIA GeForce GTX 1060 6GB");
    const auto probe = probeFake();
    QCOMPARE(int(probe.verdict), int(GpuProbe::Verdict::GpuTooOld));
    QCOMPARE(QString::fromStdString(describeGpu(probe, cuda128())),
             QString("No GPU used: NVIDIA GeForce GTX 1060 6GB (compute capability 6.1) is older than this "
                     "build's kernels (7.0 or newer)"));
    // A GPU newer than the newest kernels is not refused (PTX, or kernels that still run).
    qputenv("FAKE_CUDA_CAPABILITY", "121");
    QVERIFY(probeFake().usable());
  }

  void driverWithoutGpu() {
    qputenv("FAKE_CUDA_INIT_RESULT", "100");
    const auto probe = probeFake();
    QCOMPARE(int(probe.verdict), int(GpuProbe::Verdict::NoDevice));
    QCOMPARE(QString::fromStdString(describeGpu(probe, cuda128())),
             QString("No GPU used: the NVIDIA driver is installed but sees no GPU: "
                     "no CUDA-capable device is detected (CUDA error 100)"));
    qunsetenv("FAKE_CUDA_INIT_RESULT");
    qputenv("FAKE_CUDA_DEVICE_COUNT", "0");
    QCOMPARE(int(probeFake().verdict), int(GpuProbe::Verdict::NoDevice));
  }

  void cpuOnlyBuildSaysWhichPackageUsesTheGpu() {
    CudaRequirements cpuOnly;
    const auto probe = probeFake(cpuOnly);
    QCOMPARE(int(probe.verdict), int(GpuProbe::Verdict::BuildHasNoCuda));
    QCOMPARE(QString::fromStdString(describeGpu(probe, cpuOnly)),
             QString("No GPU used: NVIDIA GeForce RTX 3060 was found, but this build of SD Studio is CPU-only "
                     "(the sdstudio-cuda package runs on it)"));
    const auto none = probeNvidiaGpu(cpuOnly, "libcuda-not-installed.so.1");
    QCOMPARE(int(none.verdict), int(GpuProbe::Verdict::BuildHasNoCuda));
    QCOMPARE(QString::fromStdString(describeGpu(none, cpuOnly)), QString("No GPU used: this build of SD Studio is CPU-only"));
  }

  // What this build needs follows from the LibTorch it was built against.
  void buildRequirementsComeFromLibTorch() {
    const auto& needs = buildCudaRequirements();
    QCOMPARE(needs.buildHasCuda, std::string(build::kTorchCudaVersion).size() > 0);
    if (!needs.buildHasCuda) return;
    QVERIFY2(needs.minDriverCuda >= 11000, needs.runtime.c_str());
    QVERIFY(!needs.minDriverRelease.empty());
    if (!needs.kernels.empty()) QVERIFY2(needs.minComputeCapability >= 50 && needs.minComputeCapability < 200, needs.kernels.c_str());
  }
};

QTEST_APPLESS_MAIN(TestGpuProbe)
#include "test_gpu_probe.moc"
