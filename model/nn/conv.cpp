#include "model/nn/conv.h"

#include <ATen/ops/convolution_backward.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

namespace latentlab {

namespace {

constexpr auto kChannelsLast = at::MemoryFormat::ChannelsLast;

// oneDNN's convolutions through LibTorch's mkldnn backend, unless the
// environment asks for LibTorch's defaults (LATENTLAB_CONV=libtorch).
bool onednn_enabled() {
    static const bool enabled = [] {
        const char* choice = std::getenv("LATENTLAB_CONV");
        return at::hasMKLDNN() && !(choice && std::strcmp(choice, "libtorch") == 0);
    }();
    return enabled;
}

bool onednn_can_take(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias) {
    const auto cpu_float = [](const torch::Tensor& t) {
        return t.device().is_cpu() && t.scalar_type() == torch::kFloat && t.layout() == torch::kStrided;
    };
    return onednn_enabled() && input.dim() == 4 && input.numel() > 0 && weight.dim() == 4 &&
           cpu_float(input) && cpu_float(weight) && (!bias.defined() || cpu_float(bias)) &&
           at::globalContext().userEnabledMkldnn();
}

struct Geometry {
    int64_t stride, padding;
    std::array<int64_t, 2> strides() const { return {stride, stride}; }
    std::array<int64_t, 2> paddings() const { return {padding, padding}; }
};

constexpr std::array<int64_t, 2> kNoDilation{1, 1};
constexpr std::array<int64_t, 2> kNoOutputPadding{0, 0};

// y = conv(x, w) + b, every tensor channels-last.
torch::Tensor forward_conv(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b,
                           Geometry g) {
    return at::convolution(x, w, b, g.strides(), g.paddings(), kNoDilation, false, kNoOutputPadding, 1);
}

// The input gradient of y = conv(x, w) for an x of `input_sizes`: the
// transposed convolution of `gy`.
torch::Tensor conv_input_gradient(const torch::Tensor& gy, const torch::Tensor& w,
                                  at::IntArrayRef input_sizes, Geometry g) {
    // Only the shape and layout of the input matter here; its values are not read.
    const auto shape_of_input = at::empty(input_sizes, gy.options().memory_format(kChannelsLast));
    return std::get<0>(at::convolution_backward(gy, shape_of_input, w, c10::nullopt, g.strides(),
                                                g.paddings(), kNoDilation, false, kNoOutputPadding, 1,
                                                {true, false, false}));
}

// The weight gradient of y = conv(x, w), given gy.
torch::Tensor conv_weight_gradient(const torch::Tensor& gy, const torch::Tensor& x, const torch::Tensor& w,
                                   Geometry g) {
    return std::get<1>(at::convolution_backward(gy, x, w, c10::nullopt, g.strides(), g.paddings(),
                                                kNoDilation, false, kNoOutputPadding, 1,
                                                {false, true, false}));
}

class OnednnConv : public torch::autograd::Function<OnednnConv> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                                 const torch::Tensor& weight, const torch::Tensor& bias, int64_t stride,
                                 int64_t padding) {
        const auto x = input.contiguous(kChannelsLast);
        const auto w = weight.contiguous(kChannelsLast);
        ctx->save_for_backward({x, w});
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        return forward_conv(x, w, bias, {stride, padding});
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs) {
        const auto saved = ctx->get_saved_variables();
        const auto& x = saved[0];
        const auto& w = saved[1];
        const Geometry g{ctx->saved_data["stride"].toInt(), ctx->saved_data["padding"].toInt()};
        const auto gy = grad_outputs[0].contiguous(kChannelsLast);
        const auto [gx, gw, gb] = at::convolution_backward(
            gy, x, w, std::array<int64_t, 1>{w.size(0)}, g.strides(), g.paddings(), kNoDilation, false,
            kNoOutputPadding, 1,
            {ctx->needs_input_grad(0), ctx->needs_input_grad(1), ctx->needs_input_grad(2)});
        return {gx, gw.defined() ? gw.contiguous() : gw, gb, torch::Tensor(), torch::Tensor()};
    }
};

