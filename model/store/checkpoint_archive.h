#pragma once

// What a checkpoint's LibTorch archive may ask LibTorch to resolve, checked
// before LibTorch parses it. One malformed class declaration (code/*.py)
// crashes LibTorch 1.13's parser with a SEGV (fuzz_checkpoint found it), so
// only the plain module forms a checkpoint holds pass. The names the pickles
// use are checked too: LibTorch throws for those (the reader catches every
// exception), but this way a hand-made file is refused with a message that
// says what is wrong, before LibTorch builds anything from it.

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
