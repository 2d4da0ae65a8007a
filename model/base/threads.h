#pragma once

#include <cstdint>
#include <functional>

namespace latentlab {

// Thread settings (the measurements behind them are in tests/bench/README.md, "Measured: threads").
//
// Training on the CPU splits each batch across a team of threads
// (ThreadTeam), each running its slice's forward and backward on its own; the
// matrix products go through oneDNN (dense.h). So LibTorch's intra-op pool
// and OpenBLAS keep one thread each while a team trains; evaluation and the
// likelihood estimate give the pool the cores for their duration
// (PoolThreadsScope), because two thread pools on the same cores spin against
// each other.

// The number of cores, used when the user does not choose.
int default_compute_threads();

// `requested` when positive, else default_compute_threads().
int compute_threads(int requested);

// The process-wide settings every program makes once at start-up, before any
// model work: LibTorch's intra-op pool and OpenBLAS at one thread (teams and
// scopes take the cores when they need them), and freed memory kept for reuse
// (see threads.cpp).
void configure_process_threads();

// Gives LibTorch's intra-op pool `n` threads for the life of the object, then
// restores the previous count: for work done while a team waits.
class PoolThreadsScope {
public:
    explicit PoolThreadsScope(int n);
    ~PoolThreadsScope();
    PoolThreadsScope(const PoolThreadsScope&) = delete;
    PoolThreadsScope& operator=(const PoolThreadsScope&) = delete;

private:
    int previous_;
};

// The number of threads LibTorch's and oneDNN's parallel regions use when
// called from this thread only (OpenMP's per-thread setting). Unlike
// at::set_num_threads it leaves the process-wide count, which training
// threads start from, alone.
void set_calling_thread_compute_threads(int n);

// OpenBLAS's thread count, for measurements of LibTorch's default products.
void set_openblas_threads(int n);

// Calls f(from, to) on contiguous parts of [begin, end) of at least `grain`
// rows, one part per thread LibTorch would use from this thread, and returns
// when all are done (rethrowing the first part's exception). Not
// at::parallel_for: its OpenMP loop is compiled into the caller, and our
// sources are built without -fopenmp, so it ran everything on one thread.
void parallel_rows(int64_t begin, int64_t end, int64_t grain, const std::function<void(int64_t, int64_t)>& f);

}  // namespace latentlab
