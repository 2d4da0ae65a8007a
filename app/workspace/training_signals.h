#pragma once

// The values that leave the model threads over queued signals: the model's
// plain statistics (model/base/training_stats.h) and preview images. Included by
// ui/, so free of LibTorch.

#include "model/base/training_stats.h"

#include <QImage>
#include <QMetaType>
#include <QVector>

namespace latentlab {

// The same test images and the same prior draws after every epoch, so the
// pictures of successive epochs can be compared.
struct PreviewImages {
    qint64 epoch = 0;
    QVector<QImage> originals;        // the first test images
    QVector<QImage> reconstructions;  // of originals, in the same order
    QVector<QImage> samples;          // decoded from fixed z ~ N(0, I)
    // How much the reconstructions differ from one another, as a share of
    // how much the originals do (pixel variance across the images): near 0
    // while the model still draws the average picture for every image.
    double reconstructionSpread = 1.0;
    // Below this the Training tab says the model is still learning the
    // average (a 2-epoch conv run on shapes drew flat grey for every image).
    static constexpr double kStillAverage = 0.15;
};

}  // namespace latentlab

Q_DECLARE_METATYPE(latentlab::LossTerms)
Q_DECLARE_METATYPE(latentlab::StepStats)
Q_DECLARE_METATYPE(latentlab::EpochStats)
Q_DECLARE_METATYPE(latentlab::SettingChange)
Q_DECLARE_METATYPE(latentlab::PreviewImages)

namespace latentlab {

// For queued connections made with the string-based API or QVariant; the
// controllers call it themselves.
inline void registerTrainingMetaTypes() {
    qRegisterMetaType<LossTerms>();
    qRegisterMetaType<StepStats>();
    qRegisterMetaType<EpochStats>();
    qRegisterMetaType<SettingChange>();
    qRegisterMetaType<PreviewImages>();
}

}  // namespace latentlab
