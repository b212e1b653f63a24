#pragma once
#include <QWidget>

class QCheckBox;
class QLineEdit;
class QToolButton;

namespace sd::ui {

// The seed of the next run and what happens to it after each run: locked
// (stay, so an edited prompt re-renders at the same seed), incremented past
// the images just made, or a fresh random seed.
class SeedControls : public QWidget {
  Q_OBJECT
 public:
  explicit SeedControls(QWidget* parent = nullptr);

  quint64 seed() const;
  void setSeed(quint64 seed);
  bool isLocked() const;
  void setLocked(bool locked);
  bool incrementsPerImage() const;
  void setIncrementsPerImage(bool on);

  // Call after queueing a run of `imagesPerPrompt` images at seed(): moves
  // the field on as the policy says and remembers the seed used.
  void advance(int imagesPerPrompt);
  quint64 lastUsedSeed() const { return m_lastUsed; }
  bool hasLastUsedSeed() const { return m_hasLastUsed; }

  static quint64 randomSeed();

 public Q_SLOTS:
  void randomize();
  void copySeed() const;

 Q_SIGNALS:
  void reuseSelectedRequested();

 private:
  QLineEdit* m_seed;
  QToolButton* m_random;
  QToolButton* m_lock;
  QCheckBox* m_increment;
  QToolButton* m_reuse;
  QToolButton* m_copy;
  quint64 m_lastUsed = 0;
  bool m_hasLastUsed = false;
};

}  // namespace sd::ui
