#pragma once

#include "app/training_stats.h"

#include <QWidget>

class QCPGraph;
class QCustomPlot;
class QTimer;

namespace latentlab {

// Training curves against the global step: -ELBO, -reconstruction and KL of
// each reported batch as lines, the test split of each epoch as dots of the
// same colour. Points arrive often; the plot redraws at most every ~50 ms.
class CurvesPlot : public QWidget {
    Q_OBJECT

public:
    explicit CurvesPlot(QWidget* parent = nullptr);

    void clear();
    void addStep(const StepReport& step);
    void addEpoch(const EpochReport& epoch);

    int stepPointCount() const;  // per curve
    int testPointCount() const;  // per curve
    QCustomPlot* plot() const { return plot_; }

private:
    void scheduleReplot();
    void replotNow();

    QCustomPlot* plot_;
    QTimer* replotTimer_;
    // Training curves: -ELBO, -recon, KL; test dots in the same order.
    QCPGraph* train_[3] = {};
    QCPGraph* test_[3] = {};
    qint64 stepsPerEpoch_ = 0;
    qint64 lastStep_ = 0;
    // Until the user zooms or pans, the axes follow the data.
    bool followData_ = true;
};

}  // namespace latentlab
