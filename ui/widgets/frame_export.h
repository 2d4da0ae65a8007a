#pragma once

// Turning the views' QImages into the Frames model/data/image_export.h writes,
// and asking where to write them.

#include "model/data/image_export.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QVector>

#include <functional>
#include <vector>

class QWidget;

namespace latentlab {

// A grey image stays one channel; any other becomes R, G, B.
Frame toFrame(const QImage& image);
std::vector<Frame> toFrames(const QVector<QImage>& images);

// Every view's picture is exported at this multiple of its size on screen
// (plots) or of the legible enlargement below (images): sharp on a projector
// and in print. Pixel images are enlarged nearest-neighbour, so they stay crisp.
constexpr int kExportResolution = 2;

// kExportResolution times the whole factor that makes an image's smaller side
// at least `side` pixels (small images exported as they are would be stamps).
int exportScale(const QSize& image, int side = 192);

// A save dialog opening in the folder of the last export (remembered in
// QSettings); `filters` such as "Animated GIF (*.gif)". A name without a
// suffix takes the chosen filter's. Empty when cancelled.
QString chooseExportFile(QWidget* parent, const QString& title, const QString& name, const QStringList& filters);
// A folder to export into, asked starting where the last export went (or the
// user's Pictures), and remembered; empty when cancelled.
QString chooseExportFolder(QWidget* parent, const QString& title);

// The save dialog's filter for "png", "pdf" or "csv".
QString exportFilter(const QString& format);

// Runs `write`; the message to show when it throws, empty when it wrote.
QString exportFailure(const std::function<void()>& write);

// Says in the window's status bar that `path` was written ("Saved
// /home/ann/traversal.png"), for a while; nothing when `from` is in no main window.
void reportExported(QWidget* from, const QString& path);

// How long reportExported's line stays, in milliseconds.
constexpr int kExportedMessageMs = 10000;

}  // namespace latentlab
