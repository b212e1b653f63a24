#pragma once
// "What made this image?": opened for any PNG, JPEG or WebP the user opens
// or drops on the window (ours, A1111's, sd.cpp's, ComfyUI's, InvokeAI's,
// NovelAI's, Fooocus'), it shows the settings read from the file and offers
// to restore them into the panels.
#include <QDialog>

#include "core/metadata/image_settings.h"
#include "core/pipeline/generation_request.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace sd::ui {

class ImageSettingsDialog : public QDialog {
  Q_OBJECT
 public:
  // Reads `imagePath`; an unreadable file shows the error instead of settings.
  explicit ImageSettingsDialog(const QString& imagePath, QWidget* parent = nullptr);

  const ImageSettings& settings() const { return m_settings; }
  bool hasSettings() const { return hasRecipe(m_settings); }
  QString text() const;
  QPushButton* useButton() const { return m_use; }
  // What the file does not say (an unknown sampler, no size) is taken from
  // here: the window's current settings, so they stay as they were.
  void setBaseRequest(const GenerationRequest& base) { m_base = base; }

 Q_SIGNALS:
  // The file's settings as a request for its prompt at its own seed; the
  // receiver merges it into the panels. `notRestored`: what the request
  // cannot remake (recipe_request.h's whatCannotBeRestored); `fromImage`:
  // the image was img2img or inpainting, so its strength and mask settings apply.
  void useSettings(const sd::GenerationRequest& request, const QStringList& notRestored, bool fromImage);

 private:
  ImageSettings m_settings;
  GenerationRequest m_base;
  QLabel* m_preview;
  QPlainTextEdit* m_text;
  QPushButton* m_use;
};

}  // namespace sd::ui
