// config.json and the JSON a checkpoint holds: the settings, the history and
// the mid-run changes. Anything but latentlab::Error escaping is a finding,
// and so is a configuration accepted that validate() refuses.

#include "fuzz_input.h"
#include "model/base/error.h"
#include "model/base/run_config.h"
#include "model/store/config_file.h"
#include "model/store/history.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    latentlab::RunConfig config;
    bool read = false;
    try {
        config = latentlab::run_config_from_json(text);
        read = true;
    } catch (const latentlab::Error&) {
    }
    if (read) {
        try {
            latentlab::validate(config);  // what the reader accepts is valid
            // and is written back and read again the same.
            if (latentlab::to_json(latentlab::run_config_from_json(latentlab::to_json(config))) !=
                latentlab::to_json(config))
                std::abort();
        } catch (const latentlab::Error&) {
            std::abort();
        }
    }
    try {
        latentlab::history_from_json(text);
    } catch (const latentlab::Error&) {
    }
    try {
        latentlab::setting_changes_from_json(text);
    } catch (const latentlab::Error&) {
    }
    return 0;
}
