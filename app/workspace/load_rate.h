#pragma once

#include <QElapsedTimer>
#include <QString>

namespace latentlab {

// The rate and time left of a long load, for its progress line: "1,200 of
// 100,000 images · 2,900 images/s · about 34 s left". The rate counts only
// what this load did: a load that continues a stopped one starts with images
// already done, and says so. The first report must come before any work
// (build_folder_cache makes one), so its count is what was done before.
class LoadRate {
public:
    // Called with each progress report; returns the line to show.
    QString update(qint64 done, qint64 total);

private:
    QElapsedTimer timer_;
    qint64 first_ = -1;  // images done at the first report
};

// "34 s", "5 min 20 s", "2 h 05 min".
QString durationText(double seconds);

}  // namespace latentlab
