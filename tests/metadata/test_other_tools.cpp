// Images written by other tools (tests/data/other-tools, from sd-parsers'
// test corpus), read through the same path as `sdstudio-cli info` and the
// window: each must give the prompt, negative prompt, seed, steps, CFG,
// sampler, size and model that sd-parsers' own tests state for it.
#include <QtTest>

#include <string>

#include "core/metadata/settings_reader.h"
#include "core/metadata/settings_report.h"
#include "core/util/error.h"

namespace {

std::string corpusPath(const char* name) { return std::string(SD_TEST_DATA_DIR) + "/other-tools/" + name; }
QString q(const std::string& s) { return QString::fromStdString(s); }

bool warned(const sd::ImageSettings& s, const QString& part) {
  for (const auto& w : s.warnings)
    if (q(w).contains(part)) return true;
  return false;
}

const char* kInvokePrompt =
    "professional full body photo of young woman, hyper long brunette hair, elegant hair, wearing a bikini top and "
    "asymmetric short skirt, curvy body, long legs, (imperfect skin), detailed skin, intense freckles, super long eye "
    "lashes, at night, outside, city background, 8k ultra detailed, realistic, high quality, film grain, low contrast";
const char* kNovelAiNegative =
    "lowres, bad anatomy, bad hands, text, error, missing fingers, extra digit, fewer digits, cropped, worst quality, "
    "low quality, normal quality, jpeg artifacts, signature, watermark, username, blurry, lowres, bad anatomy, bad "
    "hands, text, error, missing fingers, extra digit, fewer digits, cropped, worst quality, low quality, normal "
    "quality, jpeg artifacts, signature, watermark, username, blurry";
const char* kNightNegative =
    "(hands), text, error, cropped, (worst quality:1.2), (low quality:1.2), normal quality, (jpeg artifacts:1.3), "
    "signature, watermark, username, blurry, artist name, monochrome, sketch, censorship, censor, (copyright:1.2), "
    "extra legs, (forehead mark) (depth of field) (emotionless) (penis) (pumpkin)";

}  // namespace

