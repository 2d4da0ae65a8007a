#pragma once

#include "model/train/model_snapshot.h"

#include <string>

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
// Written whole or not at all. Throws latentlab::Error.
void write_state_dict(const ModelSnapshot& snapshot, const std::string& path);

}  // namespace latentlab
