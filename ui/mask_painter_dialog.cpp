#include "ui/mask_painter_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/widgets/mask_canvas.h"

namespace sd::ui {

MaskPainterDialog::MaskPainterDialog(const QImage& image, const QImage& mask, int blur, QWidget* parent)
    : QDialog(parent) {
  setObjectName("maskPainter");
  setWindowTitle(tr("Paint the mask: the red area is repainted"));
  m_canvas = new MaskCanvas;
  m_canvas->setImage(image, mask);
  auto* brush = new QRadioButton(tr("Brush"));
  brush->setObjectName("maskBrush");
  brush->setChecked(true);
  brush->setToolTip(tr("Paint what is to be repainted (left button)"));
  m_eraser = new QRadioButton(tr("Eraser"));
  m_eraser->setObjectName("maskEraser");
  m_eraser->setToolTip(tr("Take paint away (the right button always erases)"));
  m_size = new QSpinBox;
  m_size->setObjectName("maskBrushSize");
  m_size->setRange(1, 512);
  m_size->setSuffix(tr(" px"));
  m_size->setToolTip(tr("Brush diameter in pixels of the image ([ and ] change it)"));
  m_size->setValue(QSettings().value("mask/brush", qMax(8, image.width() / 12)).toInt());
  auto* invert = new QPushButton(tr("Invert"));
  invert->setObjectName("maskInvert");
  auto* clear = new QPushButton(tr("Clear"));
  clear->setObjectName("maskClear");
  auto* undo = new QPushButton(tr("Undo"));
  undo->setObjectName("maskUndo");
  undo->setShortcut(QKeySequence::Undo);
  auto* blurred = new QCheckBox(tr("Show blurred (%1 px)").arg(blur));
  blurred->setObjectName("maskShowBlur");
  blurred->setToolTip(tr("Show the mask as the render uses it, after the mask blur"));
  blurred->setEnabled(blur > 0);
  m_coverage = new QLabel;
  m_coverage->setObjectName("maskCoverage");

  auto* tools = new QHBoxLayout;
  for (QWidget* w : std::initializer_list<QWidget*>{brush, m_eraser, new QLabel(tr("Size")), m_size, invert, clear, undo,
                                                    blurred})
    tools->addWidget(w);
  tools->addStretch(1);
  tools->addWidget(m_coverage);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Use mask"));
  buttons->button(QDialogButtonBox::Ok)->setObjectName("maskUse");
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(tools);
  layout->addWidget(m_canvas, 1);
  layout->addWidget(buttons);
  // As large as the image at 1:1 where the screen allows, never off a laptop screen.
  const QSize room = (screen() ? screen()->availableGeometry().size() : QSize(1280, 720)) - QSize(80, 160);
  m_canvas->setMinimumSize(image.size().scaled(room.boundedTo(QSize(1024, 1024)), Qt::KeepAspectRatio)
                               .boundedTo(image.size().expandedTo(QSize(256, 256))));

  connect(m_size, qOverload<int>(&QSpinBox::valueChanged), this, [this](int v) {
    m_canvas->setBrushSize(v);
    QSettings().setValue("mask/brush", v);
  });
  m_canvas->setBrushSize(m_size->value());
  connect(m_eraser, &QRadioButton::toggled, m_canvas, &MaskCanvas::setErasing);
  connect(invert, &QPushButton::clicked, m_canvas, &MaskCanvas::invert);
  connect(clear, &QPushButton::clicked, m_canvas, &MaskCanvas::clear);
  connect(undo, &QPushButton::clicked, m_canvas, &MaskCanvas::undo);
  connect(blurred, &QCheckBox::toggled, this, [this, blur](bool on) { m_canvas->setPreviewBlur(on ? blur : 0); });
  connect(m_canvas, &MaskCanvas::maskChanged, this, &MaskPainterDialog::showCoverage);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  showCoverage();
}

QImage MaskPainterDialog::mask() const { return m_canvas->mask(); }

void MaskPainterDialog::keyPressEvent(QKeyEvent* event) {
  // [ and ] as in Photoshop, GIMP and A1111's canvas: a smaller or larger brush.
  if (event->key() == Qt::Key_BracketLeft || event->key() == Qt::Key_BracketRight) {
    const int step = qMax(1, m_size->value() / 8);
    m_size->setValue(m_size->value() + (event->key() == Qt::Key_BracketRight ? step : -step));
    return;
  }
  QDialog::keyPressEvent(event);
}

void MaskPainterDialog::showCoverage() {
  const double share = m_canvas->coverage();
  m_coverage->setText(share == 0 ? tr("Nothing painted: nothing is repainted")
                                 : tr("%1% of the image is repainted").arg(share * 100, 0, 'f', 1));
}

}  // namespace sd::ui
