#include "model/nn/dense.h"

#ifdef LATENTLAB_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.h>
#endif

#include <cstdlib>
#include <cstring>
#include <string>

namespace latentlab {

namespace {

// oneDNN's C API (the same in its versions 2 and 3): row-major
// C[M, N] = alpha op(A) op(B) + beta C; returns 0 on success.
using Sgemm = int (*)(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                      int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// oneDNN when the build found it (CMake: find_package(dnnl)), unless the
// environment asks for LibTorch's products (LATENTLAB_GEMM=libtorch).
Sgemm onednn_sgemm() {
    static const Sgemm sgemm = [] {
        const char* choice = std::getenv("LATENTLAB_GEMM");
        if (choice && std::strcmp(choice, "libtorch") == 0) return Sgemm{nullptr};
#ifdef LATENTLAB_HAVE_ONEDNN
        return Sgemm{[](char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
                        int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
            return static_cast<int>(dnnl_sgemm(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc));
        }};
#else
        return Sgemm{nullptr};
#endif
    }();
    return sgemm;
}

void gemm(char transa, char transb, int64_t m, int64_t n, int64_t k, const float* a, const float* b, float beta,
          float* c) {
    const int64_t lda = transa == 'N' ? k : m;
    const int64_t ldb = transb == 'N' ? n : k;
    const int status = onednn_sgemm()(transa, transb, m, n, k, 1.0f, a, lda, b, ldb, beta, c, n);
    TORCH_CHECK(status == 0, "oneDNN sgemm failed with status ", status);
}

// Rows of the input as one [M, K] matrix.
torch::Tensor as_rows(const torch::Tensor& t) { return t.reshape({-1, t.size(-1)}).contiguous(); }

// First derivatives only (no create_graph): the backward calls sgemm directly.
class OnednnLinear : public torch::autograd::Function<OnednnLinear> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                                 const torch::Tensor& weight, const torch::Tensor& bias) {
        const auto x = as_rows(input);
        const auto w = weight.contiguous();
        const int64_t m = x.size(0), k = x.size(1), n = w.size(0);
        auto shape = input.sizes().vec();
        shape.back() = n;
        // Start from the bias in every row, then add x W^T (beta = 1). A copy:
        // for one row, expand().contiguous() would be the bias itself.
        auto y = torch::empty(shape, x.options());
        y.copy_(bias);
        gemm('N', 'T', m, n, k, x.data_ptr<float>(), w.data_ptr<float>(), 1.0f, y.data_ptr<float>());
        ctx->save_for_backward({x, w});
        return y;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs) {
        const auto saved = ctx->get_saved_variables();
        const auto& x = saved[0];
        const auto& w = saved[1];
        const auto g = as_rows(grad_outputs[0]);
        const int64_t m = x.size(0), k = x.size(1), n = w.size(0);
        torch::Tensor grad_input, grad_weight, grad_bias;
        if (ctx->needs_input_grad(0)) {
            auto shape = grad_outputs[0].sizes().vec();
            shape.back() = k;
            grad_input = torch::empty(shape, x.options());
            gemm('N', 'N', m, k, n, g.data_ptr<float>(), w.data_ptr<float>(), 0.0f, grad_input.data_ptr<float>());
        }
        if (ctx->needs_input_grad(1)) {
            grad_weight = torch::empty({n, k}, w.options());
            gemm('T', 'N', n, k, m, g.data_ptr<float>(), x.data_ptr<float>(), 0.0f, grad_weight.data_ptr<float>());
        }
        if (ctx->needs_input_grad(2)) grad_bias = g.sum(0);
        return {grad_input, grad_weight, grad_bias};
    }
};

bool onednn_can_take(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias) {
    const auto cpu_float = [](const torch::Tensor& t) {
        return t.device().is_cpu() && t.scalar_type() == torch::kFloat && t.layout() == torch::kStrided;
    };
    return onednn_sgemm() && input.dim() >= 1 && input.numel() > 0 && cpu_float(input) && cpu_float(weight) &&
           (!bias.defined() || cpu_float(bias));
}

}  // namespace

bool dense_uses_onednn() { return onednn_sgemm() != nullptr; }

torch::Tensor dense(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias) {
    if (!onednn_can_take(input, weight, bias)) return torch::nn::functional::linear(input, weight, bias);
    // sgemm trusts the sizes it is given: check them as LibTorch's linear would.
    TORCH_CHECK(weight.dim() == 2 && input.size(-1) == weight.size(1), "dense: input of shape ", input.sizes(),
                " does not fit a weight of shape ", weight.sizes());
    TORCH_CHECK(!bias.defined() || (bias.dim() == 1 && bias.size(0) == weight.size(0)), "dense: bias of shape ",
                bias.sizes(), " does not fit a weight of shape ", weight.sizes());
    // LibTorch 1.13's custom functions take no undefined tensor: a missing
    // bias becomes zeros that need no gradient.
    return OnednnLinear::apply(input, weight, bias.defined() ? bias : torch::zeros({weight.size(0)}, weight.options()));
}

torch::Tensor DenseImpl::forward(const torch::Tensor& input) { return dense(input, weight, bias); }

}  // namespace latentlab
