#pragma once

// Whether a checkpoint's model is a TorchScript module: code its author
// wrote, which runs when the model is evaluated. The window asks before it
// opens such a run from elsewhere (app/runs/code_consent.h).

#include <string>

namespace latentlab {

// Reads the checkpoint's own configuration (not config.json, which a folder
// could make say anything) without building its model. Throws
// latentlab::Error like load_snapshot for a missing or damaged file.
bool holds_scripted_model(const std::string& path);

}  // namespace latentlab
