#include "ui/panels/gallery_panel.h"

#include <QComboBox>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>

#include "core/schedulers/scheduler_names.h"
#include "ui/file_actions.h"
#include "ui/gallery_delegate.h"
#include "ui/model/gallery_filter_proxy.h"
#include "ui/model/gallery_model.h"
#include "ui/widgets/gallery_filter_box.h"
#include "ui/widgets/image_view.h"
#include "ui/widgets/insight_pane.h"

namespace sd::ui {

GalleryPanel::GalleryPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("GalleryPanel");
  m_proxy = new GalleryFilterProxy(this);
  m_view = new QListView;
  m_view->setObjectName("galleryView");
  m_view->setViewMode(QListView::IconMode);
  m_view->setResizeMode(QListView::Adjust);
  m_view->setMovement(QListView::Static);
  m_view->setSpacing(4);
  m_view->setSelectionMode(QAbstractItemView::SingleSelection);
  m_view->setItemDelegate(new GalleryDelegate(m_view));
  m_view->setModel(m_proxy);
  auto* list = new QWidget;
  auto* listLayout = new QVBoxLayout(list);
  listLayout->setContentsMargins(0, 0, 0, 0);
  listLayout->addLayout(buildTopRow());
  listLayout->addWidget(m_view, 1);
  auto* split = new QSplitter(Qt::Vertical);
  split->setObjectName("gallerySplitter");
  split->addWidget(list);
  split->addWidget(buildDetails());
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  // The grid first: at laptop heights a cell with its bars (~260 px with
  // four prompts) must show whole; the details take what is left, at least
  // their minimum, and gain the rest on larger screens by the stretch.
  split->setSizes({620, 300});
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  layout->addWidget(split);

  m_sort->setCurrentIndex(qBound(0, QSettings().value("gallery/sort", 0).toInt(), m_sort->count() - 1));
  connect(m_sort, qOverload<int>(&QComboBox::currentIndexChanged), this, [this](int i) {
    setSort(Sort(i));
    QSettings().setValue("gallery/sort", i);
  });
  auto* del = new QShortcut(QKeySequence::Delete, m_view, nullptr, nullptr, Qt::WidgetShortcut);
  connect(del, &QShortcut::activated, this, &GalleryPanel::deleteSelected);
}

QLayout* GalleryPanel::buildTopRow() {
  m_sort = new QComboBox;
  m_sort->setObjectName("gallerySort");
  m_sort->addItems({tr("Newest first"), tr("Oldest first"), tr("Own prompt probability"), tr("Margin (own − best other)")});
  m_sort->setToolTip(tr("Order the gallery. Margin = the own prompt's probability minus the best other prompt's, "
                        "shown on each image (\"margin +12%\") and in its tooltip"));
  m_sort->setItemData(3, tr("Own prompt's probability minus the best other prompt's: the images CLIP tells apart "
                            "best first"), Qt::ToolTipRole);
  m_filter = new GalleryFilterBox;
  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Sort")));
  top->addWidget(m_sort);
  top->addWidget(m_filter, 1);
  return top;
}

QSortFilterProxyModel* GalleryPanel::proxy() const { return m_proxy; }

