#pragma once
// "Vary…" on a gallery image: how many variations and how strong.
#include <QDialog>

class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace sd::ui {

struct VarySettings {
  int count = 4;
  double strength = 0.1;  // A1111's variation strength: small keeps the composition
  quint64 firstVariationSeed = 0;
};

class VaryDialog : public QDialog {
  Q_OBJECT
 public:
  VaryDialog(quint64 seed, const VarySettings& defaults, QWidget* parent = nullptr);
  VarySettings settings() const;

 private:
  QSpinBox* m_count;
  QDoubleSpinBox* m_strength;
  QLineEdit* m_first;
};

}  // namespace sd::ui
