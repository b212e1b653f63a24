// CLIP's image path against transformers' CLIPImageProcessor (goldens in
// tests/data/goldens/tiny-clip, made with transformers 4.39 + Pillow 9.4):
// the PIL bicubic resize and the center crop must match byte for byte and
// pixel_values exactly (tolerance 0). Also: picture files a user may drop
// in, good and bad.
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <ATen/ops/from_blob.h>

#include "core/image/clip_preprocess.h"
#include "core/image/image_io.h"
#include "core/image/pil_resize.h"
#include "core/image/png_io.h"
#include "core/util/error.h"
#include "image_forge.h"
#include "support/golden.h"

using namespace sd;

namespace {

const char* const kImages[] = {"img0_rgb_320x240.png", "img1_rgb_181x263.png", "img2_gray_256x256.png",
                               "img3_rgba_150x100.png"};

std::filesystem::path imagePath(int i) { return test::dataPath(std::string("goldens/tiny-clip/images/") + kImages[i]); }

// Max |Δ| between an RgbImage and a golden HWC uint8 tensor (-1: shape differs).
int maxLevelDifference(const RgbImage& image, const at::Tensor& golden) {
  if (golden.dim() != 3 || golden.size(0) != image.height || golden.size(1) != image.width || golden.size(2) != 3)
    return -1;
  const auto bytes = golden.contiguous();
  const auto* expected = bytes.data_ptr<uint8_t>();
  int worst = 0;
  for (std::size_t i = 0; i < image.pixels.size(); ++i) worst = std::max(worst, std::abs(image.pixels[i] - expected[i]));
  return worst;
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

class TestClipImages : public QObject {
  Q_OBJECT
  std::map<std::string, at::Tensor> m_golden;
  ClipImageProcessorConfig m_config;
  QTemporaryDir m_dir;

  std::filesystem::path temp(const std::string& name) { return m_dir.filePath(QString::fromStdString(name)).toStdString(); }

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(m_dir.isValid());
    m_golden = test::loadGolden("goldens/tiny-clip/clip.safetensors");
    m_config = readClipImageProcessorConfig(test::dataPath("tiny-clip/preprocessor_config.json"));
  }

  void configIsClips() {
    QCOMPARE(m_config.shortestEdge, 224);
    QCOMPARE(m_config.cropHeight, 224);
    QCOMPARE(m_config.cropWidth, 224);
    QCOMPARE(m_config.imageMean[1], 0.4578275f);
    QCOMPARE(m_config.imageStd[2], 0.27577711f);
  }

  void resizeSizesTruncate() {
    QCOMPARE(shortestEdgeResizeSize(320, 240, 224), (std::pair{298, 224}));  // 298.67 → 298
    QCOMPARE(shortestEdgeResizeSize(181, 263, 224), (std::pair{224, 325}));
    QCOMPARE(shortestEdgeResizeSize(150, 100, 224), (std::pair{336, 224}));
    QCOMPARE(shortestEdgeResizeSize(1, 1, 224), (std::pair{224, 224}));
  }

  void stagesMatchTransformers_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < 4; ++i) QTest::newRow(kImages[i]) << i;
  }
  void stagesMatchTransformers() {
    QFETCH(int, index);
    const auto prefix = "image" + std::to_string(index) + ".";
    const auto out = preprocessForClip(loadRgbImage(imagePath(index)), m_config);
    const int resized = maxLevelDifference(out.resized, test::tensorOf(m_golden, prefix + "resized_uint8"));
    const int cropped = maxLevelDifference(out.cropped, test::tensorOf(m_golden, prefix + "cropped_uint8"));
    qInfo("%s: resized max |d| %d levels, cropped %d", kImages[index], resized, cropped);
    QCOMPARE(resized, 0);
    QCOMPARE(cropped, 0);
    const auto pixels = at::from_blob(const_cast<float*>(out.pixelValues.data()), {3, out.height, out.width}, at::kFloat);
    const auto expected = test::tensorOf(m_golden, "pixel_values")[index];
    const auto d = test::compare(pixels, expected);
    qInfo("%s: pixel_values %s", kImages[index], d.describe().c_str());
    QVERIFY(d.shapesMatch);
    QCOMPARE(d.maxAbs, 0.0);  // bit-exact
  }

  // Pillow's LANCZOS (diffusers' init-image resize) and BICUBIC on other
  // sizes than CLIP's: byte for byte (goldens/resize, Pillow 13).
  void resizeMatchesPillow_data() {
    QTest::addColumn<int>("index");
    const auto cases = test::loadGoldenJson("goldens/resize/resize.json").at("cases");
    for (int i = 0; i < static_cast<int>(cases.size()); ++i)
      QTest::newRow(cases[i].at("expected").get<std::string>().c_str()) << i;
  }

  void resizeMatchesPillow() {
    QFETCH(int, index);
    const auto c = test::loadGoldenJson("goldens/resize/resize.json").at("cases").at(index);
    const auto source = loadRgbImage(test::dataPath(c.at("source").get<std::string>()));
    const auto expected = readPng(test::dataPath(c.at("expected").get<std::string>())).image;
    const auto filter = c.at("filter") == "lanczos" ? PilFilter::Lanczos : PilFilter::Bicubic;
    const auto out = pilResize(source, c.at("width").get<int>(), c.at("height").get<int>(), filter);
    QCOMPARE(out.width, expected.width);
    QCOMPARE(out.height, expected.height);
    QVERIFY(out.pixels == expected.pixels);
  }

  // loadRgbImage decodes through OpenCV where the build has it, otherwise
  // through libpng (SDSTUDIO_WITH_OPENCV=OFF): both must see a PNG alike.
  void pngDecodersAgree() {
    for (int i = 0; i < 4; ++i) {
      const auto decoded = loadRgbImage(imagePath(i));
      const auto png = readPng(imagePath(i)).image;
      QCOMPARE(decoded.width, png.width);
      QVERIFY2(decoded.pixels == png.pixels, kImages[i]);
    }
  }

  void resizeRejectsBadSizes() {
    const auto image = RgbImage::blank(4, 4);
    QVERIFY_THROWS_EXCEPTION(Error, pilResizeBicubic(image, 0, 4));
    QVERIFY_THROWS_EXCEPTION(Error, pilResizeBicubic(RgbImage{}, 4, 4));
  }

  void centerCropPadsSmallImages() {
    // transformers pads with zeros (centred, extra row/column first) when
    // the image is smaller than the crop.
    RgbImage image = RgbImage::blank(1, 1);
    image.pixels = {10, 20, 30};
    const auto out = centerCrop(image, 4, 3);
    QCOMPARE(out.width, 4);
    QCOMPARE(out.height, 3);
    QCOMPARE(int(out.row(1)[2 * 3]), 10);  // ceil(3/2) = 2 columns, ceil(2/2) = 1 row of padding first
    QCOMPARE(int(out.row(0)[0]), 0);
  }

  void onePixelImageUpscales() {
    const auto path = temp("one.png");
    test::writeBytes(path, test::forgePng(1, 1, 8, test::PngColor::Rgb, {200, 100, 50}));
    const auto image = loadRgbImage(path);
    QCOMPARE(image.width, 1);
    const auto out = preprocessForClip(image, m_config);
    QCOMPARE(out.cropped.width, 224);
    for (std::size_t i = 0; i < out.cropped.pixels.size(); i += 3) QCOMPARE(int(out.cropped.pixels[i + 1]), 100);
  }

  // Issue 30, item 8: a damaged IHDR (a flipped height byte, the CRC left
  // as it was) is named as damage, not as an image "too large (64x16777280)".
  void damagedHeaderIsNamedAsSuch() {
    const auto path = temp("damaged.png");
    auto bytes = test::forgePng(64, 64, 8, test::PngColor::Rgb, std::vector<uint16_t>(64 * 64 * 3, 7));
    bytes[21] = 0xFF;  // the height's second byte
    test::writeBytes(path, bytes);
    try {
      loadRgbImage(path);
      QFAIL("a damaged header was accepted");
    } catch (const Error& e) {
      QVERIFY2(QString(e.what()).contains("the PNG header (IHDR) is damaged"), e.what());
    }
  }

  void sixteenBitKeepsHighByte() {
    const auto path = temp("rgb16.png");
    test::writeBytes(path, test::forgePng(2, 1, 16, test::PngColor::Rgb, {0xFFFF, 0x8001, 0x00FF, 0x1234, 0, 0xABCD}));
    const auto image = loadRgbImage(path);
    QCOMPARE(image.pixels, (std::vector<uint8_t>{0xFF, 0x80, 0x00, 0x12, 0x00, 0xAB}));
    const auto gray = temp("gray16.png");
    test::writeBytes(gray, test::forgePng(1, 1, 16, test::PngColor::Gray, {0x7F80}));
    QCOMPARE(loadRgbImage(gray).pixels, (std::vector<uint8_t>{0x7F, 0x7F, 0x7F}));
  }

  void alphaIsDroppedNotComposited() {
    const auto la = temp("la.png");
    test::writeBytes(la, test::forgePng(1, 1, 8, test::PngColor::GrayAlpha, {77, 0}));  // fully transparent
    QCOMPARE(loadRgbImage(la).pixels, (std::vector<uint8_t>{77, 77, 77}));
    const auto la16 = temp("la16.png");
    test::writeBytes(la16, test::forgePng(1, 1, 16, test::PngColor::GrayAlpha, {0x2000, 0x1000}));
    QCOMPARE(loadRgbImage(la16).pixels, (std::vector<uint8_t>{0x20, 0x20, 0x20}));
    const auto rgba = temp("rgba.png");
    test::writeBytes(rgba, test::forgePng(1, 1, 8, test::PngColor::Rgba, {1, 2, 3, 0}));
    QCOMPARE(loadRgbImage(rgba).pixels, (std::vector<uint8_t>{1, 2, 3}));
  }

  void cmykJpegIsConverted() {
    if (!decodesAllImageFormats()) QSKIP("this build reads PNG only (SDSTUDIO_WITH_OPENCV=OFF)");
    if (!test::canForgeCmykJpeg()) QSKIP("libjpeg was not found at configure time: no CMYK JPEG can be made");
    // Adobe-inverted samples (c, m, y, k) = (255, 128, 0, 255): no black,
    // i.e. RGB ≈ (255, 128, 0) in both PIL's and OpenCV's conversion.
    const uint8_t cmyk[4] = {255, 128, 0, 255};
    const auto path = temp("cmyk.jpg");
    test::writeBytes(path, test::forgeCmykJpeg(16, 16, cmyk));
    const auto image = loadRgbImage(path);
    QCOMPARE(image.width, 16);
    const int expected[3] = {255, 128, 0};
    for (int ch = 0; ch < 3; ++ch) QVERIFY2(std::abs(image.row(8)[8 * 3 + ch] - expected[ch]) <= 3, "CMYK → RGB");
  }

  void badFilesAreNamed() {
    const auto missing = temp("missing.png");
    QVERIFY(errorOf([&] { loadRgbImage(missing); }).find(missing.string() + ": no such file") != std::string::npos);
    const auto empty = temp("empty.png");
    std::ofstream(empty).close();
    QVERIFY(errorOf([&] { loadRgbImage(empty); }).find("empty") != std::string::npos);
    const auto text = temp("text.png");
    std::ofstream(text) << "not an image at all";
    QVERIFY(errorOf([&] { loadRgbImage(text); }).find(text.string() + ": cannot decode") != std::string::npos);
    QVERIFY(errorOf([&] { loadRgbImage(m_dir.path().toStdString()); }).find("is not a file") != std::string::npos);
  }

  void truncatedPngIsRejected() {
    std::ifstream in(imagePath(0), std::ios::binary);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    bytes.resize(bytes.size() / 2);
    const auto path = temp("truncated.png");
    test::writeBytes(path, bytes);
    const auto message = errorOf([&] { loadRgbImage(path); });
    QVERIFY2(message.find(path.string() + ": cannot decode") != std::string::npos, message.c_str());
  }

  void hugeHeadersAreRefusedBeforeDecoding() {
    const auto wide = temp("wide.png");
    test::writeBytes(wide, test::forgePngHeaderOnly(20000, 10));
    auto message = errorOf([&] { loadRgbImage(wide); });
    QVERIFY2(message.find("too large (20000x10)") != std::string::npos, message.c_str());
    const auto many = temp("many.png");
    test::writeBytes(many, test::forgePngHeaderOnly(12000, 12000));  // 144 MP, each side allowed
    message = errorOf([&] { loadRgbImage(many); });
    QVERIFY2(message.find("too large") != std::string::npos && message.find(many.string()) == 0, message.c_str());
    const auto zero = temp("zero.png");
    test::writeBytes(zero, test::forgePngHeaderOnly(0, 10));
    message = errorOf([&] { loadRgbImage(zero); });
    QVERIFY2(message.find("zero size") != std::string::npos, message.c_str());
    // Limits are a parameter: a small decoded image over a tiny limit.
    message = errorOf([&] { loadRgbImage(imagePath(0), {100, 1'000'000}); });
    QVERIFY2(message.find("too large (320x240)") != std::string::npos, message.c_str());
  }

  void processorConfigErrorsNameTheFile() {
    const auto path = temp("preprocessor_config.json");
    std::ofstream(path) << R"({"resample": 2, "size": 224})";
    auto message = errorOf([&] { readClipImageProcessorConfig(path); });
    QVERIFY2(message.find(path.string()) == 0 && message.find("resample") != std::string::npos, message.c_str());
    std::ofstream(path) << R"({"size": {"shortest_edge": 256}, "crop_size": {"height": 240, "width": 200}})";
    const auto c = readClipImageProcessorConfig(path);
    QCOMPARE(c.shortestEdge, 256);
    QCOMPARE(c.cropWidth, 200);
  }
};

QTEST_GUILESS_MAIN(TestClipImages)
#include "test_clip_images.moc"
