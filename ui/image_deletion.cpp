#include "ui/image_deletion.h"

#include <QCheckBox>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

#include "ui/gallery_files.h"
#include "ui/studio_types.h"

namespace sd::ui {

namespace {
bool confirmed(QWidget* parent, const GalleryItem& item) {
  QSettings settings;
  if (!settings.value(kConfirmDeleteKey, true).toBool()) return true;
  QMessageBox box(QMessageBox::Question, QObject::tr("Delete image"),
                  QObject::tr("Delete the image of seed %1?").arg(item.seed), QMessageBox::NoButton, parent);
  box.setObjectName("confirmDeleteBox");
  box.setInformativeText(item.filePath.isEmpty()
                             ? QObject::tr("It was not saved to a file; it leaves the gallery.")
                             : QObject::tr("%1 goes to the trash (or is deleted where there is none) and leaves "
                                           "the gallery.").arg(QFileInfo(item.filePath).fileName()));
  QPushButton* yes = box.addButton(QObject::tr("Delete"), QMessageBox::DestructiveRole);
  yes->setObjectName("confirmDelete");
  box.addButton(QMessageBox::Cancel);
  box.setDefaultButton(yes);
  auto* dontAsk = new QCheckBox(QObject::tr("Don't ask again"));
  box.setCheckBox(dontAsk);
  box.exec();
  if (box.clickedButton() != yes) return false;
  if (dontAsk->isChecked()) settings.setValue(kConfirmDeleteKey, false);
  return true;
}
}  // namespace

Deletion deleteGalleryImage(QWidget* parent, GalleryFiles& files, const GalleryItem& item) {
  if (!confirmed(parent, item)) return {};
  if (item.filePath.isEmpty()) return {true, QObject::tr("Image removed from the gallery")};
  const QString name = QFileInfo(item.filePath).fileName();
  try {
    files.forget(item.filePath.toStdString());  // the index first: a file left behind is recovered, never lost
  } catch (const std::exception& e) {
    return {false, QObject::tr("Could not delete %1: %2").arg(name, QString::fromUtf8(e.what()))};
  }
  if (!QFileInfo::exists(item.filePath)) return {true, QObject::tr("%1 was already gone").arg(name)};
  if (QFile::moveToTrash(item.filePath)) return {true, QObject::tr("Moved %1 to the trash").arg(name)};
  if (QFile::remove(item.filePath)) return {true, QObject::tr("Deleted %1 (no trash here)").arg(name)};
  return {false, QObject::tr("Could not delete %1: check the folder's permissions").arg(item.filePath)};
}

}  // namespace sd::ui
