// sdstudio-cli compare (images within a tolerance; gpu-check's yardstick)
// and bench --json (the figures scripts read), run as a user runs them.
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include "support/cli_process.h"

using sd::test::runCli;

namespace {

QString data(const QString& relative) { return QStringLiteral(SD_TEST_DATA_DIR "/") + relative; }
const QString kImageA = data("goldens/per_image/pi_euler_a/p0-s21.png");
const QString kImageB = data("goldens/per_image/pi_euler_a/p0-s22.png");

}  // namespace

class TestCliTools : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void compareSameImage() {
    const auto r = runCli({"compare", kImageA, kImageA});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("same within the tolerance: max 0 levels"), qPrintable(r.out));
  }

  void compareDifferentImagesFailsTheTolerance() {
    const auto r = runCli({"compare", kImageA, kImageB, "--json"});
    QCOMPARE(r.exitCode, 3);
    const auto j = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(j["within_tolerance"].toBool(), false);
    QCOMPARE(j["values"].toInt(), 64 * 64 * 3);
    QVERIFY(j["max_levels"].toInt() > 10);
    QVERIFY(j["share_over_2_levels"].toDouble() > 0.5);
    // Wide enough a tolerance passes the same pair.
    QCOMPARE(runCli({"compare", kImageA, kImageB, "--max-levels", "255"}).exitCode, 0);
    QCOMPARE(runCli({"compare", kImageA, kImageB, "--max-levels", "255", "--share-above", "2", "--max-share", "0.01"})
                 .exitCode,
             3);
  }

  void compareNamesWhatIsWrong() {
    auto r = runCli({"compare", kImageA, data("goldens/tiny-clip/images/img0_rgb_320x240.png")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("differ in size: 64x64 and 320x240"), qPrintable(r.err));
    r = runCli({"compare", kImageA});
    QCOMPARE(r.exitCode, 2);  // a usage error
    QVERIFY2(r.err.contains("'compare' needs exactly 2 images (A and B)"), qPrintable(r.err));
    r = runCli({"compare", kImageA, data("missing.png")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("missing.png: no such file"), qPrintable(r.err));
  }

  void benchJsonHasEveryFigure() {
    const auto r = runCli({"bench", "--model", data("tiny-sd"), "--device", "cpu", "--width", "64", "--height", "64",
                           "--steps", "2", "--repeats", "1", "--json"});
    QCOMPARE(r.exitCode, 0);
    QJsonParseError error;
    const auto j = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(r.out));
    for (const char* key : {"load_s", "text_encode_s", "unet_cfg_step_s", "vae_decode_s", "whole_s", "preview_ms",
                            "peak_rss_mb", "cancel_wait_unet_s", "cancel_wait_decode_s"})
      QVERIFY2(j[key].toDouble() > 0, key);
    QCOMPARE(j["peak_cuda_mb"].toDouble(), 0.0);
    QCOMPARE(j["steps"].toInt(), 2);
    QCOMPARE(j["device"].toString(), QString("cpu"));
    QCOMPARE(j["dtype"].toString(), QString("float32"));
    QVERIFY(j["threads"].toInt() >= 1);
    QVERIFY(!j["torch_version"].toString().isEmpty());
    QVERIFY(!j.contains("unet_cfg_step_512_s"));  // only measured at 512²
    QVERIFY2(r.err.contains("UNet forward"), "the human table goes to stderr");
    QCOMPARE(j["trajectory_point_s"].toDouble(), 0.0);  // measured only with --clip
    // A1111's model hash: read and hashed, then from the hash cache.
    for (const char* key : {"model_hash_s", "model_hash_cached_s"}) QVERIFY2(j[key].toDouble() > 0, key);
    QVERIFY2(r.err.contains("model hash (from the hash cache)"), qPrintable(r.err));
  }

  void benchTimesATrajectoryPointWithClip() {
    const auto r = runCli({"bench", "--model", data("tiny-sd"), "--clip", data("tiny-clip"), "--device", "cpu",
                           "--width", "64", "--height", "64", "--steps", "1", "--repeats", "1", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QJsonDocument::fromJson(r.out.toUtf8()).object()["trajectory_point_s"].toDouble() > 0);
    QVERIFY2(r.err.contains("score trajectory point"), qPrintable(r.err));
  }
};

QTEST_GUILESS_MAIN(TestCliTools)
#include "test_cli_tools.moc"
