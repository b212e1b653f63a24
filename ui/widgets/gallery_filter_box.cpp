#include "ui/widgets/gallery_filter_box.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>

#include "ui/model/gallery_model.h"

namespace sd::ui {

// QLineEdit takes Ctrl+B, D, E, F, H and K for its Emacs-style editing on
// X11, so with the filter focused Ctrl+E (Export) and Ctrl+K (Lock seed)
// did nothing. The window's shortcuts win over those; Ctrl+A/C/V/X/Z and
// the arrows still edit the query.
bool GalleryFilterBox::eventFilter(QObject* watched, QEvent* event) {
  if (watched == m_edit && event->type() == QEvent::ShortcutOverride) {
    const auto* key = static_cast<QKeyEvent*>(event);
    if (key->modifiers() == Qt::ControlModifier) switch (key->key()) {
        case Qt::Key_B: case Qt::Key_D: case Qt::Key_E: case Qt::Key_F: case Qt::Key_H: case Qt::Key_K:
          event->ignore();
          return true;  // not overridden: the shortcut runs
        default: break;
      }
  }
  return QWidget::eventFilter(watched, event);
}

GalleryFilterBox::GalleryFilterBox(QWidget* parent) : QWidget(parent) {
  m_edit = new QLineEdit;
  m_edit->setObjectName("galleryFilter");
  m_edit->setClearButtonEnabled(true);
  m_edit->setPlaceholderText(tr("e.g. fox -blurry sampler:euler seed:42 margin:20%  (hover for every term)"));
  m_edit->setToolTip(tr(
      "<p>Show only the images that match every term; the comparison view and File ▸ Export use the same "
      "filter.</p><p><b>fox</b>, <b>\"red fox\"</b> words of the prompt · <b>-blurry</b> without · "
      "<b>neg:</b>word the negative prompt · <b>model:</b>name or hash · <b>sampler:</b>euler, "
      "sampler:\"Euler a\" · <b>seed:</b>42, seed:10..20 · <b>size:</b>512x768 · <b>steps:</b>30 · <b>cfg:</b>7 · "
      "<b>date:</b>2026-11-30, 2026-11, today, yesterday · <b>margin:</b>20% (own prompt's probability minus the "
      "best other's, at least)</p><p>Numbers and dates take =, &gt;, &gt;=, &lt;, &lt;=: seed:&gt;=100, "
      "date:&lt;2026-11-01.</p>"));
  m_status = new QLabel;
  m_status->setObjectName("galleryFilterStatus");
  m_status->setMaximumWidth(260);  // a long reason is elided by the tooltip, not widening the window
  m_pause = new QTimer(this);
  m_pause->setSingleShot(true);
  m_pause->setInterval(kPauseMs);
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* label = new QLabel(tr("Filter"));
  label->setBuddy(m_edit);
  layout->addWidget(label);
  layout->addWidget(m_edit, 1);
  layout->addWidget(m_status);
  m_edit->installEventFilter(this);
  connect(m_edit, &QLineEdit::textChanged, m_pause, qOverload<>(&QTimer::start));
  connect(m_pause, &QTimer::timeout, this, &GalleryFilterBox::apply);
  connect(m_edit, &QLineEdit::returnPressed, this, &GalleryFilterBox::apply);
}

void GalleryFilterBox::setModel(GalleryModel* model) {
  m_model = model;
  // The count follows new, removed and re-scored images (margin: terms).
  connect(model, &QAbstractItemModel::rowsInserted, this, &GalleryFilterBox::showStatus);
  connect(model, &QAbstractItemModel::rowsRemoved, this, &GalleryFilterBox::showStatus);
  connect(model, &QAbstractItemModel::modelReset, this, &GalleryFilterBox::showStatus);
  connect(model, &QAbstractItemModel::dataChanged, this, &GalleryFilterBox::showStatus);
  apply();
}

void GalleryFilterBox::setQuery(const QString& query) {
  m_edit->setText(query);
  apply();
}

QString GalleryFilterBox::statusText() const { return m_error.isEmpty() ? m_status->text() : m_error; }

void GalleryFilterBox::apply() {
  m_pause->stop();
  if (!m_model) return;
  m_error = m_model->setFilter(m_edit->text());
  m_edit->setStyleSheet(m_error.isEmpty() ? QString() : QStringLiteral("QLineEdit { border: 1px solid #c0392b; }"));
  m_edit->setAccessibleDescription(m_error);
  showStatus();
}

void GalleryFilterBox::showStatus() {
  if (!m_model) return;
  m_status->setToolTip(m_error);
  if (!m_error.isEmpty()) {
    const QString shown = m_status->fontMetrics().elidedText(m_error, Qt::ElideRight, m_status->maximumWidth());
    m_status->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(shown.toHtmlEscaped()));
  } else {
    m_status->setText(m_model->isFiltered() ? tr("%1 of %2").arg(m_model->acceptedCount()).arg(m_model->rowCount())
                                            : QString());
  }
}

}  // namespace sd::ui