QWidget* GalleryPanel::buildDetails() {
  m_image = new ImageView;
  m_image->setObjectName("galleryImage");
  m_image->setMinimumSize(96, 96);
  m_image->setPlaceholder(tr("Select an image to see it large with all its settings."));
  m_details = new QTextBrowser;
  m_details->setObjectName("galleryDetails");
  auto button = [this](const QString& text, const QString& tip) {
    auto* b = new QPushButton(text);
    b->setToolTip(tip);
    m_itemButtons << b;
    return b;
  };
  auto* reuse = button(tr("Reuse seed"), tr("Put this image's seed in the seed field and lock it"));
  auto* restore = button(tr("Restore settings"), tr("Prompt, negative prompt, seed and all settings of this image"));
  auto* init = button(tr("img2img"), tr("Use this image as the init image"));
  auto* reveal = button(tr("Reveal file"), tr("Open the folder that holds this image's PNG"));
  auto* del = button(tr("Delete"), tr("Remove this image from the gallery (Delete)"));
  auto* vary = button(tr("Vary…"), tr("Render variations of this image: its seed with successive variation seeds"));
  vary->setObjectName("varyImage");
  auto* buttons = new QGridLayout;
  buttons->addWidget(reuse, 0, 0);
  buttons->addWidget(restore, 0, 1);
  buttons->addWidget(init, 1, 0);
  buttons->addWidget(reveal, 1, 1);
  buttons->addWidget(del, 2, 0);
  buttons->addWidget(vary, 2, 1);
  auto* side = new QVBoxLayout;
  // Settings and insight share one place: a tab keeps the window inside 1280×720.
  m_insight = new InsightPane;
  m_detailTabs = new QTabWidget;
  m_detailTabs->setObjectName("galleryDetailTabs");
  m_detailTabs->addTab(m_details, tr("Settings"));
  // Scrolled, so its charts do not set the details' minimum height: the
  // grid above keeps room for a whole cell at laptop sizes.
  auto* insightScroll = new QScrollArea;
  insightScroll->setWidget(m_insight);
  insightScroll->setWidgetResizable(true);
  insightScroll->setFrameShape(QFrame::NoFrame);
  m_detailTabs->addTab(insightScroll, tr("Insight"));
  m_detailTabs->setTabToolTip(1, tr("Which words of the prompt the CLIP match rests on, and the CLIP scores while "
                                    "the image was denoised"));
  side->addWidget(m_detailTabs, 1);
  side->addLayout(buttons);
  auto* details = new QWidget;
  auto* h = new QHBoxLayout(details);
  h->setContentsMargins(0, 0, 0, 0);
  h->addWidget(m_image, 3);
  h->addLayout(side, 2);

  connect(reuse, &QPushButton::clicked, this, [this] { if (auto* i = selectedItem()) Q_EMIT reuseSeedRequested(*i); });
  connect(restore, &QPushButton::clicked, this,
          [this] { if (auto* i = selectedItem()) Q_EMIT restoreSettingsRequested(*i); });
  connect(init, &QPushButton::clicked, this, [this] { if (auto* i = selectedItem()) Q_EMIT useAsInitRequested(*i); });
  connect(vary, &QPushButton::clicked, this, [this] { if (auto* i = selectedItem()) Q_EMIT varyRequested(*i); });
  connect(reveal, &QPushButton::clicked, this, &GalleryPanel::revealSelected);
  connect(del, &QPushButton::clicked, this, &GalleryPanel::deleteSelected);
  for (auto* b : m_itemButtons) b->setEnabled(false);
  return details;
}

void GalleryPanel::setModel(GalleryModel* model) {
  m_model = model;
  m_proxy->setGallery(model);
  m_filter->setModel(model);
  m_proxy->setDynamicSortFilter(true);
  setSort(Sort(m_sort->currentIndex()));
  connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &GalleryPanel::showSelected);
  connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &GalleryPanel::showSelected);
  connect(model, &QAbstractItemModel::dataChanged, this, &GalleryPanel::showSelected);
  // The bars' height follows the size of the comparison set: lay out again.
  connect(model, &QAbstractItemModel::dataChanged, m_view, &QAbstractItemView::doItemsLayout, Qt::QueuedConnection);
  connect(model, &QAbstractItemModel::rowsRemoved, this, &GalleryPanel::showSelected);
  // A filter that hides the selected image leaves nothing selected.
  connect(model, &GalleryModel::filterChanged, this, &GalleryPanel::showSelected);
}

void GalleryPanel::setSort(Sort sort) {
  if (m_sort->currentIndex() != int(sort)) m_sort->setCurrentIndex(int(sort));
  switch (sort) {
    case Sort::Newest: m_proxy->setSortRole(GalleryModel::OrderRole); m_proxy->sort(0, Qt::DescendingOrder); break;
    case Sort::Oldest: m_proxy->setSortRole(GalleryModel::OrderRole); m_proxy->sort(0, Qt::AscendingOrder); break;
    case Sort::OwnProbability:
      m_proxy->setSortRole(GalleryModel::OwnProbabilityRole);
      m_proxy->sort(0, Qt::DescendingOrder);
      break;
    case Sort::Margin: m_proxy->setSortRole(GalleryModel::MarginRole); m_proxy->sort(0, Qt::DescendingOrder); break;
  }
}

