#pragma once

namespace latentlab {

// Thread settings, measured on the 2-core reference machine with the
// 784-400-20 MLP, batch 128 (seconds per epoch, median of 3):
//   LibTorch 1 + OpenBLAS 2: 2.5    LibTorch 1 + OpenBLAS 1: 3.2
//   LibTorch 2 + OpenBLAS 1: 3.2    LibTorch 2 + OpenBLAS 2: 9.0 (the pools fight)
// Matrix products dominate (sgemm ~50% of the profile), so the cores go to
// OpenBLAS and LibTorch's own intra-op pool keeps one thread.
//
// Convolutions are the other way round: LibTorch runs them in oneDNN on its
// own intra-op pool, not through BLAS. The 64x64 RGB conv VAE (32-32-64-64,
// batch 128, 5,400 images, two alternating pairs of 2-epoch runs on a quiet
// machine): LibTorch 2 + OpenBLAS 1: 8.4-9.0 s per epoch; LibTorch 1 +
// OpenBLAS 2: 9.8-11.8 s. So conv models give the cores to LibTorch and
// OpenBLAS keeps one thread.

// The number of cores, used when the user does not choose.
int default_compute_threads();

// Gives `requested` threads (0 = default_compute_threads()) to OpenBLAS and
// one to LibTorch's intra-op pool, or for `convolutional` models the
// reverse; also keeps freed memory for reuse (see threads.cpp). Returns the
// thread count given.
int configure_compute_threads(int requested, bool convolutional = false);

}  // namespace latentlab
