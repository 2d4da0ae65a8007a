#pragma once

#include <QFont>
#include <QVector>
#include <QWidget>

#include <vector>

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
    void setKlPerDim(const std::vector<double>& klPerDim);

    int barCount() const;
    bool isCollapseWarningShown() const;
    QCustomPlot* plot() const { return plot_; }
    // How many bars share one name on the axis (1: every bar is named).
    int barsPerLabel() const { return barsPerLabel_; }
    // Up to this many bars are all named, in a smaller font where that
    // names every one; otherwise (and beyond) the names are thinned out.
    static constexpr int kAllNamedMax = 32;

private:
    // Names as many bars as the axis has room for, spread evenly; true when
    // the names or their font changed (always with `force`: new bars).
    bool updateLabels(bool force);

    QCustomPlot* plot_;
    QCPBars* bars_;
    QLabel* warning_;
    QVector<int> order_;  // dimensions, largest KL first
    int barsPerLabel_ = 1;
    QFont labelFont_;  // the axis's own; the names may be drawn smaller
};

}  // namespace latentlab
