#include "ui/window_fit.h"

#include <QSize>
#include <algorithm>

namespace sd::ui {

QMargins frameToAllow(const QMargins& reported) {
  return {std::max(reported.left(), kAssumedFrame.left()), std::max(reported.top(), kAssumedFrame.top()),
          std::max(reported.right(), kAssumedFrame.right()), std::max(reported.bottom(), kAssumedFrame.bottom())};
}

QRect fitIntoScreen(const QRect& client, const QMargins& frame, const QRect& screen) {
  const QRect room = screen.marginsRemoved(frame);
  const QSize size = client.size().boundedTo(room.size());
  const int x = std::clamp(client.x(), room.left(), std::max(room.left(), room.right() + 1 - size.width()));
  const int y = std::clamp(client.y(), room.top(), std::max(room.top(), room.bottom() + 1 - size.height()));
  return {QPoint(x, y), size};
}

}  // namespace sd::ui
