#include "model/train/fused_adam.h"

#include <cmath>
#include <sstream>
#include <string>
#include <type_traits>

namespace latentlab {

namespace {

// Optimizer state is keyed by the parameter's TensorImpl: as a string of its
// address in LibTorch 1.x, as the pointer itself in 2.x.
template <typename Key>
Key state_key(const torch::Tensor& p) {
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream text;
        text << p.unsafeGetTensorImpl();
        return text.str();
    } else {
        return static_cast<Key>(p.unsafeGetTensorImpl());
    }
}

struct Update {
    float* p;
    const float* g;
    float* m;
    float* v;
    int64_t n;
    float beta1, beta2, weight_decay, step_size, sqrt_bc2, eps;
};

// One pass of Adam over n floats, in LibTorch's order of operations:
//   g += wd * p;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//   p -= step_size * m / (sqrt(v) / sqrt(bc2) + eps)
// Compiled for AVX-512 and AVX2 where the CPU has them (a plain copy otherwise).
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void adam_update(float* __restrict p, const float* __restrict g, float* __restrict m, float* __restrict v, int64_t n,
                 float beta1, float beta2, float weight_decay, float step_size, float sqrt_bc2, float eps) {
    const float one_minus_beta1 = 1.0f - beta1;
    const float one_minus_beta2 = 1.0f - beta2;
    for (int64_t i = 0; i < n; ++i) {
        const float gi = g[i] + weight_decay * p[i];
        const float mi = beta1 * m[i] + one_minus_beta1 * gi;
        const float vi = beta2 * v[i] + one_minus_beta2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= step_size * (mi / (std::sqrt(vi) / sqrt_bc2 + eps));
    }
}

}  // namespace

bool FusedAdam::fusable() const {
    for (const auto& group : param_groups_) {
        const auto& options = static_cast<const torch::optim::AdamOptions&>(group.options());
        if (options.amsgrad()) return false;
        for (const auto& p : group.params()) {
            if (!p.grad().defined()) continue;
            if (!p.device().is_cpu() || p.scalar_type() != torch::kFloat || !p.is_contiguous() ||
                p.grad().scalar_type() != torch::kFloat || !p.grad().is_contiguous() || p.grad().is_sparse())
                return false;
        }
    }
    return true;
}

torch::Tensor FusedAdam::step(LossClosure closure) {
    if (!fusable()) return torch::optim::Adam::step(closure);
    torch::NoGradGuard no_grad;
    torch::Tensor loss;
    if (closure) {
        at::AutoGradMode enable_grad(true);
        loss = closure();
    }
    using Key = typename std::decay_t<decltype(state_)>::key_type;
    std::vector<Update> updates;
    int64_t total = 0;
    for (auto& group : param_groups_) {
        auto& options = static_cast<torch::optim::AdamOptions&>(group.options());
        const auto beta1 = std::get<0>(options.betas());
        const auto beta2 = std::get<1>(options.betas());
        for (auto& p : group.params()) {
            if (!p.grad().defined()) continue;
            const auto key = state_key<Key>(p);
            auto found = state_.find(key);
            if (found == state_.end()) {
                auto state = std::make_unique<torch::optim::AdamParamState>();
                state->step(0);
                state->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
                state->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
                found = state_.emplace(key, std::move(state)).first;
            }
            auto& state = static_cast<torch::optim::AdamParamState&>(*found->second);
            if (!state.exp_avg().is_contiguous() || !state.exp_avg_sq().is_contiguous()) {
                state.exp_avg(state.exp_avg().contiguous());
                state.exp_avg_sq(state.exp_avg_sq().contiguous());
            }
            state.step(state.step() + 1);
            const double bias_correction1 = 1.0 - std::pow(beta1, state.step());
            const double bias_correction2 = 1.0 - std::pow(beta2, state.step());
            updates.push_back({p.data_ptr<float>(), p.grad().data_ptr<float>(), state.exp_avg().data_ptr<float>(),
                               state.exp_avg_sq().data_ptr<float>(), p.numel(), static_cast<float>(beta1),
                               static_cast<float>(beta2), static_cast<float>(options.weight_decay()),
                               static_cast<float>(options.lr() / bias_correction1),
                               static_cast<float>(std::sqrt(bias_correction2)), static_cast<float>(options.eps())});
            total += p.numel();
        }
    }

    // Each member takes an equal run of the elements of all parameters in
    // turn, cut at multiples of 16 elements of that sequence.
    const int members = team_ ? team_->size() : 1;
    const auto share = [&](int member) {
        const auto cut = [&](int k) { return std::min(total, (total * k / members + 15) / 16 * 16); };
        const int64_t begin = cut(member), end = cut(member + 1);
        int64_t offset = 0;
        for (const auto& u : updates) {
            const int64_t from = std::max(begin, offset) - offset, to = std::min(end, offset + u.n) - offset;
            if (from < to)
                adam_update(u.p + from, u.g + from, u.m + from, u.v + from, to - from, u.beta1, u.beta2,
                            u.weight_decay, u.step_size, u.sqrt_bc2, u.eps);
            offset += u.n;
        }
    };
    if (team_) team_->run(share);
    else share(0);
    return loss;
}

}  // namespace latentlab
