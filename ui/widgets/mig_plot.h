#pragma once

#include "app/workspace/training_signals.h"

#include <QWidget>

class QCPGraph;
class QCustomPlot;
class QLabel;

namespace latentlab {

// The Mutual Information Gap after each epoch, for runs on a data set with
// known factors (factors.csv): a curve on its own axis from 0 to 1 and the
// last value in words. Empty until an epoch carries a MIG.
class MigPlot : public QWidget {
    Q_OBJECT

public:
    explicit MigPlot(QWidget* parent = nullptr);

    void clear();
    // Adds the epoch's MIG; an epoch without one is skipped.
    void addEpoch(const EpochStats& epoch);

    int pointCount() const;
    // NaN before the first point.
    double lastMig() const { return last_; }
    QString summary() const;
    QCustomPlot* plot() const { return plot_; }

Q_SIGNALS:
    // The first MIG of a run arrived, or clear() removed them all.
    void presenceChanged(bool hasPoints);

private:
    QCustomPlot* plot_;
    QCPGraph* graph_;
    QLabel* summary_;
    double last_;
};

}  // namespace latentlab