// y = conv^T(x, w) + b: a weight [in, out, k, k] is the weight of the
// convolution from `out` channels to `in` channels that this one reverses.
class OnednnConvTranspose : public torch::autograd::Function<OnednnConvTranspose> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& input,
                                 const torch::Tensor& weight, const torch::Tensor& bias, int64_t stride,
                                 int64_t padding) {
        const auto x = input.contiguous(kChannelsLast);
        const auto w = weight.contiguous(kChannelsLast);
        ctx->save_for_backward({x, w});
        ctx->saved_data["stride"] = stride;
        ctx->saved_data["padding"] = padding;
        const int64_t height = (x.size(2) - 1) * stride - 2 * padding + w.size(2);
        const int64_t width = (x.size(3) - 1) * stride - 2 * padding + w.size(3);
        auto y = conv_input_gradient(x, w, {x.size(0), w.size(1), height, width}, {stride, padding});
        if (bias.defined()) y.add_(bias.view({1, -1, 1, 1}));
        return y;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs) {
        const auto saved = ctx->get_saved_variables();
        const auto& x = saved[0];
        const auto& w = saved[1];
        const Geometry g{ctx->saved_data["stride"].toInt(), ctx->saved_data["padding"].toInt()};
        const auto gy = grad_outputs[0].contiguous(kChannelsLast);
        torch::Tensor gx, gw, gb;
        if (ctx->needs_input_grad(0)) gx = forward_conv(gy, w, torch::Tensor(), g);
        if (ctx->needs_input_grad(1)) gw = conv_weight_gradient(x, gy, w, g).contiguous();
        if (ctx->needs_input_grad(2)) gb = gy.sum({0, 2, 3});
        return {gx, gw, gb, torch::Tensor(), torch::Tensor()};
    }
};

}  // namespace

torch::Tensor conv2d(const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias,
                     int64_t stride, int64_t padding) {
    if (!onednn_can_take(input, weight, bias))
        return torch::nn::functional::conv2d(
            input, weight,
            torch::nn::functional::Conv2dFuncOptions().bias(bias).stride(stride).padding(padding));
    // LibTorch 1.13's custom functions take no undefined tensor.
    return OnednnConv::apply(input, weight,
                             bias.defined() ? bias : torch::zeros({weight.size(0)}, weight.options()), stride,
                             padding);
}

torch::Tensor conv_transpose2d(const torch::Tensor& input, const torch::Tensor& weight,
                               const torch::Tensor& bias, int64_t stride, int64_t padding) {
    if (!onednn_can_take(input, weight, bias))
        return torch::nn::functional::conv_transpose2d(
            input, weight,
            torch::nn::functional::ConvTranspose2dFuncOptions().bias(bias).stride(stride).padding(padding));
    return OnednnConvTranspose::apply(
        input, weight, bias.defined() ? bias : torch::zeros({weight.size(1)}, weight.options()), stride,
        padding);
}

namespace {

// The stride and padding of the layers this file handles: square and given
// as numbers, no dilation, one group, zero padding, no output padding; -1
// for the others.
template <typename Options>
std::pair<int64_t, int64_t> plain_geometry(const Options& o, at::IntArrayRef output_padding) {
    const auto* padding = c10::get_if<torch::ExpandingArray<2>>(&o.padding());
    const auto& stride = *o.stride();
    const auto& dilation = *o.dilation();
    const bool plain =
        padding && (**padding)[0] == (**padding)[1] && stride[0] == stride[1] && dilation[0] == 1 &&
        dilation[1] == 1 && o.groups() == 1 &&
        c10::holds_alternative<torch::enumtype::kZeros>(o.padding_mode()) &&
        std::all_of(output_padding.begin(), output_padding.end(), [](int64_t p) { return p == 0; });
    if (!plain) return {-1, -1};
    return {stride[0], (**padding)[0]};
}

}  // namespace

torch::Tensor ConvImpl::forward(const torch::Tensor& input) {
    const auto [stride, padding] = plain_geometry(options, {});
    if (stride < 0) return torch::nn::Conv2dImpl::forward(input);
    return conv2d(input, weight, bias, stride, padding);
}

torch::Tensor ConvTransposeImpl::forward(const torch::Tensor& input) {
    const auto [stride, padding] = plain_geometry(options, *options.output_padding());
    if (stride < 0) return torch::nn::ConvTranspose2dImpl::forward(input);
    return conv_transpose2d(input, weight, bias, stride, padding);
}

}  // namespace latentlab
