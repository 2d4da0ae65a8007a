#pragma once

// What the Inspect tab asks the inference service: scores of every image,
// tiles (image, reconstruction, error map), neighbours, near duplicates and
// suspicious labels. Plain values, free of LibTorch. Rows number the data
// set's images training split first, then test split, as scores.csv does.

#include "app/inference/inference_requests.h"
#include "model/inspect/duplicate_groups.h"

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace latentlab {

// Scores of every image of the service's data set; cached as scores.csv in
// the snapshot's run folder, so a run opened again shows them at once.
struct ScoreRequest : RequestBase {
    int iwSamples = 0;       // K > 0 adds the importance-sampled log p(x)
    bool recompute = false;  // ignore a cached file
    // Only read a cached file (what opening the tab does): scoring every image
    // is the user's choice. Without one the result says notScored.
    bool cachedOnly = false;
};
struct ScoreResult {
    quint64 id = 0;
    SnapshotInfo from;
    bool fromCache = false;
    bool notScored = false;  // a cachedOnly request found no cached scores
    QString cacheFile;      // where the scores were read or written; empty when not cached
    QString cacheProblem;   // why they could not be written, if so
    qint64 epoch = 0, step = 0;
    int iwSamples = 0;
    QVector<double> elbo, recon, kl, logPx, mse;  // nats; logPx empty without K
    int latent = 0;
    QVector<float> means;  // row by row, latent per row
    QVector<int> test;     // 1 for a test image
    QVector<qint64> index;  // within its split
    QVector<int> label;     // -1 when unknown
    QStringList files;      // empty strings for IDX data
    QStringList classNames;

    int size() const { return elbo.size(); }
    ImageRef ref(int row) const { return {test[row] ? Split::Test : Split::Train, index[row], {}}; }
};

// The image, its mean reconstruction and the per-pixel error heatmap of each.
struct TilesRequest : RequestBase {
    QVector<ImageRef> images;
};
struct TilesResult {
    quint64 id = 0;
    SnapshotInfo from;
    QVector<ImageRef> images;
    QVector<QImage> originals, reconstructions, heatmaps;
};

// Requests over every code: the codes come with them (implicitly shared, no copy).
struct CodesRequest : RequestBase {
    QVector<float> codes;  // row by row
    int latent = 0;
};

// The k nearest rows of one row, by the distance of posterior means.
struct NeighboursRequest : CodesRequest {
    qint64 row = 0;
    int k = 12;
};
struct NeighboursResult {
    quint64 id = 0;
    SnapshotInfo from;
    qint64 row = 0;
    QVector<qint64> rows;
    QVector<double> distances;
};

// Candidate pairs closer than `latentThreshold` (0: 0.2 x the codes'
// spread), confirmed by pixels; a view regroups them as its slider moves
// below that threshold.
struct DuplicatesRequest : CodesRequest {
    double latentThreshold = 0.0;
    double pixelThreshold = kDefaultPixelThreshold;
};
struct DuplicatesResult {
    quint64 id = 0;
    SnapshotInfo from;
    double latentThreshold = 0.0, pixelThreshold = 0.0;
    double spread = 0.0;  // of the codes: the root mean square distance from their mean
    QVector<qint64> a, b;             // each pair's rows
    QVector<double> latent, pixel;    // each pair's distances
};

// Rows ranked by how many of their k neighbours carry another class.
struct LabelsRequest : CodesRequest {
    QVector<int> labels;
    int k = 10;
};
struct LabelsResult {
    quint64 id = 0;
    SnapshotInfo from;
    QVector<qint64> rows;
    QVector<int> label, vote;
    QVector<double> disagreement;
};

}  // namespace latentlab

Q_DECLARE_METATYPE(latentlab::ScoreResult)
Q_DECLARE_METATYPE(latentlab::TilesResult)
Q_DECLARE_METATYPE(latentlab::NeighboursResult)
Q_DECLARE_METATYPE(latentlab::DuplicatesResult)
Q_DECLARE_METATYPE(latentlab::LabelsResult)
