#pragma once

namespace latentlab {

// Thread settings, measured on the 2-core reference machine.
//
// Training on the CPU splits each batch across a team of `n` threads
// (ThreadTeam), each running its slice's forward and backward on its own; the
// MLP's matrix products go through oneDNN's sgemm (dense.h), convolutions
// through oneDNN too. So LibTorch's intra-op pool and OpenBLAS keep one thread
// each. Seconds per epoch, alternating runs on one machine:
//
// The classic 784-400-20 VAE, batch 128:
//   team of 2, oneDNN sgemm:                    1.05-1.36
//   team of 2, OpenBLAS 1 thread per member:    1.65-1.83
//   no team, OpenBLAS 2 threads (before):       2.5-3.2 (its idle thread
//     spins in sched_yield between products; ~30% of the profile)
//   LibTorch 2 + OpenBLAS 2 fought each other:  9.0
// The 64x64 RGB conv VAE (32-32-64-64, batch 128, 5,000 images, 2 x 2 runs):
//   team of 2:                                  5.45-7.32
//   LibTorch's pool of 2 threads (before):      7.11-8.78 (and far worse when
//     another process wants a core: OpenMP's threads spin while they wait)
//
// Evaluation and the likelihood estimate run without a team, on LibTorch's
// pool.

// The number of cores, used when the user does not choose.
int default_compute_threads();

// Who runs on the cores: a ThreadTeam (training) or LibTorch's own intra-op
// pool (evaluation, the likelihood estimate).
enum class CoreUse { Team, LibTorchPool };

// Gives LibTorch's intra-op pool `requested` threads (0 =
// default_compute_threads()) for LibTorchPool and one for Team, OpenBLAS one
// either way (oneDNN does the products); also keeps freed memory for reuse
// (see threads.cpp). Returns the thread count, the team's size for Team.
int configure_compute_threads(int requested, CoreUse use);

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

// OpenBLAS's thread count, for measurements of LibTorch's default products.
void set_openblas_threads(int n);

}  // namespace latentlab
