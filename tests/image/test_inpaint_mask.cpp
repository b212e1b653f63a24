// Inpainting masks in pixel space: diffusers' binarisation threshold, A1111's
// mask blur, and the "Only masked" crop geometry of A1111's
// modules/masking.py (get_crop_region + expand_crop_region) on worked
// examples, whose expected boxes were computed by those two functions
// restated in Python (numpy), plus the paste back and the request checks.
#include <QtTest>

#include "core/image/inpaint_mask.h"
#include "core/pipeline/generation_request.h"
#include "core/pipeline/inpaint_plan.h"

using namespace sd;

Q_DECLARE_METATYPE(sd::CropRegion)

namespace {

GrayImage box(int width, int height, CropRegion white) {
  GrayImage g{width, height, std::vector<uint8_t>(static_cast<std::size_t>(width) * height, 0)};
  for (int y = white.y1; y < white.y2; ++y)
    for (int x = white.x1; x < white.x2; ++x) g.pixels[static_cast<std::size_t>(y) * width + x] = 255;
  return g;
}

RgbImage flat(int width, int height, uint8_t value) {
  RgbImage image = RgbImage::blank(width, height);
  std::fill(image.pixels.begin(), image.pixels.end(), value);
  return image;
}

}  // namespace

class TestInpaintMask : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void grayIsPillowsL() {
    RgbImage rgb{3, 1, {255, 0, 0, 0, 255, 0, 10, 200, 30}};
    const auto g = toGray(rgb);
    // Pillow 13: Image.new("RGB", …).convert("L") gives 76, 150, 124 for these.
    QCOMPARE(int(g.pixels[0]), 76);
    QCOMPARE(int(g.pixels[1]), 150);
    QCOMPARE(int(g.pixels[2]), 124);
  }

  // Radius r: 2·int(2.5r + 0.5) + 1 taps, sigma r. Radius 4: 21 taps, so a
  // half-white picture spreads exactly 10 pixels into the black half.
  void blurReachAndValues() {
    const auto half = box(64, 8, {0, 0, 32, 8});
    const auto blurred = blurMask(half, 4);
    QCOMPARE(int(blurred.at(21, 3)), 255);
    QCOMPARE(int(blurred.at(22, 3)), 254);
    QCOMPARE(int(blurred.at(31, 3)), 140);
    QCOMPARE(int(blurred.at(32, 3)), 115);
    QCOMPARE(int(blurred.at(41, 3)), 1);
    QCOMPARE(int(blurred.at(42, 3)), 0);
    QVERIFY(blurMask(half, 0).pixels == half.pixels);
    // A tiny picture under a wide kernel: reflected borders, no crash.
    QCOMPARE(int(blurMask(box(2, 2, {0, 0, 2, 2}), 8).at(1, 1)), 255);
  }

  void cropRegion_data() {
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<CropRegion>("white");
    QTest::addColumn<int>("padding");
    QTest::addColumn<int>("renderWidth");
    QTest::addColumn<int>("renderHeight");
    QTest::addColumn<CropRegion>("crop");
    QTest::addColumn<CropRegion>("expanded");
    // masking.py's own example: a 128×32 mask rendered at 512×512 → 128×128.
    QTest::newRow("docstring") << 512 << 512 << CropRegion{200, 240, 328, 272} << 0 << 512 << 512
                               << CropRegion{200, 240, 328, 272} << CropRegion{200, 192, 328, 320};
    QTest::newRow("top edge, clipped") << 256 << 128 << CropRegion{0, 0, 64, 16} << 4 << 64 << 128
                                       << CropRegion{0, 0, 68, 20} << CropRegion{0, 0, 68, 128};
    QTest::newRow("widened") << 200 << 100 << CropRegion{100, 10, 110, 90} << 5 << 512 << 256
                             << CropRegion{95, 5, 115, 95} << CropRegion{15, 5, 195, 95};
    QTest::newRow("shifted from the right edge") << 100 << 100 << CropRegion{90, 40, 100, 60} << 10 << 64 << 64
                                                 << CropRegion{80, 30, 100, 70} << CropRegion{60, 30, 100, 70};
  }

  void cropRegion() {
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(CropRegion, white);
    QFETCH(int, padding);
    QFETCH(int, renderWidth);
    QFETCH(int, renderHeight);
    QFETCH(CropRegion, crop);
    QFETCH(CropRegion, expanded);
    const auto found = maskCropRegion(box(width, height, white), padding);
    QVERIFY(found.has_value());
    QVERIFY(*found == crop);
    QVERIFY(expandCropRegion(*found, renderWidth, renderHeight, width, height) == expanded);
  }

  void emptyMaskHasNoRegion() { QVERIFY(!maskCropRegion(box(16, 16, {0, 0, 0, 0}), 4).has_value()); }

  // The render goes back through the blurred mask: 0 keeps the original,
  // 255 takes the render, between them a blend.
  void pasteBlends() {
    GrayImage mask{4, 1, {0, 255, 128, 255}};
    const auto out = pasteWithMask(flat(4, 1, 100), flat(2, 1, 200), CropRegion{1, 0, 3, 1}, mask);
    QCOMPARE(int(out.pixels[0]), 100);
    QCOMPARE(int(out.pixels[3]), 200);
    QCOMPARE(int(out.pixels[6]), 150);  // 128/255·200 + 127/255·100 = 150.2
    QCOMPARE(int(out.pixels[9]), 100);  // outside the region
  }

  // "Only masked" renders the crop; an all-black mask falls back to the
  // whole picture, as A1111 does.
  void planCropsAroundTheMask() {
    GenerationRequest r;
    r.prompts = {"x"};
    r.width = r.height = 64;
    r.initImage = flat(100, 100, 90);
    r.mask = flat(100, 100, 0);
    for (int y = 40; y < 60; ++y)
      for (int x = 90; x < 100; ++x) std::fill_n(r.mask->row(y) + x * 3, 3, 255);
    r.maskBlur = 0;
    r.inpaintOnlyMasked = true;
    r.onlyMaskedPadding = 10;
    const auto plan = InpaintPlan::make(r);
    QVERIFY(plan.region && *plan.region == (CropRegion{60, 30, 100, 70}));
    QCOMPARE(plan.renderImage.width, 40);
    QCOMPARE(plan.renderMask.height, 40);
    QCOMPARE(plan.finish(flat(64, 64, 90)).width, 100);
    r.mask = flat(100, 100, 0);
    QVERIFY(!InpaintPlan::make(r).region);
  }

  // Issue 31 item 5: the whole picture keeps what lies outside the mask
  // (A1111's overlay: the blurred mask doubled and clipped), resized to the
  // render where it differs; without the overlay the render is returned.
  void wholePictureOverlayKeepsTheRest() {
    GenerationRequest r;
    r.prompts = {"x"};
    r.width = r.height = 64;
    r.initImage = flat(64, 64, 90);
    r.mask = flat(64, 64, 0);
    for (int y = 20; y < 44; ++y)
      for (int x = 20; x < 44; ++x) std::fill_n(r.mask->row(y) + x * 3, 3, 255);
    r.maskBlur = 4;
    const auto plan = InpaintPlan::make(r);
    QVERIFY(!plan.region);
    const auto out = plan.finish(flat(64, 64, 200));
    QCOMPARE(int(out.row(0)[0]), 90);     // far outside: the original
    QCOMPARE(int(out.row(32)[32 * 3]), 200);  // inside: the render
    // At the mask's edge the blur is ~128: doubled, the render fully.
    QCOMPARE(int(out.row(32)[20 * 3]), 200);
    // Half the blur's reach outside: a blend, neither one.
    const int fade = out.row(32)[16 * 3];
    QVERIFY2(fade > 90 && fade < 200, qPrintable(QString::number(fade)));
    r.inpaintOverlay = false;
    QCOMPARE(int(InpaintPlan::make(r).finish(flat(64, 64, 200)).row(0)[0]), 200);
    // An init image of another size than the render: resized to it first.
    r.inpaintOverlay = true;
    r.initImage = flat(100, 100, 90);
    r.mask = flat(100, 100, 0);
    std::fill_n(r.mask->row(50) + 50 * 3, 3, 255);
    const auto resized = InpaintPlan::make(r).finish(flat(64, 64, 200));
    QCOMPARE(resized.width, 64);
    QCOMPARE(int(resized.row(0)[0]), 90);
  }

  void requestChecks_data() {
    QTest::addColumn<int>("maskWidth");
    QTest::addColumn<bool>("withInit");
    QTest::addColumn<bool>("onlyMasked");
    QTest::addColumn<int>("blur");
    QTest::addColumn<QString>("message");
    QTest::newRow("ok") << 64 << true << false << 4 << "";
    QTest::newRow("no init image") << 64 << false << false << 4 << "an inpainting mask needs an init image";
    QTest::newRow("size") << 32 << true << false << 4 << "the inpainting mask is 32×64 but the init image is 64×64";
    QTest::newRow("blur") << 64 << true << false << 65 << "the mask blur must be between 0 and 64";
    QTest::newRow("only masked, no mask: resting") << 0 << true << true << 4 << "";
  }

  void requestChecks() {
    QFETCH(int, maskWidth);
    QFETCH(bool, withInit);
    QFETCH(bool, onlyMasked);
    QFETCH(int, blur);
    QFETCH(QString, message);
    GenerationRequest r;
    r.prompts = {"x"};
    r.width = r.height = 64;
    if (withInit) r.initImage = flat(64, 64, 0);
    if (maskWidth > 0) r.mask = flat(maskWidth, 64, 255);
    r.inpaintOnlyMasked = onlyMasked;
    r.maskBlur = blur;
    try {
      validateRequest(r);
      QVERIFY2(message.isEmpty(), "expected an error");
    } catch (const std::exception& e) {
      QVERIFY2(!message.isEmpty() && QString::fromUtf8(e.what()).contains(message), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestInpaintMask)
#include "test_inpaint_mask.moc"
