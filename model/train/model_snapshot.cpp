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
    snapshot->model = build_vae(snapshot->config.model, std::nullopt);
    snapshot->model->to(snapshot->device);
    copy_weights(*trainer.model(), *snapshot->model);
    snapshot->model->eval();
    return snapshot;
}

}  // namespace latentlab
