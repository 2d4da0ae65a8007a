#pragma once

#include <QVector>
#include <QWidget>

class QCPBars;
class QCustomPlot;
class QLabel;

namespace latentlab {

// The test KL of each latent dimension after the last epoch, largest first,
// so the dimensions the model uses stand out from those it has switched off.
class KlBarsPlot : public QWidget {
    Q_OBJECT

public:
    // A dimension whose KL is below this carries (almost) no information.
    static constexpr double kCollapsedNats = 0.01;

    explicit KlBarsPlot(QWidget* parent = nullptr);

    void clear();
    void setKlPerDim(const QVector<double>& klPerDim);

    int barCount() const;
    bool isCollapseWarningShown() const;
    QCustomPlot* plot() const { return plot_; }

private:
    QCustomPlot* plot_;
    QCPBars* bars_;
    QLabel* warning_;
};

}  // namespace latentlab
