#pragma once
#include <QMainWindow>

namespace sd::ui {

class PromptPanel;
class SettingsPanel;
class ModelPanel;
class PreviewPanel;
class GalleryPanel;
class ComparisonPanel;
class QueuePanel;

// Layout and wiring only: each panel is its own widget class.
class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);

  PromptPanel* promptPanel() const { return m_prompt; }
  SettingsPanel* settingsPanel() const { return m_settings; }
  ModelPanel* modelPanel() const { return m_models; }
  PreviewPanel* previewPanel() const { return m_preview; }
  GalleryPanel* galleryPanel() const { return m_gallery; }
  ComparisonPanel* comparisonPanel() const { return m_comparison; }
  QueuePanel* queuePanel() const { return m_queue; }

 private:
  PromptPanel* m_prompt;
  SettingsPanel* m_settings;
  ModelPanel* m_models;
  PreviewPanel* m_preview;
  GalleryPanel* m_gallery;
  ComparisonPanel* m_comparison;
  QueuePanel* m_queue;
};

}  // namespace sd::ui
