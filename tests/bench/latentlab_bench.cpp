// latentlab-bench: the C++ side of the benchmark's measurements that
// latentlab-cli does not make (tests/bench/bench.py runs it).
//
//   latentlab-bench load DIR [--size S] [--channels C] [--repeat N] [--cache off|warm]
//     decodes an image folder with load_image_folder; --cache off (default)
//     decodes every file, --cache warm loads once to fill the folder cache and
//     times the loads after it. Prints "load images N seconds S from_cache B"
//     per timed load.
//   latentlab-bench matmul [--size N] [--repeat R] [--threads T]
//     times the product of two N x N float matrices on T threads (default:
//     every core), once as torch::mm (OpenBLAS) and once through dense()
//     (oneDNN's sgemm where available). Prints "matmul NAME size N threads T
//     seconds S gflops G" for each (the best of R).

#include "model/base/error.h"
#include "model/base/threads.h"
#include "model/data/image_folder.h"
#include "model/nn/dense.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

namespace {

using latentlab::Dataset;
using latentlab::FolderLoadInfo;
using latentlab::ImageFolderOptions;

using Options = std::map<std::string, std::string>;

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

long long number(const Options& options, const std::string& name, long long fallback) {
    const auto it = options.find(name);
    return it == options.end() ? fallback : std::atoll(it->second.c_str());
}

// A fingerprint of the rows, their order and their split, to compare loads.
std::string digest(const Dataset& data) {
    std::string text;
    for (const auto* set : {&data.train, &data.test}) {
        const int64_t n = set->size();
        if (n == 0) {
            text += "0;";
            continue;
        }
        const auto order = torch::arange(1, n + 1, torch::kDouble);
        const double rows = (set->images.flatten(1).to(torch::kDouble).sum(1) * order).sum().item<double>();
        const double labels = (set->labels.to(torch::kDouble) * order).sum().item<double>();
        text += std::to_string(n) + ":" + std::to_string(static_cast<long long>(rows)) + ":" +
                std::to_string(static_cast<long long>(labels)) + ":" + set->paths.back() + ";";
    }
    return text;
}

int run_load(const std::string& dir, const Options& options) {
    ImageFolderOptions load;
    load.size = number(options, "--size", 64);
    load.channels = number(options, "--channels", 3);
    const auto cache = options.count("--cache") ? options.at("--cache") : std::string("off");
    load.use_cache = cache == "warm";
    const long long repeat = std::max(1LL, number(options, "--repeat", 1));
    if (load.use_cache) {
        // Fill the cache. Files written in the last seconds are not cached
        // (see FolderCacheKey::settled), so a folder made just now waits.
        FolderLoadInfo info;
        for (int attempt = 0; attempt < 2; ++attempt) {
            latentlab::load_image_folder(dir, load, {}, nullptr, &info);
            if (info.cache_written || info.from_cache) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(3500));
        }
        if (!info.cache_written && !info.from_cache) {
            std::fprintf(stderr, "latentlab-bench: the folder cache was not written (%s)\n",
                         info.cache_file.empty() ? "no cache folder" : info.cache_file.c_str());
        }
    }
    for (long long r = 0; r < repeat; ++r) {
        FolderLoadInfo info;
        const auto start = std::chrono::steady_clock::now();
        const Dataset data = latentlab::load_image_folder(dir, load, {}, nullptr, &info);
        const double seconds = seconds_since(start);
        std::printf("load images %lld seconds %.4f from_cache %d skipped %zu digest %s\n",
                    static_cast<long long>(data.train.size() + data.test.size()), seconds, info.from_cache ? 1 : 0,
                    data.skipped.size(), digest(data).c_str());
        std::fflush(stdout);
    }
    return 0;
}

// The best seconds of `repeat` calls of `product`, after one warm-up call
// (thread pools, page faults).
template <typename Product>
double best_seconds(long long repeat, const Product& product) {
    product();
    double best = 1e30;
    for (long long r = 0; r < repeat; ++r) {
        const auto start = std::chrono::steady_clock::now();
        product();
        best = std::min(best, seconds_since(start));
    }
    return best;
}

int run_matmul(const Options& options) {
    const int64_t n = number(options, "--size", 2048);
    const long long repeat = std::max(1LL, number(options, "--repeat", 10));
    latentlab::configure_process_threads();
    const int threads = latentlab::compute_threads(static_cast<int>(number(options, "--threads", 0)));
    const latentlab::PoolThreadsScope pool(threads);
    torch::manual_seed(1);
    const torch::Tensor a = torch::randn({n, n});
    const torch::Tensor b = torch::randn({n, n});
    torch::Tensor c = torch::empty({n, n});
    const double flops = 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
    const auto report = [&](const char* name, double seconds) {
        std::printf("matmul %s size %lld threads %d seconds %.5f gflops %.2f\n", name, static_cast<long long>(n),
                    threads, seconds, flops / seconds / 1e9);
    };
    // LibTorch's default product (OpenBLAS here), given every core...
    latentlab::set_openblas_threads(threads);
    report("torch-mm", best_seconds(repeat, [&] { torch::mm_out(c, a, b); }));
    latentlab::set_openblas_threads(1);
    // ...and the trainer's (dense(): oneDNN where LibTorch exposes it).
    torch::NoGradGuard no_grad;
    const torch::Tensor zero_bias = torch::zeros({n});
    report(latentlab::dense_uses_onednn() ? "onednn" : "dense",
           best_seconds(repeat, [&] { c = latentlab::dense(a, b, zero_bias); }));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    latentlab::configure_process_threads();
    if (argc < 2) {
        std::fprintf(stderr, "usage: latentlab-bench load DIR [--size S] [--channels C] [--repeat N] "
                             "[--cache off|warm] | matmul [--size N] [--repeat R] [--threads T]\n");
        return 2;
    }
    const std::string command = argv[1];
    std::string dir;
    Options options;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) == 0 && i + 1 < argc) {
            options[arg] = argv[++i];
        } else {
            dir = arg;
        }
    }
    try {
        if (command == "load" && !dir.empty()) {
            return run_load(dir, options);
        }
        if (command == "matmul") {
            return run_matmul(options);
        }
    } catch (const latentlab::Error& e) {
        std::fprintf(stderr, "latentlab-bench: %s\n", e.what());
        return 1;
    } catch (const c10::Error& e) {
        std::fprintf(stderr, "latentlab-bench: LibTorch error: %s\n", e.what_without_backtrace());
        return 1;
    }
    std::fprintf(stderr, "latentlab-bench: unknown command or missing folder (run without arguments for usage)\n");
    return 2;
}
