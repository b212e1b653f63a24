#pragma once
// File > Export gallery…: where to, and which of core's outputs (images
// always; HTML page, images embedded in it, CSV, JSON, zip) plus the
// contact sheet painted here. The choices are remembered.
#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace sd::ui {

struct ExportChoice {
  QString folder;  // the export goes into <folder>/<gallery folder name>
  bool html = true, embed = false, csv = true, json = true, contactSheet = true, zip = false;
};

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ExportDialog(QWidget* parent = nullptr);
  ExportChoice choice() const;

 private:
  void remember() const;

  QLineEdit* m_folder;
  QCheckBox *m_html, *m_embed, *m_csv, *m_json, *m_sheet, *m_zip;
};

}  // namespace sd::ui
