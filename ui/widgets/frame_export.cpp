#include "ui/widgets/frame_export.h"

#include "model/base/error.h"

#include <QDir>
#include <QMainWindow>
#include <QStatusBar>
#include <QFileDialog>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>
#include <cstring>

namespace latentlab {

namespace {

const QString kFolderKey = QStringLiteral("explorer/exportFolder");

}  // namespace

Frame toFrame(const QImage& image) {
    Frame frame;
    if (image.isNull()) return frame;
    const bool grey = image.format() == QImage::Format_Grayscale8 || image.isGrayscale();
    const QImage packed = image.convertToFormat(grey ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    frame.width = packed.width();
    frame.height = packed.height();
    frame.channels = grey ? 1 : 3;
    const size_t row = static_cast<size_t>(frame.width) * frame.channels;
    frame.pixels.resize(row * frame.height);
    // QImage rows are padded to 4 bytes; a Frame's are not.
    for (int y = 0; y < frame.height; ++y) std::memcpy(frame.pixels.data() + row * y, packed.constScanLine(y), row);
    return frame;
}

std::vector<Frame> toFrames(const QVector<QImage>& images) {
    std::vector<Frame> frames;
    frames.reserve(images.size());
    for (const QImage& image : images) frames.push_back(toFrame(image));
    return frames;
}

int exportScale(const QSize& image, int side) {
    const int smaller = std::max(1, std::min(image.width(), image.height()));
    return kExportResolution * std::max(1, (side + smaller - 1) / smaller);
}

namespace {

// Where the last export went, or the user's Pictures (never the working
// directory, which is a lesson's data folder after a lesson).
QString lastExportFolder() {
    const QString folder = QSettings().value(kFolderKey).toString();
    if (!folder.isEmpty() && QDir(folder).exists()) return folder;
    return QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
}

}  // namespace

QString chooseExportFolder(QWidget* parent, const QString& title) {
    const QString folder = QFileDialog::getExistingDirectory(parent, title, lastExportFolder());
    if (!folder.isEmpty()) QSettings().setValue(kFolderKey, folder);
    return folder;
}

QString chooseExportFile(QWidget* parent, const QString& title, const QString& name, const QStringList& filters) {
    QSettings settings;
    const QString folder = lastExportFolder();
    QString filter = filters.value(0);
    QString path = QFileDialog::getSaveFileName(parent, title, QDir(folder).filePath(name), filters.join(QStringLiteral(";;")),
                                                &filter);
    if (path.isEmpty()) return {};
    if (QFileInfo(path).suffix().isEmpty()) {
        // "Animated GIF (*.gif)" -> ".gif"
        const QRegularExpressionMatch suffix = QRegularExpression(QStringLiteral("\\*(\\.\\w+)")).match(filter);
        if (suffix.hasMatch()) path += suffix.captured(1);
    }
    settings.setValue(kFolderKey, QFileInfo(path).absolutePath());
    return path;
}

QString exportFilter(const QString& format) {
    if (format == QLatin1String("png")) return QObject::tr("PNG images (*.png)");
    if (format == QLatin1String("pdf")) return QObject::tr("PDF documents (*.pdf)");
    return QObject::tr("CSV files (*.csv)");
}

void reportExported(QWidget* from, const QString& path) {
    auto* window = from ? qobject_cast<QMainWindow*>(from->window()) : nullptr;
    if (!window) return;
    window->statusBar()->showMessage(QObject::tr("Saved %1").arg(QDir::toNativeSeparators(path)), kExportedMessageMs);
}

QString exportFailure(const std::function<void()>& write) {
    try {
        write();
        return {};
    } catch (...) {
        return QString::fromStdString(user_message(std::current_exception(), "exporting"));
    }
}

}  // namespace latentlab
