#pragma once
#include <QWidget>

#include "core/pipeline/generation_request.h"

class QDoubleSpinBox;
class QLineEdit;

namespace sd::ui {

// A1111's variation seed and its strength: the noise of the seed blended
// toward the variation seed's (core/schedulers/variation_noise.h). Strength
// 0 (the default) leaves the seed's image untouched.
class VariationControls : public QWidget {
  Q_OBJECT
 public:
  explicit VariationControls(QWidget* parent = nullptr);

  quint64 variationSeed() const;
  void setVariationSeed(quint64 seed);
  double strength() const;
  void setStrength(double strength);

  void applyTo(GenerationRequest& request) const;
  void setFrom(const GenerationRequest& request);

 private:
  QLineEdit* m_seed;
  QDoubleSpinBox* m_strength;
};

}  // namespace sd::ui
