#include "ui/panels/prompt_panel.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>

#include "ui/token_counter.h"
#include "ui/widgets/lora_picker.h"

namespace sd::ui {

namespace {
constexpr int kWindow = 75;
constexpr int kHistoryMax = 50;
constexpr int kHistoryLabelMax = 90;  // characters of a prompt shown in the History list
const QChar kSeparator(0x1f);

QPlainTextEdit* editor(const QString& placeholder, const QString& tooltip, int lines) {
  auto* e = new QPlainTextEdit;
  e->setPlaceholderText(placeholder);
  e->setToolTip(tooltip);
  e->setTabChangesFocus(true);
  e->setMinimumHeight(e->fontMetrics().lineSpacing() * lines + 12);
  return e;
}

// "n/75", "n/150" past one chunk (the whole prompt is still read); the
// tooltip says where chunks start and what CLIP scoring leaves out.
void styleCounter(QLabel* label, const PromptLength& length) {
  label->setText(length.tokens < 0 ? QStringLiteral("–/%1").arg(kWindow)
                                   : QStringLiteral("%1/%2").arg(length.tokens).arg(length.capacity));
  label->setStyleSheet(length.chunks > 1 ? "color: #b26a00; font-weight: bold" : "color: palette(mid)");
  label->setToolTip(length.tokens < 0 ? QObject::tr("CLIP tokens (no model loaded)") : length.details);
}
}  // namespace

PromptPanel::PromptPanel(QWidget* parent) : QWidget(parent) {
  setObjectName("PromptPanel");
  m_prompt = editor(tr("Describe the image… (Ctrl+Enter generates)"),
                    tr("The prompt. Ctrl+Enter renders it; Ctrl+Shift+Enter renders it at the last seed."), 4);
  m_prompt->setObjectName("promptEdit");
  m_negative = editor(tr("What to avoid (negative prompt)"), tr("The negative prompt: steers away from these."), 2);
  m_negative->setObjectName("negativeEdit");
  m_promptCount = new QLabel;
  m_promptCount->setObjectName("promptTokenCount");
  m_negativeCount = new QLabel;
  m_negativeCount->setObjectName("negativeTokenCount");
  m_historyBox = new QComboBox;
  m_historyBox->setObjectName("promptHistory");
  m_historyBox->setToolTip(tr("Prompts rendered before: pick one to edit it again"));
  m_historyBox->setPlaceholderText(tr("History"));
  // Entries are elided: one long prompt must not widen the dock, and with it
  // the window's minimum width, for good.
  m_historyBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_historyBox->setMinimumContentsLength(12);
  m_loraPicker = new LoraPicker;
  m_countTimer = new QTimer(this);
  m_countTimer->setSingleShot(true);
  m_countTimer->setInterval(120);

  auto* layout = new QVBoxLayout(this);
  auto* head = new QHBoxLayout;
  head->addWidget(new QLabel(tr("<b>Prompt</b>")));
  head->addStretch(1);
  head->addWidget(m_loraPicker);
  head->addWidget(m_promptCount);
  layout->addLayout(head);
  layout->addWidget(m_prompt, 3);
  auto* negHead = new QHBoxLayout;
  negHead->addWidget(new QLabel(tr("Negative prompt")));
  negHead->addStretch(1);
  negHead->addWidget(m_negativeCount);
  layout->addLayout(negHead);
  layout->addWidget(m_negative, 1);
  // A button for what Ctrl+Enter does: a new user looks for one.
  auto* generate = new QPushButton(tr("Generate"));
  generate->setObjectName("generateButton");
  generate->setToolTip(tr("Render the prompt (Ctrl+Enter; Ctrl+Shift+Enter at the last seed)"));
  generate->setDefault(true);
  m_mode = new QLabel;
  m_mode->setObjectName("generateMode");
  m_mode->setTextFormat(Qt::PlainText);
  m_backToText = new QPushButton(tr("× Text to image"));
  m_backToText->setObjectName("backToTextToImage");
  m_backToText->setToolTip(tr("Drop the init image (and its mask): Generate renders from noise again"));
  auto* mode = new QHBoxLayout;
  mode->addWidget(m_mode, 1);
  mode->addWidget(m_backToText);
  layout->addLayout(mode);
  auto* bottom = new QHBoxLayout;
  bottom->addWidget(m_historyBox, 1);
  bottom->addWidget(generate);
  layout->addLayout(bottom);
  setMode(tr("Text to image"), false);
  connect(m_backToText, &QPushButton::clicked, this, &PromptPanel::textToImageRequested);
  connect(generate, &QPushButton::clicked, this, &PromptPanel::generateRequested);

  connect(m_prompt, &QPlainTextEdit::textChanged, m_countTimer, qOverload<>(&QTimer::start));
  connect(m_negative, &QPlainTextEdit::textChanged, m_countTimer, qOverload<>(&QTimer::start));
  connect(m_countTimer, &QTimer::timeout, this, &PromptPanel::updateCounters);
  connect(m_historyBox, qOverload<int>(&QComboBox::activated), this, &PromptPanel::restoreFromHistory);
  connect(m_loraPicker, &LoraPicker::loraChosen, this, &PromptPanel::insertLoraTag);

  QSettings s;
  m_history = s.value("prompt/history").toStringList();
  for (const QString& entry : m_history) insertHistoryItem(m_historyBox->count(), entry.section(kSeparator, 0, 0));
  m_historyBox->setCurrentIndex(-1);
  setPrompt(s.value("prompt/text").toString());
  setNegativePrompt(s.value("prompt/negative").toString());
  updateCounters();
}

QString PromptPanel::prompt() const { return m_prompt->toPlainText().trimmed(); }
QString PromptPanel::negativePrompt() const { return m_negative->toPlainText().trimmed(); }
void PromptPanel::setPrompt(const QString& prompt) { m_prompt->setPlainText(prompt); }
void PromptPanel::setNegativePrompt(const QString& negative) { m_negative->setPlainText(negative); }

void PromptPanel::setTokenCounter(std::function<PromptLength(const QString&)> counter) {
  m_counter = std::move(counter);
  updateCounters();
}

void PromptPanel::setMode(const QString& text, bool fromImage) {
  m_mode->setText(text);
  m_mode->setToolTip(text);
  // Bold and coloured when Generate starts from an image: never by surprise.
  m_mode->setStyleSheet(fromImage ? QStringLiteral("font-weight: bold; color: #b35900;") : QString());
  m_backToText->setVisible(fromImage);
}

QString PromptPanel::modeText() const { return m_mode->text(); }

QString PromptPanel::promptCounterText() const { return m_promptCount->text(); }
QString PromptPanel::negativeCounterText() const { return m_negativeCount->text(); }

void PromptPanel::updateCounters() {
  styleCounter(m_promptCount, m_counter ? m_counter(prompt()) : PromptLength{});
  styleCounter(m_negativeCount, m_counter ? m_counter(negativePrompt()) : PromptLength{});
}

void PromptPanel::insertLoraTag(const QString& name) {
  auto cursor = m_prompt->textCursor();
  cursor.insertText(LoraPicker::tagFor(name));
  m_prompt->setTextCursor(cursor);
  m_prompt->setFocus();
}

void PromptPanel::addToHistory(const QString& prompt, const QString& negative) {
  const QString entry = prompt + kSeparator + negative;
  const int existing = m_history.indexOf(entry);
  if (existing >= 0) {
    m_history.removeAt(existing);
    m_historyBox->removeItem(existing);
  }
  m_history.prepend(entry);
  insertHistoryItem(0, prompt);
  while (m_history.size() > kHistoryMax) {
    m_history.removeLast();
    m_historyBox->removeItem(m_historyBox->count() - 1);
  }
  m_historyBox->setCurrentIndex(-1);
  saveHistory();
}

void PromptPanel::restoreFromHistory(int index) {
  if (index < 0 || index >= m_history.size()) return;
  setPrompt(m_history[index].section(kSeparator, 0, 0));
  setNegativePrompt(m_history[index].section(kSeparator, 1));
}

void PromptPanel::insertHistoryItem(int index, const QString& prompt) {
  const QString line = prompt.simplified();
  m_historyBox->insertItem(index, line.size() > kHistoryLabelMax ? line.left(kHistoryLabelMax - 1) + QChar(0x2026) : line);
  m_historyBox->setItemData(index, prompt, Qt::ToolTipRole);
}

void PromptPanel::saveHistory() const { QSettings().setValue("prompt/history", m_history); }

void PromptPanel::saveSettings() const {
  QSettings s;
  s.setValue("prompt/text", prompt());
  s.setValue("prompt/negative", negativePrompt());
}

}  // namespace sd::ui
