// A TorchScript file, read as `latentlab-cli import --torchscript` reads it
// before anything of it runs: the ZIP directory's checks, then LibTorch's
// loader (load_torchscript), then the encode/decode methods looked up. The
// module's methods are never called: what a module computes is its author's.

#include "fuzz_input.h"
#include "model/base/error.h"
#include "model/base/run_config.h"
#include "model/nn/scripted_networks.h"
#include "model/store/torchscript_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    try {
        latentlab::ScriptedNetworks networks(latentlab::load_torchscript(bytes, "fuzz.pt"), latentlab::VaeConfig{});
    } catch (const latentlab::Error&) {
    }
    return 0;
}
