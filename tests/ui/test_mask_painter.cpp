// The inpainting mask painter (ui/widgets/mask_canvas.h, ui/mask_painter_dialog.h)
// and the box that carries the mask into the request (ui/panels/init_image_box.h),
// driven with the mouse and keys as a user would.
#include <QApplication>
#include <QCheckBox>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

#include "core/image/inpaint_mask.h"
#include "ui/painting/image_convert.h"
#include "ui/mask_painter_dialog.h"
#include "ui/panels/init_image_box.h"
#include "ui/widgets/mask_canvas.h"

using namespace sd::ui;

namespace {

QImage picture(int w, int h) {
  QImage image(w, h, QImage::Format_RGB888);
  image.fill(QColor(40, 120, 200));
  return image;
}

int maskAt(const QImage& mask, QPoint p) { return qGray(mask.pixel(p)); }

}  // namespace

class TestMaskPainter : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // 256×128 image in a 512×256 canvas: 2 widget pixels per image pixel.
  void paintEraseUndoInvertClear() {
    MaskCanvas canvas;
    canvas.resize(512, 256);
    canvas.setImage(picture(256, 128));
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    QCOMPARE(canvas.imageRect(), QRectF(0, 0, 512, 256));
    QVERIFY(canvas.isEmpty());
    canvas.setBrushSize(10);
    QSignalSpy changed(&canvas, &MaskCanvas::maskChanged);

    QTest::mousePress(&canvas, Qt::LeftButton, {}, QPoint(40, 128));
    QMouseEvent move(QEvent::MouseMove, QPointF(200, 128), QPointF(200, 128), Qt::NoButton, Qt::LeftButton, {});
    QApplication::sendEvent(&canvas, &move);
    QTest::mouseRelease(&canvas, Qt::LeftButton, {}, QPoint(200, 128));
    QCOMPARE(changed.size(), 1);
    QImage mask = canvas.mask();
    QCOMPARE(mask.size(), QSize(256, 128));
    QCOMPARE(maskAt(mask, {20, 64}), 255);   // the stroke's start, in image pixels
    QCOMPARE(maskAt(mask, {60, 64}), 255);   // along it
    QCOMPARE(maskAt(mask, {60, 74}), 0);     // beyond the 10 px brush
    QCOMPARE(maskAt(mask, {150, 64}), 0);    // past its end
    const double painted = canvas.coverage();
    QVERIFY2(painted > 0.024 && painted < 0.031, qPrintable(QString::number(painted)));  // ~90×10 of 256×128

    QTest::mouseClick(&canvas, Qt::RightButton, {}, QPoint(120, 128));  // the right button erases
    QCOMPARE(maskAt(canvas.mask(), {60, 64}), 0);
    QCOMPARE(maskAt(canvas.mask(), {20, 64}), 255);
    canvas.undo();
    QCOMPARE(maskAt(canvas.mask(), {60, 64}), 255);

    canvas.invert();
    QCOMPARE(maskAt(canvas.mask(), {60, 64}), 0);
    QCOMPARE(maskAt(canvas.mask(), {150, 110}), 255);
    canvas.clear();
    QVERIFY(canvas.isEmpty());
    canvas.undo();
    canvas.undo();
    QCOMPARE(canvas.mask(), mask);  // back to the first stroke

    // The blurred preview changes what is shown, never the mask.
    canvas.setPreviewBlur(4);
    QCOMPARE(canvas.mask(), mask);
  }

  void undoIsBounded() {
    MaskCanvas canvas;
    canvas.resize(100, 100);
    canvas.setImage(picture(100, 100));
    canvas.show();
    QVERIFY(QTest::qWaitForWindowExposed(&canvas));
    for (int i = 0; i < MaskCanvas::kUndoLimit + 10; ++i) canvas.invert();
    for (int i = 0; i < MaskCanvas::kUndoLimit + 10; ++i) canvas.undo();
    // 60 inversions, 50 undone: 10 left, an even count, so the mask is empty again.
    QVERIFY(canvas.isEmpty());
  }

  void dialogKeysAndResult() {
    QImage start(160, 120, QImage::Format_Grayscale8);
    start.fill(0);
    start.setPixelColor(5, 5, Qt::white);
    MaskPainterDialog dialog(picture(160, 120), start, 4);
    auto* size = dialog.findChild<QSpinBox*>("maskBrushSize");
    size->setValue(40);
    QTest::keyClick(&dialog, Qt::Key_BracketRight);
    QCOMPARE(size->value(), 45);
    QTest::keyClick(&dialog, Qt::Key_BracketLeft);
    QCOMPARE(dialog.canvas()->brushSize(), 40);
    QCOMPARE(maskAt(dialog.mask(), {5, 5}), 255);  // the mask so far is kept
    dialog.findChild<QPushButton*>("maskInvert")->click();
    QCOMPARE(maskAt(dialog.mask(), {5, 5}), 0);
    QVERIFY(dialog.findChild<QCheckBox*>("maskShowBlur")->isEnabled());
    QVERIFY(!MaskPainterDialog(picture(64, 64), {}, 0).findChild<QCheckBox*>("maskShowBlur")->isEnabled());
  }

  void boxCarriesTheMaskIntoTheRequest() {
    InitImageBox box;
    sd::GenerationRequest r;
    box.applyTo(r);
    QVERIFY(!r.initImage && !r.mask);
    QImage mask(64, 48, QImage::Format_Grayscale8);
    mask.fill(255);
    QVERIFY(!box.setMask(mask));  // no init image to paint over
    box.setInitImage(picture(64, 48), "test");
    QVERIFY(!box.setMask(mask.scaled(32, 24)));  // another size: refused
    QVERIFY(box.setMask(mask));
    box.findChild<QSpinBox*>("maskBlurSpin")->setValue(9);
    box.findChild<QCheckBox*>("onlyMaskedCheck")->setChecked(true);
    box.findChild<QSpinBox*>("onlyMaskedPaddingSpin")->setValue(40);
    box.applyTo(r);
    QVERIFY(r.initImage && r.mask);
    QCOMPARE(r.mask->width, 64);
    QCOMPARE(int(r.mask->pixels[0]), 255);
    QCOMPARE(r.maskBlur, 9);
    QVERIFY(r.inpaintOnlyMasked);
    QCOMPARE(r.onlyMaskedPadding, 40);

    QImage blank(64, 48, QImage::Format_Grayscale8);
    blank.fill(0);
    QVERIFY(box.setMask(blank));
    QVERIFY(!box.hasMask());  // nothing painted is no mask: img2img
    QVERIFY(box.setMask(mask));
    box.setInitImage(picture(64, 48), "another");
    QVERIFY(!box.hasMask());  // painted for another image
    box.applyTo(r);
    QVERIFY(r.initImage && !r.mask);
  }
};

QTEST_MAIN(TestMaskPainter)
#include "test_mask_painter.moc"
