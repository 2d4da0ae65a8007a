#pragma once

// A decoder comparison read back from its folder (File > Open Comparison…),
// as the window's Compare tab or `latentlab-cli compare` wrote it: table.csv
// (one row per measured run), a run folder per decoder (config.json,
// history.csv, steps.csv) and, where they were saved, the pictures under images/ and
// the shared settings in setup.txt. Included by ui/, so free of LibTorch.

#include "app/workspace/comparison_signals.h"
#include "app/workspace/training_signals.h"

#include <QString>
#include <QVector>

namespace latentlab {

struct SavedComparison {
    QString folder;
    ComparisonPlan plan;              // the measured runs, in the table's order
    QVector<ComparisonRow> rows;      // one per run of plan, index = its place
    QVector<QVector<EpochStats>> epochs;  // each run's history, for the curves
    QVector<QVector<StepStats>> steps;    // each run's steps.csv (empty where it is missing)
};

// table.csv and setup.txt: the files of a comparison folder beside its run folders.
QString comparisonTablePath(const QString& folder);
QString comparisonSetupPath(const QString& folder);
// The PNG of one strip under images/: "originals", or a run folder's name
// with "-mean", "-sample" or "-prior" (the names the CLI gives them).
QString comparisonPicturePath(const QString& folder, const QString& name);

// False with the reason when `folder` holds no comparison that can be read;
// a missing picture is left empty.
bool readSavedComparison(const QString& folder, SavedComparison* saved, QString* problem);

}  // namespace latentlab
