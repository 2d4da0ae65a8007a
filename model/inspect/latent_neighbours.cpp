#include "model/inspect/latent_neighbours.h"

#include "model/base/error.h"
#include "model/base/threads.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace latentlab {

namespace {

// Queries a thread takes at a time, and codes compared with them per matrix
// product: the 64 x 1024 block of scores (256 KB) stays in the core's cache
// while it is scanned. Measured on 70,000 x 20 codes (tests/bench/README.md):
// one [512, N] matrix per block and topk wrote and re-read ~20 GB and took
// 10-17 s; these tiles take a few seconds.
constexpr int64_t kQueryBlock = 64;
constexpr int64_t kCodeTile = 1024;
// Queries between two progress reports (and cancel checks).
constexpr int64_t kReportEvery = 2048;
// Scores scanned at once for one below the k-th best: a branch-free loop the
// compiler vectorises; most chunks hold none.
constexpr int64_t kScanChunk = 16;

// The k best (smallest) scores so far of one query, sorted, with their rows.
struct Best {
    float* score;
    int64_t* row;
    int64_t k;

    void offer(float value, int64_t index) {
        int64_t at = k - 1;
        while (at > 0 && score[at - 1] > value) {
            score[at] = score[at - 1];
            row[at] = row[at - 1];
            --at;
        }
        score[at] = value;
        row[at] = index;
    }
};

// Queries [begin, end) of `q` against every code: `rows` and `distances`
// ([Q, k], row-major) get their k nearest, by exact distance.
void search_block(const torch::Tensor& c, const torch::Tensor& code_norms, const torch::Tensor& q, int64_t begin,
                  int64_t end, int64_t k, bool exclude_self, int64_t* rows, float* distances) {
    const int64_t n = c.size(0);
    const int64_t d = c.size(1);
    const int64_t count = end - begin;
    std::vector<float> score(static_cast<size_t>(count * k), std::numeric_limits<float>::infinity());
    std::vector<int64_t> row(static_cast<size_t>(count * k), -1);
    const auto block = q.slice(0, begin, end);
    for (int64_t tile = 0; tile < n; tile += kCodeTile) {
        const int64_t tile_end = std::min(n, tile + kCodeTile);
        const int64_t width = tile_end - tile;
        // |c|^2 - 2 q.c: the squared distance less |q|^2, which a row shares.
        const auto scores = torch::addmm(code_norms.slice(0, tile, tile_end).unsqueeze(0), block,
                                         c.slice(0, tile, tile_end).t(), /*beta=*/1, /*alpha=*/-2)
                                .contiguous();
        const float* s = scores.data_ptr<float>();
        for (int64_t r = 0; r < count; ++r) {
            Best best{&score[static_cast<size_t>(r * k)], &row[static_cast<size_t>(r * k)], k};
            const float* line = s + r * width;
            const int64_t self = exclude_self ? begin + r : -1;
            float worst = best.score[k - 1];
            for (int64_t j = 0; j < width; j += kScanChunk) {
                const int64_t stop = std::min(width, j + kScanChunk);
                bool any = false;
                for (int64_t t = j; t < stop; ++t) any |= line[t] < worst;
                if (!any) continue;
                for (int64_t t = j; t < stop; ++t) {
                    if (!(line[t] < worst) || tile + t == self) continue;
                    best.offer(line[t], tile + t);
                    worst = best.score[k - 1];
                }
            }
        }
    }
    // The expansion loses digits for close codes (identical ones come out
    // ~1e-3 apart): the k found are measured again directly, and re-sorted
    // (ties by row).
    const float* cp = c.data_ptr<float>();
    const float* qp = q.data_ptr<float>();
    std::vector<std::pair<float, int64_t>> exact(static_cast<size_t>(k));
    for (int64_t r = 0; r < count; ++r) {
        const float* query = qp + (begin + r) * d;
        for (int64_t j = 0; j < k; ++j) {
            const int64_t other = row[static_cast<size_t>(r * k + j)];
            const float* code = cp + other * d;
            double sum = 0.0;
            for (int64_t x = 0; x < d; ++x) {
                const double diff = static_cast<double>(code[x]) - static_cast<double>(query[x]);
                sum += diff * diff;
            }
            exact[static_cast<size_t>(j)] = {static_cast<float>(std::sqrt(sum)), other};
        }
        std::sort(exact.begin(), exact.end());
        for (int64_t j = 0; j < k; ++j) {
            rows[(begin + r) * k + j] = exact[static_cast<size_t>(j)].second;
            distances[(begin + r) * k + j] = exact[static_cast<size_t>(j)].first;
        }
    }
}

}  // namespace

Neighbours nearest_neighbours(const torch::Tensor& codes, const torch::Tensor& queries, int64_t k, bool exclude_self,
                              const std::function<void(int64_t, int64_t)>& progress,
                              const std::atomic<bool>* cancel) {
    if (codes.dim() != 2 || queries.dim() != 2 || codes.size(1) != queries.size(1))
        throw Error("neighbours need codes and queries of the same latent size");
    if (exclude_self && queries.size(0) != codes.size(0)) throw Error("excluding self needs the codes as queries");
    const torch::NoGradGuard no_grad;
    const auto c = codes.to(torch::kCPU, torch::kFloat).contiguous();
    const auto q = queries.to(torch::kCPU, torch::kFloat).contiguous();
    const int64_t n = c.size(0);
    const int64_t available = exclude_self ? n - 1 : n;
    k = std::max<int64_t>(0, std::min(k, available));
    const int64_t total = q.size(0);
    Neighbours result;
    result.index = torch::empty({total, k}, torch::kLong);
    result.distance = torch::empty({total, k}, torch::kFloat);
    if (k == 0 || total == 0) return result;
    const auto code_norms = c.pow(2).sum(1);  // [N]
    int64_t* rows = result.index.data_ptr<int64_t>();
    float* distances = result.distance.data_ptr<float>();
    for (int64_t begin = 0; begin < total; begin += kReportEvery) {
        if (cancel && cancel->load()) return {};
        const int64_t end = std::min(total, begin + kReportEvery);
        parallel_rows(begin, end, kQueryBlock, [&](int64_t from, int64_t to) {
            for (int64_t b = from; b < to; b += kQueryBlock)
                search_block(c, code_norms, q, b, std::min(to, b + kQueryBlock), k, exclude_self, rows, distances);
        });
        if (progress) progress(end, total);
    }
    return result;
}

}  // namespace latentlab
