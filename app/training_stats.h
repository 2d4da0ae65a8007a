#pragma once

// What the training thread reports, as plain values that travel over queued
// signals. Included by ui/, so free of LibTorch.

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QVector>

namespace latentlab {

// Averages over images, in nats per image (the sign of model/trainer.h:
// elbo = recon - kl, higher is better).
struct LossReport {
    double elbo = 0.0;
    double recon = 0.0;
    double kl = 0.0;
};

// One training batch, sent every few steps.
struct StepReport {
    qint64 epoch = 0;          // 1-based
    qint64 step = 0;           // global, 1-based
    qint64 stepInEpoch = 0;    // 1-based
    qint64 stepsPerEpoch = 0;
    LossReport loss;           // of this batch
    double beta = 1.0;
    double imagesPerSecond = 0.0;  // since the previous report, pauses excluded
};

// A finished epoch: training terms as they trained, then the test split.
struct EpochReport {
    qint64 epoch = 0;   // 1-based
    qint64 epochs = 0;  // of the whole run
    LossReport train;
    LossReport test;
    QVector<double> klPerDim;  // test KL of each latent dimension
    double seconds = 0.0;      // training only, evaluation excluded
    double imagesPerSecond = 0.0;
};

// A setting changed during a run (model/trainer.h's SettingChange): it
// applies from step `step` + 1 on.
struct SettingChangeReport {
    qint64 step = 0;
    QString name;  // "beta" or "learning_rate"
    double value = 0.0;
};

// The same test images and the same prior draws after every epoch, so the
// pictures of successive epochs can be compared.
struct PreviewImages {
    qint64 epoch = 0;
    QVector<QImage> originals;        // the first test images
    QVector<QImage> reconstructions;  // of originals, in the same order
    QVector<QImage> samples;          // decoded from fixed z ~ N(0, I)
};

}  // namespace latentlab

Q_DECLARE_METATYPE(latentlab::LossReport)
Q_DECLARE_METATYPE(latentlab::StepReport)
Q_DECLARE_METATYPE(latentlab::EpochReport)
Q_DECLARE_METATYPE(latentlab::PreviewImages)
Q_DECLARE_METATYPE(latentlab::SettingChangeReport)

namespace latentlab {

// For queued connections made with the string-based API or QVariant; the
// training controller calls it itself.
inline void registerTrainingMetaTypes() {
    qRegisterMetaType<LossReport>();
    qRegisterMetaType<StepReport>();
    qRegisterMetaType<EpochReport>();
    qRegisterMetaType<PreviewImages>();
    qRegisterMetaType<SettingChangeReport>();
}

}  // namespace latentlab
