#include "ui/panels/seed_controls.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QGridLayout>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QRegularExpressionValidator>
#include <QToolButton>

namespace sd::ui {

namespace {
QToolButton* toolButton(const QString& text, const QString& tip, const QString& name) {
  auto* b = new QToolButton;
  b->setText(text);
  b->setToolTip(tip);
  b->setObjectName(name);
  b->setToolButtonStyle(Qt::ToolButtonTextOnly);
  return b;
}
}  // namespace

SeedControls::SeedControls(QWidget* parent) : QWidget(parent) {
  setObjectName("SeedControls");
  m_seed = new QLineEdit;
  m_seed->setObjectName("seedEdit");
  m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression("[0-9]{1,19}"), m_seed));
  m_seed->setToolTip(tr("The seed of the next run; image i of a batch uses seed + i"));
  m_random = toolButton(tr("Random"), tr("Pick a new random seed now"), "randomSeed");
  m_lock = toolButton(tr("Lock"), tr("Keep this seed for every run: edit the prompt, press Ctrl+Enter, compare"),
                      "lockSeed");
  m_lock->setCheckable(true);
  m_increment = new QCheckBox(tr("+1 per image"));
  m_increment->setObjectName("incrementSeed");
  m_increment->setToolTip(tr("When not locked: continue after the last image's seed instead of a random one"));
  m_reuse = toolButton(tr("Reuse"), tr("Use (and lock) the seed of the image selected in the gallery"), "reuseSeed");
  m_copy = toolButton(tr("Copy"), tr("Copy the seed to the clipboard"), "copySeed");

  auto* grid = new QGridLayout(this);
  grid->setContentsMargins(0, 0, 0, 0);
  grid->addWidget(m_seed, 0, 0, 1, 3);
  grid->addWidget(m_random, 0, 3);
  grid->addWidget(m_lock, 0, 4);
  grid->addWidget(m_increment, 1, 0, 1, 2);
  grid->addWidget(m_reuse, 1, 3);
  grid->addWidget(m_copy, 1, 4);

  connect(m_random, &QToolButton::clicked, this, &SeedControls::randomize);
  connect(m_copy, &QToolButton::clicked, this, &SeedControls::copySeed);
  connect(m_reuse, &QToolButton::clicked, this, &SeedControls::reuseSelectedRequested);
  connect(m_lock, &QToolButton::toggled, m_increment, &QWidget::setDisabled);
  randomize();
}

quint64 SeedControls::seed() const { return m_seed->text().toULongLong(); }
void SeedControls::setSeed(quint64 seed) { m_seed->setText(QString::number(seed)); }
bool SeedControls::isLocked() const { return m_lock->isChecked(); }
void SeedControls::setLocked(bool locked) { m_lock->setChecked(locked); }
bool SeedControls::incrementsPerImage() const { return m_increment->isChecked(); }
void SeedControls::setIncrementsPerImage(bool on) { m_increment->setChecked(on); }

// Below 2^32 so seeds read well and survive tools that store them as uint32.
quint64 SeedControls::randomSeed() { return QRandomGenerator::global()->bounded(quint64(1) << 32); }

void SeedControls::randomize() { setSeed(randomSeed()); }

void SeedControls::copySeed() const { QApplication::clipboard()->setText(QString::number(seed())); }

void SeedControls::advance(int imagesPerPrompt) {
  m_lastUsed = seed();
  m_hasLastUsed = true;
  if (isLocked()) return;
  if (incrementsPerImage())
    setSeed(m_lastUsed + quint64(std::max(1, imagesPerPrompt)));
  else
    randomize();
}

}  // namespace sd::ui
