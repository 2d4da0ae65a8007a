#include "app/workspace/load_rate.h"

#include <QCoreApplication>
#include <QLocale>

#include <cmath>

namespace latentlab {

QString durationText(double seconds) {
    const auto s = static_cast<qint64>(std::ceil(std::max(0.0, seconds)));
    if (s < 60) return QCoreApplication::translate("LoadRate", "%1 s").arg(s);
    if (s < 3600) return QCoreApplication::translate("LoadRate", "%1 min %2 s").arg(s / 60).arg(s % 60);
    return QCoreApplication::translate("LoadRate", "%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QChar('0'));
}

QString LoadRate::update(qint64 done, qint64 total) {
    const QLocale locale;
    if (first_ < 0) {
        first_ = done;
        timer_.start();
    }
    QString line = QCoreApplication::translate("LoadRate", "%1 of %2 images").arg(locale.toString(done), locale.toString(total));
    if (first_ > 0 && first_ < total)
        line += QCoreApplication::translate("LoadRate", " (%1 decoded by a load that stopped)").arg(locale.toString(first_));
    const double seconds = timer_.elapsed() / 1000.0;
    const qint64 since = done - first_;
    // A rate from under half a second or a handful of images says nothing yet.
    if (seconds >= 0.5 && since >= 10) {
        const double rate = since / seconds;
        line += QCoreApplication::translate("LoadRate", " · %1 images/s").arg(locale.toString(std::round(rate), 'f', 0));
        if (done < total)
            line += QCoreApplication::translate("LoadRate", " · about %1 left").arg(durationText((total - done) / rate));
    }
    return line;
}

}  // namespace latentlab
