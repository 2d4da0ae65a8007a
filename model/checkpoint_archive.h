#pragma once

// What a checkpoint's LibTorch archive may ask LibTorch to resolve. LibTorch
// 1.13 does not throw but ends the process (std::terminate, or a SEGV) when a
// class or type named in an archive cannot be resolved: a class its data
// names but does not declare, a declaration that refers to a missing class or
// to itself, a type tag it cannot parse. Only a file made by hand (with a
// valid checksum) gets that far, but a shared checkpoint must not crash the
// program that opens it, so every name is checked here first.

#include <string>

namespace latentlab {

// Throws latentlab::Error ("it is not a LatentLab checkpoint or is damaged
// (...)") unless every class declaration (code/*.py) is one of the plain
// module forms a checkpoint holds, every class the declarations and the
// pickles (data.pkl, constants.pkl) refer to is declared exactly once, no
// module contains itself, and the pickles call only the functions LibTorch's
// pickler writes, with type tags of the forms it writes. May throw c10::Error
// for an archive LibTorch's zip reader cannot open.
void check_checkpoint_archive(const std::string& archive);

}  // namespace latentlab
