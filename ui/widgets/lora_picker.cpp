#include "ui/widgets/lora_picker.h"

#include "core/lora/lora_library.h"

namespace sd::ui {

namespace {
QStringList installedLoras() {
  QStringList names;
  for (const auto& name : availableLoras(loraSearchDirs())) names << QString::fromStdString(name);
  return names;
}
}  // namespace

LoraPicker::LoraPicker(QWidget* parent) : QComboBox(parent), m_source(installedLoras) {
  setObjectName("loraPicker");
  setPlaceholderText(tr("LoRA"));
  setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  setMinimumContentsLength(8);
  connect(this, qOverload<int>(&QComboBox::activated), this, [this](int index) {
    if (index >= 0) Q_EMIT loraChosen(itemText(index));
    setCurrentIndex(-1);  // a command, not a setting: the placeholder returns
  });
  refresh();
}

void LoraPicker::setSource(std::function<QStringList()> source) {
  m_source = std::move(source);
  refresh();
}

void LoraPicker::refresh() {
  const QStringList names = m_source ? m_source() : QStringList();
  clear();
  addItems(names);
  setCurrentIndex(-1);
  setToolTip(names.isEmpty() ? tr("No LoRA files: put .safetensors LoRAs into lora/ in a model folder")
                             : tr("Insert a LoRA tag <lora:name:1> at the cursor (files in lora/ of the model "
                                  "folders); edit its weight in the prompt"));
}

void LoraPicker::showPopup() {
  refresh();
  QComboBox::showPopup();
}

QString LoraPicker::tagFor(const QString& name) { return QStringLiteral("<lora:%1:1>").arg(name); }

}  // namespace sd::ui
