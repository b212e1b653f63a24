#pragma once
// The gallery's filter box: a query (core/gallery/gallery_filter.h) applied
// to the gallery model once typing pauses, with "12 of 40" beside it, or —
// for a query it cannot read — a red frame and the reason, while the last
// good filter stays in force. No dialog gets in the way of typing.
#include <QWidget>

class QLabel;
class QLineEdit;
class QTimer;

namespace sd::ui {

class GalleryModel;

class GalleryFilterBox : public QWidget {
  Q_OBJECT
 public:
  static constexpr int kPauseMs = 250;

  explicit GalleryFilterBox(QWidget* parent = nullptr);
  void setModel(GalleryModel* model);

  QLineEdit* edit() const { return m_edit; }
  // Puts the query in the box and applies it at once.
  void setQuery(const QString& query);
  QString statusText() const;  // "12 of 40", "" unfiltered, or the reason a query cannot be read
  bool rejected() const { return !m_error.isEmpty(); }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void apply();
  void showStatus();

  GalleryModel* m_model = nullptr;
  QLineEdit* m_edit;
  QLabel* m_status;
  QTimer* m_pause;
  QString m_error;
};

}  // namespace sd::ui
