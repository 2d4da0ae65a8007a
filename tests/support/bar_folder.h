#pragma once

// An image folder for the app and ui tests: size x size PNGs, each a bright
// bar on black, in train/ and test/ subfolders with the classes "horizontal"
// and "vertical". Image i of a class has its bar at position i % size.

#include <QDir>
#include <QImage>
#include <QString>

namespace latentlab::testing {

// Returns false, naming the file in `failure`, when a file cannot be written.
inline bool writeBarFolder(const QString& root, int size, int trainPerClass, int testPerClass, QString* failure) {
    const struct {
        const char* name;
        int perClass;
    } splits[] = {{"train", trainPerClass}, {"test", testPerClass}};
    for (const auto& split : splits) {
        for (const bool horizontal : {true, false}) {
            const QString folder = QStringLiteral("%1/%2/%3").arg(
                root, QLatin1String(split.name), horizontal ? QStringLiteral("horizontal") : QStringLiteral("vertical"));
            if (!QDir().mkpath(folder)) {
                *failure = folder;
                return false;
            }
            for (int i = 0; i < split.perClass; ++i) {
                QImage image(size, size, QImage::Format_Grayscale8);
                image.fill(0);
                const int position = i % size;
                for (int j = 0; j < size; ++j) {
                    if (horizontal)
                        image.scanLine(position)[j] = 255;
                    else
                        image.scanLine(j)[position] = 255;
                }
                const QString path = QStringLiteral("%1/%2.png").arg(folder).arg(i, 3, 10, QLatin1Char('0'));
                if (!image.save(path, "PNG")) {
                    *failure = path;
                    return false;
                }
            }
        }
    }
    return true;
}

}  // namespace latentlab::testing
