#include "model/base/threads.h"

#include <torch/torch.h>

#include <dlfcn.h>
#include <malloc.h>

#include <algorithm>
#include <exception>
#include <thread>
#include <vector>

namespace latentlab {

namespace {

// glibc returns large freed blocks to the kernel at once, so every training
// step would map its activations afresh and fault in every page. Keeping
// freed memory cut system time from 5.0 s to ~0 s over a 10-epoch run.
void retain_freed_memory() {
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

}  // namespace

// OpenBLAS is reached through libblas.so.3, so its symbol is looked up at run
// time: linking it directly would tie the build to one BLAS.
void set_openblas_threads(int n) {
    using SetThreads = void (*)(int);
    if (auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(n);
}

// Looked up at run time: the OpenMP runtime is LibTorch's (an official
// LibTorch bundles its own), and only that one's setting counts.
void set_calling_thread_compute_threads(int n) {
    using SetThreads = void (*)(int);
    static const auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    if (set) set(std::max(1, n));
}

void parallel_rows(int64_t begin, int64_t end, int64_t grain, const std::function<void(int64_t, int64_t)>& f) {
    const int64_t rows = end - begin;
    if (rows <= 0) return;
    const int64_t parts =
        std::min<int64_t>(std::max(1, at::get_num_threads()), std::max<int64_t>(1, rows / std::max<int64_t>(1, grain)));
    if (parts <= 1 || at::in_parallel_region()) {
        f(begin, end);
        return;
    }
    const int64_t chunk = (rows + parts - 1) / parts;
    std::vector<std::exception_ptr> errors(static_cast<size_t>(parts));
    const auto run = [&](int64_t part) {
        try {
            const int64_t from = begin + part * chunk;
            if (from < end) f(from, std::min(end, from + chunk));
        } catch (...) {
            errors[static_cast<size_t>(part)] = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    helpers.reserve(static_cast<size_t>(parts - 1));
    for (int64_t part = 1; part < parts; ++part) helpers.emplace_back(run, part);
    run(0);
    for (std::thread& helper : helpers) helper.join();
    for (const std::exception_ptr& error : errors)
        if (error) std::rethrow_exception(error);
}

int default_compute_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

int compute_threads(int requested) { return requested > 0 ? requested : default_compute_threads(); }

void configure_process_threads() {
    retain_freed_memory();
    at::set_num_threads(1);
    set_openblas_threads(1);
}

PoolThreadsScope::PoolThreadsScope(int n) : previous_(at::get_num_threads()) {
    if (n != previous_) at::set_num_threads(n);
}

PoolThreadsScope::~PoolThreadsScope() {
    if (at::get_num_threads() != previous_) at::set_num_threads(previous_);
}

}  // namespace latentlab
