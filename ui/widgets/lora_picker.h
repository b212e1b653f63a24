#pragma once
// A "LoRA" drop-down of the LoRA files the <lora:…> tags can name; picking
// one asks for its tag to be inserted. The list is read again each time it
// opens, so files copied into the folder meanwhile show up.
#include <QComboBox>
#include <functional>

namespace sd::ui {

class LoraPicker : public QComboBox {
  Q_OBJECT
 public:
  // By default the names come from lora/ in the model folders (core/lora/lora_library.h).
  explicit LoraPicker(QWidget* parent = nullptr);
  void setSource(std::function<QStringList()> source);
  void refresh();

  // "<lora:name:1>", the tag A1111's picker inserts too.
  static QString tagFor(const QString& name);

 Q_SIGNALS:
  void loraChosen(const QString& name);

 protected:
  void showPopup() override;

 private:
  std::function<QStringList()> m_source;
};

}  // namespace sd::ui
