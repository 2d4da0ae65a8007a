#include <QtTest/QtTest>

#include "model/nn/conv.h"
#include "test_registry.h"

using namespace latentlab;

namespace {

struct Result {
    torch::Tensor output, input_grad, weight_grad, bias_grad;
};

using Layer = std::function<torch::Tensor(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&)>;

// Output and gradients of sum(output * probe), through `layer`.
Result run(const Layer& layer, const torch::Tensor& input, const torch::Tensor& weight,
           const torch::Tensor& bias, bool input_needs_grad) {
    auto x = input.clone().requires_grad_(input_needs_grad);
    auto w = weight.clone().requires_grad_(true);
    auto b = bias.clone().requires_grad_(true);
    const auto y = layer(x, w, b);
    auto generator = at::detail::createCPUGenerator(5);
    const auto probe = torch::randn(y.sizes(), generator);
    (y * probe).sum().backward();
    return {y.detach(), input_needs_grad ? x.grad() : torch::Tensor(), w.grad(), b.grad()};
}

// The largest difference relative to the largest magnitude of `expected`.
double relative_difference(const torch::Tensor& actual, const torch::Tensor& expected) {
    return (actual - expected).abs().max().item<double>() / expected.abs().max().item<double>();
}

}  // namespace

class TestConv : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The layers of the conv networks (4x4 kernels, stride 2, padding 1):
    // the first convolution of RGB images (no input gradient), inner ones,
    // and transposed ones down to 3 channels, against LibTorch's own.
    void matchesLibTorch_data() {
        QTest::addColumn<bool>("transposed");
        QTest::addColumn<qint64>("in");
        QTest::addColumn<qint64>("out");
        QTest::addColumn<qint64>("side");
        QTest::addColumn<bool>("inputNeedsGrad");
        QTest::newRow("conv, RGB images in") << false << qint64{3} << qint64{32} << qint64{32} << false;
        QTest::newRow("conv, inner") << false << qint64{32} << qint64{64} << qint64{8} << true;
        QTest::newRow("transposed, inner") << true << qint64{64} << qint64{32} << qint64{4} << true;
        QTest::newRow("transposed, to RGB") << true << qint64{32} << qint64{3} << qint64{16} << true;
    }
    void matchesLibTorch() {
        QFETCH(bool, transposed);
        QFETCH(qint64, in);
        QFETCH(qint64, out);
        QFETCH(qint64, side);
        QFETCH(bool, inputNeedsGrad);
        auto generator = at::detail::createCPUGenerator(1);
        const auto input = torch::randn({5, in, side, side}, generator);
        const auto weight =
            transposed ? torch::randn({in, out, 4, 4}, generator) : torch::randn({out, in, 4, 4}, generator);
        const auto bias = torch::randn({out}, generator);
        const auto ours = run(
            [&](const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
                return transposed ? conv_transpose2d(x, w, b, 2, 1) : conv2d(x, w, b, 2, 1);
            },
            input, weight, bias, inputNeedsGrad);
        const auto libtorch = run(
            [&](const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
                namespace F = torch::nn::functional;
                return transposed ? F::conv_transpose2d(
                                        x, w, F::ConvTranspose2dFuncOptions().bias(b).stride(2).padding(1))
                                  : F::conv2d(x, w, F::Conv2dFuncOptions().bias(b).stride(2).padding(1));
            },
            input, weight, bias, inputNeedsGrad);
        QVERIFY(ours.output.sizes() == libtorch.output.sizes());
        // Sums of up to a few thousand products of unit normals, summed in
        // another order: float rounding stays far below 1e-5 of the largest.
        QVERIFY(relative_difference(ours.output, libtorch.output) < 1e-5);
        QVERIFY(relative_difference(ours.weight_grad, libtorch.weight_grad) < 1e-5);
        QVERIFY(relative_difference(ours.bias_grad, libtorch.bias_grad) < 1e-5);
        QCOMPARE(ours.input_grad.defined(), inputNeedsGrad);
        if (inputNeedsGrad) QVERIFY(relative_difference(ours.input_grad, libtorch.input_grad) < 1e-5);
        // The fused Adam takes plain contiguous gradients only.
        QVERIFY(ours.weight_grad.is_contiguous());
        QVERIFY(ours.weight_grad.abs().max().item<double>() > 1.0);
    }

    void doubleTensorsTakeLibTorchsConvolutionsExactly() {
        auto generator = at::detail::createCPUGenerator(3);
        const auto options = torch::TensorOptions().dtype(torch::kDouble);
        const auto x = torch::randn({2, 8, 6, 6}, generator, options);
        const auto w = torch::randn({8, 4, 4, 4}, generator, options);
        const auto b = torch::randn({4}, generator, options);
        namespace F = torch::nn::functional;
        QVERIFY(torch::equal(
            conv_transpose2d(x, w, b, 2, 1),
            F::conv_transpose2d(x, w, F::ConvTranspose2dFuncOptions().bias(b).stride(2).padding(1))));
        QVERIFY(torch::equal(conv2d(x, w.transpose(0, 1).contiguous(), b, 2, 1),
                             F::conv2d(x, w.transpose(0, 1).contiguous(),
                                       F::Conv2dFuncOptions().bias(b).stride(2).padding(1))));
    }

    void modulesHaveLibTorchsParametersAndInitialisation() {
        // Same names and, under the same seed, the same initial values: old
        // checkpoints load and seeded runs start where they did.
        torch::manual_seed(11);
        Conv conv(torch::nn::Conv2dOptions(3, 8, 4).stride(2).padding(1));
        ConvTranspose transposed(torch::nn::ConvTranspose2dOptions(8, 3, 4).stride(2).padding(1));
        torch::manual_seed(11);
        torch::nn::Conv2d conv_libtorch(torch::nn::Conv2dOptions(3, 8, 4).stride(2).padding(1));
        torch::nn::ConvTranspose2d transposed_libtorch(
            torch::nn::ConvTranspose2dOptions(8, 3, 4).stride(2).padding(1));
        for (const auto& [ours, theirs] :
             {std::pair{conv->named_parameters(), conv_libtorch->named_parameters()},
              std::pair{transposed->named_parameters(), transposed_libtorch->named_parameters()}}) {
            QCOMPARE(ours.keys(), theirs.keys());
            for (const auto& key : ours.keys()) QVERIFY(torch::equal(ours[key], theirs[key]));
        }
        auto generator = at::detail::createCPUGenerator(4);
        const auto x = torch::randn({2, 3, 16, 16}, generator);
        const auto y = conv->forward(x);
        QVERIFY(relative_difference(y, conv_libtorch->forward(x)) < 1e-5);
        QVERIFY(relative_difference(transposed->forward(y), transposed_libtorch->forward(y)) < 1e-5);
    }

    void otherOptionsTakeLibTorchsLayer() {
        // Dilation, groups or output padding: the base class's forward.
        torch::manual_seed(12);
        ConvTranspose padded(
            torch::nn::ConvTranspose2dOptions(4, 2, 3).stride(2).padding(1).output_padding(1));
        torch::manual_seed(12);
        torch::nn::ConvTranspose2d padded_libtorch(
            torch::nn::ConvTranspose2dOptions(4, 2, 3).stride(2).padding(1).output_padding(1));
        const auto x = torch::ones({1, 4, 5, 5});
        QVERIFY(torch::equal(padded->forward(x), padded_libtorch->forward(x)));
        QCOMPARE(padded->forward(x).size(2), int64_t{10});
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestConv)
#include "test_conv.moc"
