#include "ui/painting/contact_sheet.h"

#include <QFontMetrics>
#include <QPainter>
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/schedulers/scheduler_names.h"
#include "core/util/error.h"

namespace sd::ui {

namespace {

constexpr int kPromptLines = 2;
constexpr int kDetailLines = 2;
constexpr int kTitleHeight = 40;
constexpr int kMaxSide = 16000;
// What one cell may take, whatever a file or its metadata says: a 1×16384
// PNG drew a 4-million-pixel thumbnail (four of them an 18 GB sheet), and
// 50,000 comparison prompts an 800,000-pixel column of bars.
constexpr int kMaxAspect = 2;        // a thumbnail is at most twice as tall as wide
constexpr int kMaxBars = 12;         // the own prompt and the most probable others
constexpr int kMaxLoadedSide = 512;  // images are scaled down as they are read

int textLineHeight(const QFont& font) { return QFontMetrics(font).height(); }

// Height of one cell below the image: prompt lines, details, bars.
int captionHeight(const ContactSheetItem& item, const QFont& font) {
  const int bars = item.bars.isEmpty() ? 0 : ProbabilityBars::heightFor(int(item.bars.size())) + 6;
  return 6 + (kPromptLines + kDetailLines) * textLineHeight(font) + 4 + bars;
}

int imageHeight(const ContactSheetItem& item, int width) {
  if (item.image.isNull() || item.image.width() == 0) return width;
  const int64_t natural = int64_t(width) * item.image.height() / item.image.width();
  return int(std::clamp<int64_t>(natural, 1, int64_t(kMaxAspect) * width));
}

// Up to `maxLines` wrapped lines, the last one elided.
void drawWrapped(QPainter& painter, const QRect& rect, const QString& text, int maxLines) {
  const QFontMetrics metrics(painter.font());
  QString rest = QString(text).replace('\n', ' ');
  int y = rect.top();
  for (int line = 0; line < maxLines && !rest.isEmpty(); ++line) {
    QString piece = rest;
    if (line + 1 < maxLines && metrics.horizontalAdvance(rest) > rect.width()) {
      int cut = int(rest.size());
      while (cut > 1 && metrics.horizontalAdvance(rest.left(cut)) > rect.width()) --cut;
      const int space = int(rest.left(cut).lastIndexOf(' '));
      if (space > cut / 2) cut = space;
      piece = rest.left(cut);
    }
    painter.drawText(QRect(rect.left(), y, rect.width(), metrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(piece, Qt::ElideRight, rect.width()));
    rest = rest.mid(piece.size()).trimmed();
    y += metrics.height();
  }
}

void paintCell(QPainter& painter, const QRect& cell, const ContactSheetItem& item, const ContactSheetOptions& o) {
  const int width = o.thumbnailWidth;
  const QRect imageRect(cell.left(), cell.top(), width, imageHeight(item, width));
  if (item.image.isNull()) {
    painter.fillRect(imageRect, QColor(220, 222, 226));
    painter.drawText(imageRect, Qt::AlignCenter, QStringLiteral("(unreadable)"));
  } else {
    // Fitted, not stretched: a very tall image is shown narrower, centred.
    const QSize fitted = item.image.size().scaled(imageRect.size(), Qt::KeepAspectRatio);
    painter.drawImage(QRect(QPoint(imageRect.left() + (imageRect.width() - fitted.width()) / 2, imageRect.top()), fitted),
                      item.image);
  }
  QFont font = painter.font();
  int y = imageRect.bottom() + 7;
  font.setBold(true);
  painter.setFont(font);
  painter.setPen(QColor(40, 44, 52));
  drawWrapped(painter, QRect(cell.left(), y, width, 0), item.prompt, kPromptLines);
  y += kPromptLines * textLineHeight(font);
  font.setBold(false);
  painter.setFont(font);
  painter.setPen(QColor(92, 99, 112));
  drawWrapped(painter, QRect(cell.left(), y, width, 0), item.details, kDetailLines);
  y += kDetailLines * textLineHeight(font) + 4;
  if (!item.bars.isEmpty())
    ProbabilityBars::paint(painter, QRectF(cell.left(), y, width, ProbabilityBars::heightFor(int(item.bars.size()))),
                           item.bars);
}

}  // namespace

ContactSheetItem contactSheetItem(const GalleryEntry& entry, const std::filesystem::path& file) {
  const auto& r = entry.recipe;
  ContactSheetItem item;
  item.image = QImage(QString::fromStdString(file.string()));
  if (item.image.width() > kMaxLoadedSide || item.image.height() > kMaxLoadedSide)  // 2,000 full images: 2 GB
    item.image = item.image.scaled(kMaxLoadedSide, kMaxLoadedSide, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  item.prompt = QString::fromStdString(entry.hasSettings ? r.prompt : entry.fileName);
  if (entry.hasSettings) {
    const auto scheduler = findScheduler(r.schedulerId);
    item.details = QStringLiteral("seed %1 · %2 steps · %3 · CFG %4")
                       .arg(r.seed)
                       .arg(r.steps)
                       .arg(QString::fromStdString(scheduler ? a1111Label(*scheduler) : r.schedulerId))
                       .arg(r.cfgScale);
  }
  const int own = ownComparisonIndex(r);
  const auto probability = [&](std::size_t i) { return i < r.probabilities.size() ? r.probabilities[i] : 0.0; };
  std::vector<std::size_t> shown(r.comparisonPrompts.size());
  for (std::size_t i = 0; i < shown.size(); ++i) shown[i] = i;
  if (shown.size() > std::size_t(kMaxBars)) {
    // The own prompt first, then by probability; drawn in the set's order.
    std::stable_sort(shown.begin(), shown.end(), [&](std::size_t a, std::size_t b) {
      if ((int(a) == own) != (int(b) == own)) return int(a) == own;
      return probability(a) > probability(b);
    });
    shown.resize(kMaxBars);
    std::sort(shown.begin(), shown.end());
    item.details += (item.details.isEmpty() ? QString() : QStringLiteral(" · ")) +
                    QStringLiteral("%1 of %2 prompts").arg(kMaxBars).arg(r.comparisonPrompts.size());
  }
  for (const auto i : shown)
    item.bars.push_back({QString::fromStdString(r.comparisonPrompts[i]), probability(i), int(i) == own});
  return item;
}

QImage renderContactSheet(const QVector<ContactSheetItem>& items, const ContactSheetOptions& o) {
  // Raster painting is only dependable up to ~32k pixels a side: a large
  // gallery gets more columns rather than an endless sheet.
  QFont font;
  font.setPixelSize(12);
  int tallestCell = 1;  // bounded: thumbnails and bars are capped above
  for (const auto& item : items)
    tallestCell = std::max(tallestCell, imageHeight(item, o.thumbnailWidth) + captionHeight(item, font) + o.padding);
  int columns = std::max(1, std::min(o.columns, int(items.size())));
  while (columns < items.size() && (items.size() + columns - 1) / columns * tallestCell > kMaxSide) ++columns;
  const int cellWidth = o.thumbnailWidth + o.padding;
  if (int64_t(columns) * cellWidth > 2 * kMaxSide)
    throw Error("a contact sheet of " + std::to_string(items.size()) + " images would be " +
                std::to_string(int64_t(columns) * cellWidth) + " pixels wide, more than the " +
                std::to_string(2 * kMaxSide) + " it may have; export fewer images (a filter) or no contact sheet");
  QVector<int> rowHeights;
  for (int start = 0; start < items.size(); start += columns) {
    int height = 0;
    for (int i = start; i < std::min<int>(start + columns, int(items.size())); ++i)
      height = std::max(height, imageHeight(items[i], o.thumbnailWidth) + captionHeight(items[i], font));
    rowHeights.push_back(height + o.padding);
  }
  int total = o.padding + (o.title.isEmpty() ? 0 : kTitleHeight);
  for (int h : rowHeights) total += h;
  QImage sheet(o.padding + columns * cellWidth, total, QImage::Format_RGB32);
  sheet.fill(QColor(246, 247, 249));
  QPainter painter(&sheet);
  painter.setRenderHint(QPainter::SmoothPixmapTransform);
  painter.setRenderHint(QPainter::TextAntialiasing);
  int y = o.padding;
  if (!o.title.isEmpty()) {
    QFont titleFont = font;
    titleFont.setPixelSize(20);
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(QColor(40, 44, 52));
    painter.drawText(QRect(o.padding, y, sheet.width() - 2 * o.padding, kTitleHeight - 8), Qt::AlignLeft | Qt::AlignVCenter, o.title);
    y += kTitleHeight;
  }
  for (int row = 0; row < rowHeights.size(); ++row) {
    for (int c = 0; c < columns && row * columns + c < items.size(); ++c) {
      painter.setFont(font);
      paintCell(painter, QRect(o.padding + c * cellWidth, y, o.thumbnailWidth, rowHeights[row]), items[row * columns + c], o);
    }
    y += rowHeights[row];
  }
  return sheet;
}

}  // namespace sd::ui
