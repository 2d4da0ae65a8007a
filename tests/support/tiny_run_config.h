#pragma once

// The settings of the tiny runs the app/ tests train on 8×8 bar folders
// (tests/support/bar_folder.h): a 16-wide MLP, two latent dimensions, one
// thread (the test machines are shared), on the CPU.

#include "model/base/run_config.h"

#include <QtGlobal>

namespace latentlab::testing {

inline RunConfig tinyRunConfig(qint64 epochs) {
    RunConfig config;
    config.model.hidden = {16};
    config.model.latent = 2;
    config.train.batch_size = 8;
    config.train.epochs = epochs;
    config.train.threads = 1;
    config.train.device = "cpu";
    return config;
}

}  // namespace latentlab::testing
