#pragma once

// Matched runs of a decoder comparison: the same run with only the
// likelihood and its own settings changed. The same seed already gives the
// same batch order and the same noise of z (the trainer's own stream, drawn
// the same way whatever the decoder); the initial weights of the shared
// layers are copied from the first run so they are the same tensors, not
// merely the same seed's.

#include "model/base/run_config.h"
#include "model/compare/decoder_choice.h"
#include "model/nn/vae.h"
#include "model/train/trainer.h"

#include <memory>
#include <string>
#include <vector>

namespace latentlab {

// Copies every parameter and buffer of `from` that `to` has under the same
// name and shape (the encoder and the decoder's body; not a likelihood's own
// scale or a variance head) into `to`, which keeps training them. Returns the
// names copied.
std::vector<std::string> copy_shared_weights(const VaeImpl& from, VaeImpl& to);

// The trainers of a comparison, made one at a time (each run trains before
// the next is made): the first from the seed; each later one from the same
// seed, then given the first one's initial shared weights.
class MatchedRuns {
public:
    MatchedRuns(const RunConfig& base, std::vector<DecoderChoice> decoders);

    int size() const { return static_cast<int>(decoders_.size()); }
    const DecoderChoice& decoder(int index) const { return decoders_.at(static_cast<size_t>(index)); }
    RunConfig config(int index) const { return matched_config(base_, decoder(index)); }
    // Run `index`'s trainer, before any training. Run 0 comes first.
    std::unique_ptr<Trainer> make_trainer(int index);

private:
    RunConfig base_;
    std::vector<DecoderChoice> decoders_;
    Vae initial_{nullptr};  // run 0's weights before training
};

}  // namespace latentlab
