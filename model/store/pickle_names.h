#pragma once

// The names a pickle makes its reader look up, found without unpickling it,
// so that the checkpoint reader can refuse a class or type name no checkpoint
// uses before LibTorch sees it (model/store/checkpoint_archive.h). Free of
// LibTorch, so it is unit-tested and fuzzed on its own.
//
// Only the protocol-2 opcodes LibTorch's pickler writes are understood (the
// same in 1.13 and 2.x: torch/csrc/jit/serialization/pickler.cpp); a pickle
// with any other opcode is refused rather than guessed at.

#include <string>
#include <string_view>
#include <vector>

namespace latentlab {

struct PickleGlobal {
    std::string module;  // e.g. "__torch__.___torch_mangle_3" or "torch._utils"
    std::string name;    // e.g. "Module" or "_rebuild_tensor_v2"
    bool operator==(const PickleGlobal& other) const { return module == other.module && name == other.name; }
};

struct PickleNames {
    std::vector<PickleGlobal> globals;   // each GLOBAL, once, in the order of first use
    std::vector<std::string> type_tags;  // the type strings restore_type_tag is called with
};

// Walks `pickle` opcode by opcode, keeping a shadow stack and memo of just
// enough (strings, globals, tuples) to see what each restore_type_tag call
// receives. Throws latentlab::Error naming the offset for an opcode outside
// LibTorch's set, a pickle cut short, a stack or memo reference to nothing,
// or a global whose name is not a dotted identifier.
PickleNames pickle_names(std::string_view pickle);

}  // namespace latentlab
