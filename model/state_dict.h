#pragma once

#include "model/vae.h"

#include <string>

namespace latentlab {

// Writes the model's parameters and buffers as a name -> tensor dictionary
// with torch::pickle_save, the format Python's torch.load reads:
//   state = torch.load("vae.pt")   # {"encoder.body.0.weight": tensor, ...}
// The names are the module paths of VaeImpl (see README, "Export"). Written
// to a temporary file and renamed. Throws latentlab::Error.
void write_state_dict(Vae& model, const std::string& path);

}  // namespace latentlab
