#pragma once

// Reading a TorchScript file: a module saved by torch.jit.save (or
// ScriptModule.save) in Python. It is a program: its methods run LibTorch
// operations when called. LibTorch cannot open files or sockets from it, but
// its parser is not hardened against hand-made archives (fuzz_checkpoint found
// a crash in it), so the archive's size and ZIP directory are checked first
// (zip_directory.h), its pickles walked (pickle_names.h: LibTorch's unpickler
// trusts memo indices), and a file is read only when someone asked for it.

#include <torch/torch.h>

#include <string>

namespace latentlab {

// The bytes of the file at `path`; refuses a file larger than
// limits::kTorchScriptBytesMax before reading it. Throws latentlab::Error.
std::string read_torchscript_file(const std::string& path);

// The module in `bytes` (a TorchScript archive), on the CPU, after the checks
// of read_zip_directory and pickle_names and that it has a data.pkl, a version
// and code. Throws latentlab::Error naming `name` for anything LibTorch or the
// checks refuse.
torch::jit::Module load_torchscript(const std::string& bytes, const std::string& name);

}  // namespace latentlab
