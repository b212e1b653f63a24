#include "ui/panels/preview_panel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/painting/image_convert.h"
#include "ui/widgets/image_view.h"

namespace sd::ui {

PreviewPanel::PreviewPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("PreviewPanel");
  m_view = new ImageView;
  m_view->setObjectName("previewView");
  m_view->setPlaceholder(tr("The image forms here while it renders.\n\nType a prompt and press Ctrl+Enter."));
  m_decode = new QCheckBox(tr("VAE preview every"));
  m_decode->setObjectName("previewDecode");
  m_decode->setToolTip(tr("Sharper previews at the cost of a VAE decode (slow on CPU); otherwise a fast linear "
                          "preview of the latents every step"));
  m_every = new QSpinBox;
  m_every->setRange(1, 50);
  m_every->setSuffix(tr(" steps"));
  QSettings s;
  m_decode->setChecked(s.value("preview/decode", false).toBool());
  m_every->setValue(s.value("preview/every", 5).toInt());
  m_every->setEnabled(m_decode->isChecked());

  auto* options = new QHBoxLayout;
  options->addWidget(m_decode);
  options->addWidget(m_every);
  options->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(m_view, 1);
  layout->addLayout(options);

  connect(m_decode, &QCheckBox::toggled, m_every, &QWidget::setEnabled);
  connect(m_decode, &QCheckBox::toggled, this, [](bool on) { QSettings().setValue("preview/decode", on); });
  connect(m_every, qOverload<int>(&QSpinBox::valueChanged), this,
          [](int n) { QSettings().setValue("preview/every", n); });
}

int PreviewPanel::decodeEvery() const { return m_decode->isChecked() ? m_every->value() : 0; }

void PreviewPanel::showStep(const StepProgress& progress) {
  ++m_stepsShown;
  m_last = progress;
  if (!progress.preview.empty()) m_view->setImage(toQImage(progress.preview));
  m_view->setCaption(tr("Image %1/%2 · step %3/%4 · %5")
                         .arg(progress.imageNumber)
                         .arg(progress.imageCount)
                         .arg(progress.step)
                         .arg(progress.steps)
                         .arg(progress.previewDecoded ? tr("VAE decode") : tr("latent preview")));
}

void PreviewPanel::showFinished(const QImage& image, const QString& caption) {
  m_view->setImage(image);
  m_view->setCaption(caption);
}

void PreviewPanel::showCancelled() {
  m_view->setImage({});
  m_view->setCaption(m_stepsShown == 0 ? tr("Cancelled before the first step")
                                       : tr("Cancelled at step %1/%2 of image %3/%4 (not kept)")
                                             .arg(m_last.step).arg(m_last.steps)
                                             .arg(m_last.imageNumber).arg(m_last.imageCount));
}

QString PreviewPanel::caption() const { return m_view->caption(); }

void PreviewPanel::clear() {
  m_stepsShown = 0;
  m_last = {};
  m_view->setImage({});
  m_view->setCaption({});
}

}  // namespace sd::ui