int GalleryPanel::selectedRow() const {
  const QModelIndexList rows = m_view->selectionModel() ? m_view->selectionModel()->selectedIndexes() : QModelIndexList();
  return rows.isEmpty() ? -1 : m_proxy->mapToSource(rows.front()).row();
}

const GalleryItem* GalleryPanel::selectedItem() const {
  const int row = selectedRow();
  return row >= 0 && m_model ? &m_model->item(row) : nullptr;
}

void GalleryPanel::selectRow(int sourceRow) {
  const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow));
  m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
}

void GalleryPanel::focusImages() {
  m_view->setFocus(Qt::ShortcutFocusReason);
  if (m_proxy->rowCount() == 0 || m_view->selectionModel()->hasSelection()) return;
  // The current one, else the first in the grid's order (newest first by default).
  const QModelIndex current = m_view->selectionModel()->currentIndex();
  m_view->selectionModel()->setCurrentIndex(current.isValid() ? current : m_proxy->index(0, 0),
                                            QItemSelectionModel::ClearAndSelect);
}

QString GalleryPanel::detailsText() const { return m_details->toPlainText(); }

void GalleryPanel::showSelected() {
  const GalleryItem* item = selectedItem();
  for (auto* b : m_itemButtons) b->setEnabled(item != nullptr);
  m_insight->showItem(item);
  if (!item) {
    m_image->setImage({});
    m_details->clear();
    return;
  }
  m_image->setImage(item->image);
  m_details->setHtml(describe(*item, selectedRow()));
}

QString GalleryPanel::describe(const GalleryItem& item, int row) const {
  const auto& r = item.settings;
  const QString sampler = QString::fromStdString(a1111Label(schedulerInfo(r.scheduler)));
  QString html = QStringLiteral("<p><b>%1</b></p>").arg(item.prompt.toHtmlEscaped());
  if (!r.negativePrompt.empty())
    html += tr("<p>Negative: %1</p>").arg(QString::fromStdString(r.negativePrompt).toHtmlEscaped());
  html += tr("<p>Seed %1 · %2×%3 · %4 · %5 steps · CFG %6 · clip skip %7").arg(item.seed).arg(r.width).arg(r.height)
              .arg(sampler.toHtmlEscaped()).arg(r.steps).arg(r.guidanceScale).arg(r.clipSkip);
  if (r.variationStrength > 0)
    html += tr(" · variation seed %1 at %2").arg(item.variationSeed).arg(r.variationStrength);
  if (item.inpainted)
    html += tr(" · inpainted at strength %1, mask blur %2%3")
                .arg(r.strength)
                .arg(r.maskBlur)
                .arg(r.inpaintOnlyMasked ? tr(", only masked (padding %1)").arg(r.onlyMaskedPadding)
                     : r.inpaintOverlay ? QString()
                                        : tr(", no overlay (the rest repainted too)"));
  else if (item.img2img)
    html += tr(" · img2img strength %1").arg(r.strength);
  html += tr("<br>Model %1 · %2 s</p>").arg(item.modelName.toHtmlEscaped()).arg(item.seconds, 0, 'f', 1);
  const QStringList prompts = m_model->index(row).data(GalleryModel::PromptSetRole).toStringList();
  const QVector<double> probs = m_model->probabilities(row);
  if (probs.size() == prompts.size() && !probs.isEmpty()) {
    html += tr("<p>CLIP probabilities:<br>");
    for (int i = 0; i < prompts.size(); ++i)
      html += QStringLiteral("%1% — %2<br>").arg(probs[i] * 100, 0, 'f', 1).arg(prompts[i].toHtmlEscaped());
    const double margin = m_model->index(row).data(GalleryModel::MarginRole).toDouble();
    if (margin > -2 && probs.size() > 1)
      html += tr("Margin (own − best other): %1%2 points").arg(margin >= 0 ? "+" : "").arg(margin * 100, 0, 'f', 1);
    html += "</p>";
  }
  if (!item.filePath.isEmpty()) html += QStringLiteral("<p><small>%1</small></p>").arg(item.filePath.toHtmlEscaped());
  return html;
}

void GalleryPanel::deleteSelected() {
  if (const GalleryItem* item = selectedItem()) Q_EMIT deleteRequested(*item);
}

void GalleryPanel::revealSelected() {
  if (const GalleryItem* item = selectedItem()) revealInFileManager(this, item->filePath);
}

}  // namespace sd::ui
