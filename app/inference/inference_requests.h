#pragma once

// What views ask the inference service, and what comes back: plain values
// (QImage, QVector) that travel over queued signals. Included by ui/, so free
// of LibTorch: the snapshot is only forward-declared.

#include "app/workspace/loaded_dataset.h"

#include <QImage>
#include <QMetaType>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <memory>

namespace latentlab {

struct ModelSnapshot;
using SnapshotHandle = std::shared_ptr<const ModelSnapshot>;

// Which model an answer comes from. `snapshot` keeps that model alive: a view
// that pins it passes it back with its requests.
struct SnapshotInfo {
    SnapshotHandle snapshot;
    QString runFolder;
    qint64 epoch = 0;   // epochs trained when the copy was taken
    qint64 epochs = 0;  // the run's length
    qint64 step = 0;    // steps trained: a copy between epochs has more than epoch * steps per epoch
    bool betweenEpochs = false;  // taken mid-epoch, on a view's request for fresher weights
    int latent = 0;
    int channels = 0, height = 0, width = 0;
    QString likelihood;        // "bernoulli", "gaussian", ...
    QVector<double> klPerDim;  // test KL of each latent dimension after `epoch`; empty before the first

    bool isValid() const { return snapshot != nullptr; }
    // "epoch 7 of 12, run 2026-12-02_1412_fashion-mnist_mlp-bernoulli", with
    // "(+ steps of epoch 8)" for a copy taken between epochs.
    QString describe() const;
};

// An image to encode: one of the loaded data set, or a file (decoded and
// resized as the data set's images were).
struct ImageRef {
    Split split = Split::Test;
    qint64 index = -1;
    QString file;  // when not empty, used instead of split and index

    bool isValid() const { return !file.isEmpty() || index >= 0; }
};

// What a decoded image shows: the mean of p(x|z), or one sample of it.
enum class DecodedImage { Mean, Sample };

// In the order the inference thread takes waiting requests: slider moves
// (decode) first, the long ones last.
enum class RequestKind { Decode, Encode, Interpolate, Traverse, Map, Tiles, Neighbours, Score, Duplicates, Labels, Count };

// Fields every request has. `pinned`: the snapshot to use; empty for the
// newest one the service holds.
struct RequestBase {
    SnapshotHandle pinned;
    DecodedImage show = DecodedImage::Mean;
    // Who asks (views pass their address): a newer request replaces only the
    // same client's waiting one of its kind, so two views never starve each other.
    quintptr client = 0;
    quint64 id = 0;  // set by the service
};

struct EncodeRequest : RequestBase {
    ImageRef image;
};
struct EncodeResult {
    quint64 id = 0;
    SnapshotInfo from;
    ImageRef image;
    QImage original;         // as the model sees it
    QImage reconstruction;   // decoded from the posterior mean
    QVector<float> mean;     // of q(z|x)
    QVector<float> logVar;   // per dimension (repeated for a single-variance posterior)
};

struct DecodeRequest : RequestBase {
    QVector<float> z;  // one latent vector
};
struct DecodeResult {
    quint64 id = 0;
    SnapshotInfo from;
    QVector<float> z;
    QImage image;
};

struct InterpolateRequest : RequestBase {
    ImageRef from, to;
    int steps = 10;  // images between and including the two codes
    bool spherical = false;  // slerp instead of a straight line
};
struct InterpolateResult {
    quint64 id = 0;
    SnapshotInfo from;
    QImage first, last;      // the two originals
    QVector<QImage> frames;  // decoded along the path, `steps` of them
    QVector<double> norms;   // |z| of each frame's code
};

// One row per latent dimension, most informative (largest test KL) first.
struct TraverseRequest : RequestBase {
    ImageRef around;      // invalid: around the origin
    double range = 3.0;   // columns from -range to +range prior standard deviations
    int columns = 9;
};
struct TraverseResult {
    quint64 id = 0;
    SnapshotInfo from;
    QVector<int> dimensions;    // row order
    QVector<double> kl;         // test KL of each row's dimension
    QVector<double> offsets;    // column values
    QVector<QImage> images;     // rows * columns, row by row
    QVector<float> center;      // the code the rows vary
    // With known factors (factors.csv): the factor each row's dimension
    // follows best and its normalised mutual information with it (0..1, the
    // quantity MIG uses); an empty name where it follows none. Empty without factors.
    QStringList rowFactors;
    QVector<double> rowInformation;
};

// How the map places the test set's codes on the plane: a linear projection
// (PCA, two chosen dimensions) with an inverse, so any point of the plane
// decodes; or a neighbour-preserving layout (t-SNE, UMAP) that keeps
// clusters and their neighbours together but has no inverse.
enum class MapProjection { Pca, Dimensions, Tsne, Umap };

inline bool isLinear(MapProjection projection) {
    return projection == MapProjection::Pca || projection == MapProjection::Dimensions;
}

// The test set's posterior means in 2-D.
struct MapRequest : RequestBase {
    MapProjection projection = MapProjection::Pca;
    int dimX = 0, dimY = 1;  // MapProjection::Dimensions
    // The previous map's axes (PCA): the new ones keep their order and signs
    // so the points move rather than flip between epochs.
    QVector<float> previousAxisX, previousAxisY;
    // t-SNE and UMAP: the same codes and seed give the same picture. A
    // finished layout of the same test set (one point per image, the run's
    // previous epoch) is the start, so the map does not jump between epochs.
    quint64 seed = 1;
    QVector<QPointF> previousLayout;
    bool manifold = false;   // a 2-D latent space: also decode a grid of the plane
    int manifoldSide = 15;
};
struct MapResult {
    quint64 id = 0;
    SnapshotInfo from;
    QVector<QPointF> points;    // one per test image, in test set order
    QVector<int> labels;        // class of each point, -1 when unknown
    QStringList classNames;
    // Known factors (factors.csv) of the test images: factorValues[f][i] is
    // factor f of point i. Empty when the data set has none.
    QStringList factorNames;
    QVector<QVector<float>> factorValues;
    // The projection: point = ((z - center) . axisX, (z - center) . axisY);
    // a point of the plane decodes from center + x axisX + y axisY.
    QVector<float> center, axisX, axisY;
    // Every principal direction of the means, largest variance first, with
    // the standard deviation along it (the sliders' basis).
    QVector<QVector<float>> directions;
    QVector<double> spread;
    // A 2-D latent space: images decoded on a grid spanning the points.
    QVector<QImage> manifold;
    QRectF manifoldArea;
    int manifoldSide = 0;
    // t-SNE and UMAP: the layout's pictures come while it converges, each
    // with the request's id; `converging` until the last. Their center and
    // axes are empty (no inverse): `codes` holds each point's posterior mean
    // (row by row, `latent` floats each), so a click decodes the nearest one.
    MapProjection projection = MapProjection::Pca;
    bool converging = false;
    int iteration = 0, iterations = 0;
    QVector<float> codes;
};

}  // namespace latentlab

Q_DECLARE_METATYPE(latentlab::SnapshotHandle)
Q_DECLARE_METATYPE(latentlab::SnapshotInfo)
Q_DECLARE_METATYPE(latentlab::EncodeResult)
Q_DECLARE_METATYPE(latentlab::DecodeResult)
Q_DECLARE_METATYPE(latentlab::InterpolateResult)
Q_DECLARE_METATYPE(latentlab::TraverseResult)
Q_DECLARE_METATYPE(latentlab::MapResult)
Q_DECLARE_METATYPE(latentlab::RequestKind)
Q_DECLARE_METATYPE(latentlab::MapProjection)
