// A checkpoint file, read as Open Run, the explorer and `eval` read it
// (load_snapshot) and as `resume` does (Trainer::load). The first byte picks
// how the rest is used: even, as the file's bytes (the seal's checks); odd,
// sealed first with a correct checksum, so the fuzzer reaches LibTorch's
// archive reader and ours behind it, as a hand-made file would.

#include "fuzz_input.h"
#include "model/base/error.h"
#include "model/store/checkpoint_file.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"

#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::string bytes = data[0] % 2 ? latentlab::seal_checkpoint(rest) : rest;
    const std::string path = latentlab::fuzz::scratch_file(
        "checkpoint", reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), ".pt");
    try {
        latentlab::load_snapshot(path, "cpu");
    } catch (const latentlab::Error&) {
    }
    try {
        latentlab::Trainer::load(path, "cpu", 1);
    } catch (const latentlab::Error&) {
    }
    std::remove(path.c_str());
    return 0;
}
