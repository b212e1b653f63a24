#pragma once
#include <QWidget>
#include <functional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace sd::ui {

class LoraPicker;
struct PromptLength;

// Prompt and negative prompt editors, each with a live token counter ("n/75",
// "n/150" for a prompt read in two chunks), and the history of prompts.
class PromptPanel : public QWidget {
  Q_OBJECT
 public:
  explicit PromptPanel(QWidget* parent = nullptr);

  QString prompt() const;
  QString negativePrompt() const;
  void setPrompt(const QString& prompt);
  void setNegativePrompt(const QString& negative);

  // Measures a text (TokenCounter::measure); tokens −1 when unknown.
  void setTokenCounter(std::function<PromptLength(const QString&)> counter);
  QString promptCounterText() const;
  QString negativeCounterText() const;

  void addToHistory(const QString& prompt, const QString& negative);
  QStringList history() const { return m_history; }
  QComboBox* historyBox() const { return m_historyBox; }
  // The prompts being edited come back on the next start.
  void saveSettings() const;

  QPlainTextEdit* promptEdit() const { return m_prompt; }
  QPlainTextEdit* negativeEdit() const { return m_negative; }
  LoraPicker* loraPicker() const { return m_loraPicker; }
  // <lora:name:1> at the prompt's cursor (the LoRA picker's choice).
  void insertLoraTag(const QString& name);
  // What Generate will do, shown beside it; `fromImage` offers the way back
  // to text to image (img2img and inpainting are otherwise easy to forget).
  void setMode(const QString& text, bool fromImage);
  QString modeText() const;

 Q_SIGNALS:
  void generateRequested();  // the Generate button (Ctrl+Enter does the same)
  void textToImageRequested();  // the "× Text to image" button beside the mode

 private:
  void updateCounters();
  void restoreFromHistory(int index);
  void saveHistory() const;
  void insertHistoryItem(int index, const QString& prompt);

  QPlainTextEdit* m_prompt;
  QPlainTextEdit* m_negative;
  QLabel* m_promptCount;
  QLabel* m_negativeCount;
  QComboBox* m_historyBox;
  QLabel* m_mode;
  QPushButton* m_backToText;
  LoraPicker* m_loraPicker;
  QTimer* m_countTimer;
  std::function<PromptLength(const QString&)> m_counter;
  QStringList m_history;       // "prompt\x1fnegative", newest first
};

}  // namespace sd::ui
