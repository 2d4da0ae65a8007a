#include "model/compare/matched_runs.h"

#include "model/base/error.h"

namespace latentlab {

std::vector<std::string> copy_shared_weights(const VaeImpl& from, VaeImpl& to) {
    const torch::NoGradGuard no_grad;
    std::vector<std::string> copied;
    const auto copy = [&](const auto& sources, auto targets) {
        for (auto& item : targets) {
            const auto* source = sources.find(item.key());
            if (!source || source->sizes() != item.value().sizes()) continue;
            item.value().copy_(*source);
            copied.push_back(item.key());
        }
    };
    copy(from.named_parameters(), to.named_parameters());
    copy(from.named_buffers(), to.named_buffers());
    return copied;
}

MatchedRuns::MatchedRuns(const RunConfig& base, std::vector<DecoderChoice> decoders)
    : base_(base), decoders_(std::move(decoders)) {}

std::unique_ptr<Trainer> MatchedRuns::make_trainer(int index) {
    auto trainer = std::make_unique<Trainer>(config(index));
    if (!initial_) {
        if (index != 0) throw Error("matched runs: run 1 must be made first");
        initial_ = build_vae(trainer->config().model, std::nullopt);
        initial_->to(trainer->device());
        copy_weights(*trainer->model(), *initial_);
    } else {
        copy_shared_weights(*initial_, *trainer->model());
    }
    return trainer;
}

}  // namespace latentlab
