#include "ui/studio_types.h"

#include <atomic>

namespace sd::ui {

quint64 newGalleryItemId() {
  static std::atomic<quint64> next{1};
  return next.fetch_add(1);
}

void registerStudioMetaTypes() {
  qRegisterMetaType<StudioJob>();
  qRegisterMetaType<GalleryItem>();
  qRegisterMetaType<ModelSummary>();
  qRegisterMetaType<TextEmbeddings>();
  qRegisterMetaType<sd::StepProgress>();
}

}  // namespace sd::ui
