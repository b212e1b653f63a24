#include "ui/panels/variation_controls.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QRegularExpressionValidator>

namespace sd::ui {

VariationControls::VariationControls(QWidget* parent) : QWidget(parent) {
  setObjectName("VariationControls");
  m_seed = new QLineEdit(QStringLiteral("0"));
  m_seed->setObjectName("variationSeedEdit");
  m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression("[0-9]{1,19}"), m_seed));
  m_seed->setToolTip(tr("Variation seed (A1111): its noise is blended into the seed's; image i of a batch uses "
                        "variation seed + i and all keep the seed"));
  m_strength = new QDoubleSpinBox;
  m_strength->setObjectName("variationStrengthSpin");
  m_strength->setRange(0, 1);
  m_strength->setDecimals(2);
  m_strength->setSingleStep(0.05);
  m_strength->setToolTip(tr("Variation strength: 0 = the seed's image (off), 1 = the variation seed's noise alone"));
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(m_seed, 2);
  row->addWidget(m_strength, 1);
}

quint64 VariationControls::variationSeed() const { return m_seed->text().toULongLong(); }
void VariationControls::setVariationSeed(quint64 seed) { m_seed->setText(QString::number(seed)); }
double VariationControls::strength() const { return m_strength->value(); }
void VariationControls::setStrength(double strength) { m_strength->setValue(strength); }

void VariationControls::applyTo(GenerationRequest& r) const {
  r.variationSeed = variationSeed();
  r.variationStrength = strength();
}

void VariationControls::setFrom(const GenerationRequest& r) {
  setVariationSeed(r.variationSeed);
  setStrength(r.variationStrength);
}

}  // namespace sd::ui
