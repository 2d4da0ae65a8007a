// An IDX file, plain or gzip (read_idx tells them apart by the gzip magic).
// Anything but latentlab::Error escaping is a finding.

#include "fuzz_input.h"
#include "model/base/error.h"
#include "model/data/idx_reader.h"

#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = latentlab::fuzz::scratch_file("idx", data, size);
    try {
        const torch::Tensor t = latentlab::read_idx(path);
        (void)t.numel();
    } catch (const latentlab::Error&) {
    }
    std::remove(path.c_str());
    return 0;
}
