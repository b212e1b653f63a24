#include "ui/painting/gallery_export_job.h"

#include <QBuffer>
#include <QByteArray>

#include "core/util/error.h"
#include "core/util/file_io.h"
#include "ui/painting/contact_sheet.h"

namespace sd::ui {

namespace {

void writeContactSheet(const GalleryExport& job, int columns) {
  QVector<ContactSheetItem> items;
  for (std::size_t i = 0; i < job.entries().size(); ++i)
    items.push_back(contactSheetItem(job.entries()[i], job.options().to / job.exportedImageName(i)));
  ContactSheetOptions options;
  options.title = QString::fromStdString(job.options().title);
  options.columns = columns;
  const QImage sheet = renderContactSheet(items, options);
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  if (sheet.isNull() || !sheet.save(&buffer, "PNG"))
    throw Error("cannot render " + (job.options().to / kContactSheetName).string());
  writeFileAtomically(job.options().to / kContactSheetName, bytes.toStdString());
}

}  // namespace

std::vector<std::string> runGalleryExport(const ExportOptions& options, const ContactSheetRequest& sheet,
                                          const ExportProgress& progress) {
  GalleryExport job(options, progress);
  const std::vector<std::string> extra =
      sheet.enabled ? std::vector<std::string>{kContactSheetName} : std::vector<std::string>{};
  job.prepare(extra);
  job.writeImages();
  job.writeReports();
  if (sheet.enabled) {
    if (progress) progress(std::string("drawing ") + kContactSheetName);
    writeContactSheet(job, sheet.columns);
  }
  job.writeZip(extra);
  return job.plannedOutputs(extra);
}

}  // namespace sd::ui
