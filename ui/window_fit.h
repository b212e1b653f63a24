#pragma once
// Fitting the main window to a laptop's screen (issue 31 item 2). On the
// first show the window manager has not yet reported the frame it adds
// (title bar, borders), so a window sized to the whole screen grew past it
// by the title bar and the status bar fell off the bottom. The frame is
// therefore assumed until it is known.
#include <QMargins>
#include <QRect>

namespace sd::ui {

// What window managers add around a window, generously: a title bar of up
// to 40 px and 4 px borders (GNOME, KDE, Xfce are within this).
inline constexpr QMargins kAssumedFrame{4, 40, 4, 4};

// The larger of the reported and the assumed frame, side by side: a frame
// not yet reported (all zero) counts as the assumed one.
QMargins frameToAllow(const QMargins& reported);

// The client geometry (the window without its frame) moved and shrunk so
// that, with `frame` around it, it lies inside `screen`.
QRect fitIntoScreen(const QRect& client, const QMargins& frame, const QRect& screen);

}  // namespace sd::ui
