// Every sampler spelling of A1111, ComfyUI (current names, the older
// k-diffusion "sample_*" names, sampler_name + scheduler pairs), Fooocus,
// InvokeAI (2.x "k_*", 3.x+ with "_k" for Karras) and NovelAI maps to our
// scheduler when we have it, falls back with a warning when only the
// schedule is missing, and is reported as unavailable otherwise.
#include <QtTest>

#include "core/metadata/sampler_names.h"

class TestSamplerNames : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void names_data() {
    QTest::addColumn<QString>("sampler");
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<QString>("id");      // "" = not available
    QTest::addColumn<bool>("warned");
    // A1111, old and new spellings
    QTest::newRow("a1111 DPM++ 2M Karras") << "DPM++ 2M Karras" << "" << "dpmpp_2m_karras" << false;
    QTest::newRow("a1111 DPM++ 2M+Karras") << "DPM++ 2M" << "Karras" << "dpmpp_2m_karras" << false;
    QTest::newRow("a1111 Euler a") << "Euler a" << "Automatic" << "euler_ancestral" << false;
    QTest::newRow("a1111 PLMS") << "PLMS" << "" << "pndm" << false;
    QTest::newRow("a1111 DPM++ SDE") << "DPM++ SDE" << "Karras" << "" << true;
    QTest::newRow("a1111 LMS Karras") << "LMS Karras" << "" << "lms" << true;
    QTest::newRow("a1111 DPM++ 2M SDE Karras") << "DPM++ 2M SDE Karras" << "" << "" << true;
    QTest::newRow("a1111 DPM++ 2M Normal") << "DPM++ 2M" << "Normal" << "dpmpp_2m" << false;
    QTest::newRow("a1111 UniPC") << "UniPC" << "Automatic" << "unipc" << false;
    QTest::newRow("a1111 DDPM") << "DDPM" << "" << "ddpm" << false;
    // ComfyUI / Fooocus sampler_name + scheduler
    QTest::newRow("comfy dpmpp_2m karras") << "dpmpp_2m" << "karras" << "dpmpp_2m_karras" << false;
    QTest::newRow("comfy dpmpp_2m normal") << "dpmpp_2m" << "normal" << "dpmpp_2m" << false;
    QTest::newRow("comfy dpmpp_2m simple") << "dpmpp_2m" << "simple" << "dpmpp_2m" << true;
    QTest::newRow("comfy euler normal") << "euler" << "normal" << "euler" << false;
    QTest::newRow("comfy euler karras") << "euler" << "karras" << "euler" << true;
    QTest::newRow("comfy euler_ancestral") << "euler_ancestral" << "normal" << "euler_ancestral" << false;
    QTest::newRow("comfy heun") << "heun" << "normal" << "heun" << false;
    QTest::newRow("comfy lms") << "lms" << "normal" << "lms" << false;
    QTest::newRow("comfy ddim") << "ddim" << "ddim_uniform" << "ddim" << true;
    QTest::newRow("comfy ddpm") << "ddpm" << "normal" << "ddpm" << false;
    QTest::newRow("comfy uni_pc") << "uni_pc" << "normal" << "unipc" << false;
    QTest::newRow("comfy uni_pc_bh2") << "uni_pc_bh2" << "normal" << "unipc" << false;
    QTest::newRow("comfy dpmpp_sde") << "dpmpp_sde" << "normal" << "" << true;
    QTest::newRow("fooocus dpmpp_2m_sde_gpu") << "dpmpp_2m_sde_gpu" << "karras" << "" << true;
    // ComfyUI's older k-diffusion function names
    QTest::newRow("sample_dpmpp_2m") << "sample_dpmpp_2m" << "normal" << "dpmpp_2m" << false;
    QTest::newRow("sample_dpmpp_2m karras") << "sample_dpmpp_2m" << "karras" << "dpmpp_2m_karras" << false;
    QTest::newRow("sample_euler") << "sample_euler" << "normal" << "euler" << false;
    QTest::newRow("sample_euler_ancestral") << "sample_euler_ancestral" << "normal" << "euler_ancestral" << false;
    QTest::newRow("sample_heun") << "sample_heun" << "normal" << "heun" << false;
    QTest::newRow("sample_lms") << "sample_lms" << "normal" << "lms" << false;
    QTest::newRow("sample_dpm_2") << "sample_dpm_2" << "normal" << "" << true;
    QTest::newRow("sample_dpmpp_sde") << "sample_dpmpp_sde" << "simple" << "" << true;
    // InvokeAI 2.x, 3.x+
    QTest::newRow("invoke k_lms") << "k_lms" << "" << "lms" << false;
    QTest::newRow("invoke k_euler_a") << "k_euler_a" << "" << "euler_ancestral" << false;
    QTest::newRow("invoke k_dpmpp_2") << "k_dpmpp_2" << "" << "dpmpp_2m" << false;
    QTest::newRow("invoke ddim") << "ddim" << "" << "ddim" << false;
    QTest::newRow("invoke plms") << "plms" << "" << "pndm" << false;
    QTest::newRow("invoke euler_a") << "euler_a" << "" << "euler_ancestral" << false;
    QTest::newRow("invoke dpmpp_2m_k") << "dpmpp_2m_k" << "" << "dpmpp_2m_karras" << false;
    QTest::newRow("invoke euler_k") << "euler_k" << "" << "euler" << true;
    QTest::newRow("invoke lms_k") << "lms_k" << "" << "lms" << true;
    QTest::newRow("invoke unipc") << "unipc" << "" << "unipc" << false;
    QTest::newRow("invoke pndm") << "pndm" << "" << "pndm" << false;
    QTest::newRow("invoke kdpm_2_a") << "kdpm_2_a" << "" << "" << true;
    // NovelAI
    QTest::newRow("nai k_euler_ancestral") << "k_euler_ancestral" << "native" << "euler_ancestral" << false;
    QTest::newRow("nai k_euler") << "k_euler" << "" << "euler" << false;
    QTest::newRow("nai k_dpmpp_2m karras") << "k_dpmpp_2m" << "karras" << "dpmpp_2m_karras" << false;
    QTest::newRow("nai k_dpmpp_2m exponential") << "k_dpmpp_2m" << "exponential" << "dpmpp_2m" << true;
    QTest::newRow("nai ddim_v3") << "ddim_v3" << "" << "ddim" << false;
    QTest::newRow("nai k_dpmpp_2s_ancestral") << "k_dpmpp_2s_ancestral" << "" << "" << true;
    // sd.cpp
    QTest::newRow("sd.cpp dpm++2m karras") << "dpm++2m karras" << "" << "dpmpp_2m_karras" << false;
    QTest::newRow("sd.cpp euler_a") << "euler_a" << "" << "euler_ancestral" << false;
  }
  void names() {
    QFETCH(QString, sampler);
    QFETCH(QString, schedule);
    QFETCH(QString, id);
    QFETCH(bool, warned);
    std::vector<std::string> warnings;
    const auto found = sd::resolveSamplerOrDefault(sampler.toStdString(), schedule.toStdString(), warnings);
    QCOMPARE(found ? QString::fromStdString(found->id) : QString(), id);
    QCOMPARE(!warnings.empty(), warned);
  }

  void labelKeepsTheFilesSpelling() {
    sd::ImageSettings s;
    sd::applySampler(s, "dpmpp_2m", "karras");
    QCOMPARE(QString::fromStdString(s.samplerName), QString("dpmpp_2m karras"));
    QVERIFY(s.schedulerKnown);
    sd::applySampler(s, "dpmpp_3m_sde", "exponential");
    QVERIFY(!s.schedulerKnown);
    QCOMPARE(QString::fromStdString(s.recipe.schedulerId), QString("dpmpp_3m_sde exponential"));
  }
};

QTEST_GUILESS_MAIN(TestSamplerNames)
#include "test_sampler_names.moc"
