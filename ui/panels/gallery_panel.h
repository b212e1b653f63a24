#pragma once
#include <QWidget>

#include "ui/studio_types.h"

class QComboBox;
class QListView;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTextBrowser;

namespace sd::ui {

class GalleryFilterBox;
class GalleryFilterProxy;
class GalleryModel;
class ImageView;
class InsightPane;

// Every image of the session as a thumbnail with its CLIP bars; sort by the
// own prompt's probability or by margin; filter by a query (words, sampler,
// seed, size, date, margin…: core/gallery/gallery_filter.h) that the
// comparison view and exports share; the selected image shown large with
// all its settings; delete, reveal, reuse its seed or settings, img2img from it,
// render variations of it.
class GalleryPanel : public QWidget {
  Q_OBJECT
 public:
  enum class Sort { Newest, Oldest, OwnProbability, Margin };

  explicit GalleryPanel(QWidget* parent = nullptr);

  void setModel(GalleryModel* model);
  void setSort(Sort sort);
  QListView* view() const { return m_view; }
  QSortFilterProxyModel* proxy() const;
  int selectedRow() const;  // source row, -1 when none
  const GalleryItem* selectedItem() const;
  void selectRow(int sourceRow);
  // Focuses the image grid with a current image (the selected one, else the
  // newest shown), so the keyboard acts on an image at once.
  void focusImages();
  QString detailsText() const;
  InsightPane* insightPane() const { return m_insight; }
  QTabWidget* detailTabs() const { return m_detailTabs; }
  GalleryFilterBox* filterBox() const { return m_filter; }

 public Q_SLOTS:
  void deleteSelected();
  void revealSelected();

 Q_SIGNALS:
  void reuseSeedRequested(const sd::ui::GalleryItem& item);
  void restoreSettingsRequested(const sd::ui::GalleryItem& item);
  void useAsInitRequested(const sd::ui::GalleryItem& item);
  void varyRequested(const sd::ui::GalleryItem& item);
  // The window asks, deletes the file and its index entry, then the row.
  void deleteRequested(const sd::ui::GalleryItem& item);

 private:
  QWidget* buildDetails();
  QLayout* buildTopRow();
  void showSelected();
  QString describe(const GalleryItem& item, int row) const;

  GalleryModel* m_model = nullptr;
  GalleryFilterProxy* m_proxy;
  QListView* m_view;
  QComboBox* m_sort;
  GalleryFilterBox* m_filter;
  ImageView* m_image;
  QTextBrowser* m_details;
  QTabWidget* m_detailTabs;
  InsightPane* m_insight;
  QList<QPushButton*> m_itemButtons;
};

}  // namespace sd::ui
