#pragma once

namespace latentlab {

// Thread settings, measured on the 2-core reference machine with the
// 784-400-20 MLP, batch 128 (seconds per epoch, median of 3):
//   LibTorch 1 + OpenBLAS 2: 2.5    LibTorch 1 + OpenBLAS 1: 3.2
//   LibTorch 2 + OpenBLAS 1: 3.2    LibTorch 2 + OpenBLAS 2: 9.0 (the pools fight)
// Matrix products dominate (sgemm ~50% of the profile), so the cores go to
// OpenBLAS and LibTorch's own intra-op pool keeps one thread.

// The number of cores, used for OpenBLAS when the user does not choose.
int default_compute_threads();

// Gives OpenBLAS `requested` threads (0 = default_compute_threads()) and
// LibTorch's intra-op pool one; also keeps freed memory for reuse (see
// threads.cpp). Returns the OpenBLAS thread count.
int configure_compute_threads(int requested);

}  // namespace latentlab
