#pragma once

// The values a decoder comparison sends from the training thread to the
// Compare tab: what it will train, and each finished run's row and pictures.
// Included by ui/, so free of LibTorch.

#include "model/base/run_config.h"

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace latentlab {

// What the Compare tab asks for: the base config (everything but the
// likelihood), the decoders as `latentlab-cli compare --decoders` takes them
// ("bernoulli", "gaussian:1", "gaussian-predicted:single"), K of the
// importance-sampled log p(x), and the comparison folder that gets one run
// folder per decoder (1-bernoulli, 2-...) and table.csv.
struct ComparisonRequest {
    RunConfig base;
    QStringList decoders;
    qint64 iwSamples = 100;
    QString folder;
};

// Sent once the decoders are read, before the first run trains.
struct ComparisonPlan {
    QStringList labels;       // "bernoulli", "gaussian σ=1", ...
    QStringList runFolders;   // absolute, one per decoder
    QString setup;            // the shared settings, one paragraph (the report's)
    QStringList columns;      // the table's headers, with units (the report's)
    QString explanation;      // which numbers compare, in plain words
};

// One finished run: its row of the table and its pictures.
struct ComparisonRow {
    int index = 0;
    QStringList cells;      // as the report shows them; the last is the comparability note
    bool density = false;   // p(x|z) is a density of the pixels
    bool sameBatchesAsFirst = true;
    QImage originals;       // the same 8 test images for every run
    QImage reconstructions; // E[x|z] at z = E[z|x]
    QImage samples;         // a draw of p(x|z) at the same z
    QImage prior;           // E[x|z] of the same prior draws of z for every run
    QString tableCsv;       // table.csv with every row so far (full precision)
};

}  // namespace latentlab

Q_DECLARE_METATYPE(latentlab::ComparisonPlan)
Q_DECLARE_METATYPE(latentlab::ComparisonRow)
