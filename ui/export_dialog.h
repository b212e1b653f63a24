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
  QString filter;  // a gallery query: only the images it keeps ("" = all)
  QString name;    // the folder made inside `folder` ("" = the gallery folder's own name)
  bool overwrite = false;  // replace an earlier export's files there
};

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  // `filter`: the gallery's filter in force ("" = none); the dialog offers
  // to export only the images it keeps (checked: what the user sees).
  // `galleryName`: the folder the export makes; where it holds files
  // already, Export asks whether to overwrite them or use a new folder
  // (cancel returns to the dialog).
  explicit ExportDialog(QWidget* parent = nullptr, const QString& filter = {}, const QString& galleryName = {});
  ExportChoice choice() const;

 private:
  void remember() const;
  bool settleExistingTarget();  // false: the user went back to the dialog

  QLineEdit* m_folder;
  QCheckBox *m_html, *m_embed, *m_csv, *m_json, *m_sheet, *m_zip;
  QCheckBox* m_filtered = nullptr;
  QString m_filter;
  QString m_galleryName;
  QString m_name;  // chosen when the gallery's name was taken
  bool m_overwrite = false;
};

}  // namespace sd::ui
