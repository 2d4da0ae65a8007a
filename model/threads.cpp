#include "model/threads.h"

#include <torch/torch.h>

#include <dlfcn.h>

namespace latentlab {

namespace {

// OpenBLAS is reached through libblas.so.3, so its symbol is looked up at run
// time: linking it directly would tie the build to one BLAS.
void set_openblas_threads(int n) {
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(n);
}

}  // namespace

int default_compute_threads() { return 1; }

int configure_compute_threads(int requested) {
    const int n = requested > 0 ? requested : default_compute_threads();
    at::set_num_threads(n);
    set_openblas_threads(n);
    return n;
}

}  // namespace latentlab
