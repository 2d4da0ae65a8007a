#pragma once

#include "model/train/model_snapshot.h"

#include <string>
#include <utility>
#include <vector>

namespace latentlab {

// Writes the model for PyTorch with torch::pickle_save, which Python's
// torch.load reads as a dictionary:
//   file = torch.load("vae.pt")
//   file["state_dict"]  # {"encoder.body.0.weight": tensor, ...}: the module
//                       # paths of VaeImpl (README, "Export for PyTorch")
//   file["likelihood"], file["sigma"], file["min_sigma"], file["latent"],
//   file["decoder_variance"]:
//                       # what evaluating p(x|z) needs
//   file["config"]      # the run's whole config.json
// Written whole or not at all. Throws latentlab::Error, also for a model
// imported from TorchScript.
void write_state_dict(const ModelSnapshot& snapshot, const std::string& path);

// What a state-dict file holds: what write_state_dict writes, or what Python
// writes with torch.save({"state_dict": model.state_dict(), "config": ...})
// or torch.save(model.state_dict()).
struct StateDictFile {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;  // by module path, in the file's order
    std::string config_json;                                     // its "config" entry; empty when none
};

// Reads a state-dict file written by torch.save or torch::pickle_save.
// Throws latentlab::Error naming the file and what is wrong: too large, not
// a PyTorch file, no tensors, an entry that is not a tensor.
StateDictFile read_state_dict(const std::string& path);

// Copies the file's tensors into `model`'s parameters and buffers by name
// (strict, like PyTorch's load_state_dict). Throws latentlab::Error listing
// the names missing from the file, those the model lacks and the shapes that
// differ, so a mismatched --config is plain.
void load_state_dict(Vae& model, const StateDictFile& file);

}  // namespace latentlab
