#pragma once

namespace latentlab {

// The compute threads used when the user does not choose. Measured on the
// 2-core reference machine (README, "Threads"): see threads.cpp.
int default_compute_threads();

// Sets LibTorch's intra-op pool and OpenBLAS's pool together so they do not
// oversubscribe the cores; 0 means default_compute_threads(). Returns the
// number of threads in use.
int configure_compute_threads(int requested);

}  // namespace latentlab
