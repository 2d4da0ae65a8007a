#pragma once

// Tiny trained models for the explorer's tests: an 8 x 8 bars data set and a
// 32-unit MLP VAE, snapshot after each epoch.

#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"
#include "synthetic_data.h"

#include <memory>
#include <vector>

namespace latentlab::testing {

inline std::shared_ptr<const Dataset> tinyBars() {
    return std::make_shared<const Dataset>(make_bars_dataset(512, 64, 8, 7));
}

inline RunConfig tinyConfig(int64_t latent) {
    RunConfig config;
    config.model.channels = 1, config.model.height = 8, config.model.width = 8;
    config.model.hidden = {32};
    config.model.latent = latent;
    config.train.batch_size = 32;
    config.train.threads = 1;
    config.train.device = "cpu";
    return config;
}

// The model's snapshot after each of `epochs` epochs on `data`.
inline std::vector<SnapshotPtr> tinySnapshots(const Dataset& data, int64_t latent, int epochs) {
    Trainer trainer(tinyConfig(latent));
    std::vector<SnapshotPtr> snapshots;
    for (int e = 0; e < epochs; ++e) {
        trainer.train_epoch(data);
        snapshots.push_back(snapshot_of(trainer));
    }
    return snapshots;
}

}  // namespace latentlab::testing