class TestOtherTools : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // size "" = sd-parsers states none (a cropped img2img/NovelAI image):
  // we must then say so instead of inventing one. scheduler "" = a sampler
  // we do not have, reported as such.
  void corpus_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("carrier");
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("negative");
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<int>("steps");
    QTest::addColumn<double>("cfg");
    QTest::addColumn<QString>("sampler");
    QTest::addColumn<QString>("scheduler");
    QTest::addColumn<QString>("size");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("hash");
    const QString duck = "photo of a duck", duckModel = "realistic_realisticVisionV20_v20";
    QTest::newRow("A1111 PNG") << "automatic1111_cropped.png" << "a1111" << "PNG text" << duck << "monochrome"
                               << quint64(235284042) << 15 << 5.0 << "UniPC" << "unipc" << "512x400" << duckModel << "c0d1994c73";
    QTest::newRow("A1111 JPEG") << "automatic1111_cropped.jpg" << "a1111" << "EXIF UserComment" << duck << "monochrome"
                                << quint64(235284042) << 15 << 5.0 << "UniPC" << "unipc" << "512x400" << duckModel << "c0d1994c73";
    QTest::newRow("A1111 zTXt after IDAT") << "text_after_idat.png" << "a1111" << "PNG text" << duck << "monochrome"
                                           << quint64(235284042) << 15 << 5.0 << "UniPC" << "unipc" << "512x400" << duckModel
                                           << "c0d1994c73";
    QTest::newRow("A1111 stealth") << "automatic1111_stealth.png" << "a1111" << "stealth alpha, gzip" << "a circle" << "a square"
                                   << quint64(2015833630) << 20 << 7.0 << "Euler" << "euler" << "64x64"
                                   << "realisticVisionV51_v51VAE" << "15012c538f";
    QTest::newRow("ComfyUI img2img") << "img2img_cropped.png" << "comfyui" << "PNG text"
                                     << "photograph of victorian woman with wings, sky clouds, meadow grass" << "watermark, text"
                                     << quint64(280823642470253) << 20 << 8.0 << "sample_dpmpp_2m normal" << "dpmpp_2m" << ""
                                     << "v1-5-pruned-emaonly.ckpt" << "";
    QTest::newRow("ComfyUI two passes") << "night_evening_day_morning_cropped.png" << "comfyui" << "PNG text"
                                        << "(best quality) (night:1.3) (darkness) sky (black) (stars:1.2) (galaxy:1.2) (space) (universe)\n"
                                           "(best quality) (evening:1.2) (sky:1.2) (clouds) (colorful) (HDR:1.2) (sunset:1.3)\n"
                                           "(best quality) (daytime:1.2) sky (blue)\n"
                                           "(masterpiece) (best quality) morning sky\n"
                                           "(masterpiece) (best quality) beautiful landscape breathtaking amazing view nature "
                                           "photograph forest mountains ocean (sky) national park scenery"
                                        << kNightNegative << quint64(335608130539327) << 13 << 8.5 << "dpmpp_sde normal" << ""
                                        << "704x1280" << "Anything-V3.0.ckpt" << "";
    QTest::newRow("Fooocus") << "fooocus1_cropped.png" << "fooocus" << "PNG text" << "a smiling goldfish" << ""
                             << quint64(6952411511246973023ull) << 30 << 4.0 << "dpmpp_2m_sde_gpu karras" << "" << "768x1280"
                             << "juggernautXL_v8Rundiffusion" << "aeb7e9e689";
    QTest::newRow("InvokeAI dream") << "invokeai_dream1.png" << "invokeai" << "PNG text" << kInvokePrompt
                                    << "rendering, glowing eyes, skinny" << quint64(2980747362) << 50 << 5.0 << "k_lms" << "lms"
                                    << "512x768" << "" << "";
    QTest::newRow("InvokeAI sd-metadata") << "invokeai_sdmeta1.png" << "invokeai" << "PNG text" << kInvokePrompt
                                          << "rendering, glowing eyes, skinny" << quint64(2980747362) << 50 << 5.0 << "k_lms"
                                          << "lms" << "512x768" << "deliberateForInvoke_v08"
                                          << "56d1442a0feefd64836a19ac8e3527ec71c884fc962e246ddf67b03e42921272";
    QTest::newRow("InvokeAI invokeai_metadata")
        << "invokeai_imeta1.png" << "invokeai" << "PNG text" << "digital artwork, oil painting. painterly brushstrokes, holidays,"
        << "grainy+, photo, oversaturated, overexposed, blurry, compressed jpg+, noisy++, unfocused , black and white"
        << quint64(3293022630) << 35 << 8.0 << "euler" << "euler" << "1024x1024" << "juggernautXL" << "";
    QTest::newRow("NovelAI") << "novelai1_cropped.png" << "novelai" << "PNG text" << "masterpiece, best quality,  cat, space, icon"
                             << kNovelAiNegative << quint64(2253955223) << 50 << 10.0 << "k_euler_ancestral" << "euler_ancestral"
                             << "" << "Stable Diffusion" << "1D44365E";
  }
  void corpus() {
    QFETCH(QString, file);
    QFETCH(QString, source);
    QFETCH(QString, carrier);
    QFETCH(QString, prompt);
    QFETCH(QString, negative);
    QFETCH(quint64, seed);
    QFETCH(int, steps);
    QFETCH(double, cfg);
    QFETCH(QString, sampler);
    QFETCH(QString, scheduler);
    QFETCH(QString, size);
    QFETCH(QString, model);
    QFETCH(QString, hash);
    const auto s = sd::readSettings(corpusPath(file.toUtf8().constData()));
    const auto& r = s.recipe;
    const QByteArray report = QByteArray::fromStdString(sd::formatSettingsText(s));
    QVERIFY2(sd::hasRecipe(s), report.constData());
    QCOMPARE(q(sd::sourceName(s.source)), source);
    QCOMPARE(q(s.carrier), carrier);
    QCOMPARE(q(r.prompt), prompt);
    QCOMPARE(q(r.negativePrompt), negative);
    QCOMPARE(quint64(r.seed), seed);
    QCOMPARE(r.steps, steps);
    QCOMPARE(r.cfgScale, cfg);
    QCOMPARE(q(s.samplerName), sampler);
    QCOMPARE(s.schedulerKnown, !scheduler.isEmpty());
    if (!scheduler.isEmpty()) QCOMPARE(q(r.schedulerId), scheduler);
    else QVERIFY2(warned(s, "is not available in SD Studio"), report.constData());
    QCOMPARE(s.sizeKnown, !size.isEmpty());
    if (size.isEmpty()) QVERIFY2(warned(s, "size not recorded"), report.constData());
    else QCOMPARE(QString("%1x%2").arg(r.width).arg(r.height), size);
    QCOMPARE(q(r.modelName), model);
    QCOMPARE(q(r.modelHash), hash);
  }

  // What the rows above do not cover: the settings beyond the common ones.
  void extras() {
    const auto stealth = sd::readSettings(corpusPath("automatic1111_stealth.png"));
    QCOMPARE(stealth.recipe.clipSkip, 2);
    const auto img2img = sd::readSettings(corpusPath("img2img_cropped.png"));
    QVERIFY(img2img.recipe.denoisingStrength.has_value());
    QCOMPARE(*img2img.recipe.denoisingStrength, 0.8700000000000001);
    const auto night = sd::readSettings(corpusPath("night_evening_day_morning_cropped.png"));
    QCOMPARE(night.recipe.clipSkip, 2);  // CLIPSetLastLayer -2
    QVERIFY(warned(night, "runs 2 samplers"));
    QVERIFY(warned(night, "combines 5 prompts"));
    const auto fooocus = sd::readSettings(corpusPath("fooocus1_cropped.png"));
    QCOMPARE(fooocus.recipe.clipSkip, 2);
    QCOMPARE(q(fooocus.tool), QString("Fooocus v2.4.3"));
    const auto sdmeta = sd::readSettings(corpusPath("invokeai_sdmeta1.png"));
    QCOMPARE(q(sdmeta.tool), QString("InvokeAI 2.3.0"));
    const auto novelai = sd::readSettings(corpusPath("novelai1_cropped.png"));
    QVERIFY(!novelai.recipe.denoisingStrength);  // strength 0.4 of a txt2img request
  }

  // ComfyUI graphs sd-parsers states no values for: read without a throw,
  // their k-diffusion and UniPC names mapped.
  void comfyWithoutExpectations() {
    const auto unclip = sd::readSettings(corpusPath("unclip_2pass_cropped.png"));
    QCOMPARE(unclip.source, sd::SettingsSource::ComfyUi);
    QCOMPARE(q(unclip.recipe.schedulerId), QString("unipc"));  // uni_pc_bh2
    QCOMPARE(unclip.recipe.seed, quint64(1106257833005336));
    const auto noisy = sd::readSettings(corpusPath("noisy_latents_3_subjects_cropped.png"));
    QCOMPARE(noisy.source, sd::SettingsSource::ComfyUi);
    QVERIFY(!noisy.recipe.prompt.empty());
  }

  void withoutMetadata() {
    for (const char* name : {"empty_image.png", "empty_image.jpg"}) {
      const auto s = sd::readSettings(corpusPath(name));
      QCOMPARE(s.source, sd::SettingsSource::None);
      QVERIFY_THROWS_EXCEPTION(sd::Error, sd::readRecipe(corpusPath(name)));
    }
    try {
      sd::readSettings(corpusPath("empty_file.png"));
      QFAIL("an empty file must not read");
    } catch (const sd::Error& e) {
      QVERIFY2(QString(e.what()).contains("empty_file.png"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestOtherTools)
#include "test_other_tools.moc"
