#include "ui/studio_types.h"

namespace sd::ui {

void registerStudioMetaTypes() {
  qRegisterMetaType<StudioJob>();
  qRegisterMetaType<GalleryItem>();
  qRegisterMetaType<ModelSummary>();
  qRegisterMetaType<TextEmbeddings>();
  qRegisterMetaType<sd::StepProgress>();
}

}  // namespace sd::ui
