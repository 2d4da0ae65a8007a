#pragma once

#include "app/workspace/training_signals.h"

#include <QByteArray>
#include <QString>
#include <QWidget>

class QLabel;
class QSplitter;

namespace latentlab {

class CurvesPlot;
class ImageGrid;
class KlBarsPlot;
class MigPlot;
struct LoadedRun;

// What a run has produced, under a title that names the run and its data
// set: the curves, the test KL of each latent dimension, test images with
// their reconstructions and samples from the prior.
class TrainingResults : public QWidget {
    Q_OBJECT

public:
    explicit TrainingResults(QWidget* parent = nullptr);

    // Which run and data set the results belong to; empty: none.
    void setRunTitle(const QString& title);
    QString runTitle() const;

    void clear();
    void addStep(const StepStats& step);
    void addEpoch(const EpochStats& epoch);
    void addChange(const SettingChange& change);
    void showPreviews(const PreviewImages& previews);
    // Everything a saved run holds (its previews come later).
    void showRun(const LoadedRun& run);
    // Drops the step points after `step` (an epoch stopped before it ended).
    void removeStepsAfter(qint64 step);

    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

    MigPlot* migPlot() const { return mig_; }
    // Shown while the reconstructions barely differ from one another.
    QLabel* averageNote() const { return averageNote_; }

private:
    QLabel* title_;
    QSplitter* splitter_;
    CurvesPlot* curves_;
    KlBarsPlot* klBars_;
    MigPlot* mig_;
    ImageGrid* reconstructions_;
    ImageGrid* samples_;
    QLabel* averageNote_;
};

}  // namespace latentlab
