#include "ui/vary_dialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>

namespace sd::ui {

VaryDialog::VaryDialog(quint64 seed, const VarySettings& defaults, QWidget* parent) : QDialog(parent) {
  setObjectName("varyDialog");
  setWindowTitle(tr("Vary"));
  m_count = new QSpinBox;
  m_count->setObjectName("varyCount");
  m_count->setRange(1, 16);
  m_count->setValue(defaults.count);
  m_strength = new QDoubleSpinBox;
  m_strength->setObjectName("varyStrength");
  m_strength->setRange(0.01, 1);
  m_strength->setDecimals(2);
  m_strength->setSingleStep(0.05);
  m_strength->setValue(defaults.strength);
  m_strength->setToolTip(tr("How far from the image: 0.05–0.2 keeps its composition, 1 is a new image"));
  m_first = new QLineEdit(QString::number(defaults.firstVariationSeed));
  m_first->setObjectName("varyFirstSeed");
  m_first->setValidator(new QRegularExpressionValidator(QRegularExpression("[0-9]{1,19}"), m_first));
  m_first->setToolTip(tr("Variation i uses this variation seed + i"));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Render"));
  buttons->button(QDialogButtonBox::Ok)->setObjectName("varyRender");
  auto* form = new QFormLayout(this);
  form->addRow(new QLabel(tr("Variations of seed %1, at successive variation seeds (A1111's variation seed).").arg(seed)));
  form->addRow(tr("Variations"), m_count);
  form->addRow(tr("Strength"), m_strength);
  form->addRow(tr("First variation seed"), m_first);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

VarySettings VaryDialog::settings() const { return {m_count->value(), m_strength->value(), m_first->text().toULongLong()}; }

}  // namespace sd::ui
