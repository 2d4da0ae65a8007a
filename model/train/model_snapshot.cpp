#include "model/train/model_snapshot.h"

#include "model/train/trainer.h"

namespace latentlab {

std::shared_ptr<ModelSnapshot> snapshot_of(const Trainer& trainer) {
    auto snapshot = std::make_shared<ModelSnapshot>();
    snapshot->config = trainer.config();
    snapshot->device = trainer.device();
    snapshot->epoch = trainer.epoch();
    snapshot->step = trainer.step();
    snapshot->history = trainer.history();
    snapshot->changes = trainer.setting_changes();
    snapshot->model = copy_model(*trainer.model());
    snapshot->model->eval();
    return snapshot;
}

}  // namespace latentlab
