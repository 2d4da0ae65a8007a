#include "model/nn/dense.h"

#include <QtTest/QtTest>
#include "test_registry.h"

using namespace latentlab;

namespace {

struct Result {
    torch::Tensor output, input_grad, weight_grad, bias_grad;
};

// Output and gradients of sum(output * probe), through `layer`.
template <typename Layer>
Result run(Layer layer, const torch::Tensor& input, const torch::Tensor& weight, const torch::Tensor& bias,
           bool input_needs_grad) {
    auto x = input.clone().requires_grad_(input_needs_grad);
    auto w = weight.clone().requires_grad_(true);
    auto b = bias.defined() ? bias.clone().requires_grad_(true) : torch::Tensor();
    const auto y = layer(x, w, b);
    auto generator = at::detail::createCPUGenerator(5);
    const auto probe = torch::randn(y.sizes(), generator);
    (y * probe).sum().backward();
    return {y.detach(), input_needs_grad ? x.grad() : torch::Tensor(), w.grad(),
            b.defined() ? b.grad() : torch::Tensor()};
}

double largest_difference(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

}  // namespace

class TestDense : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qInfo() << "dense() uses oneDNN's sgemm here:" << dense_uses_onednn(); }

    void matchesLibTorchsLinear_data() {
        QTest::addColumn<QVector<qint64>>("inputShape");
        QTest::addColumn<bool>("inputNeedsGrad");
        QTest::addColumn<bool>("withBias");
        QTest::newRow("batch x features, first layer") << QVector<qint64>{64, 78} << false << true;
        QTest::newRow("batch x features") << QVector<qint64>{33, 78} << true << true;
        QTest::newRow("batch x samples x features") << QVector<qint64>{16, 3, 78} << true << true;
        QTest::newRow("no bias") << QVector<qint64>{10, 78} << true << false;
        QTest::newRow("one row") << QVector<qint64>{1, 78} << true << true;
    }
    void matchesLibTorchsLinear() {
        QFETCH(QVector<qint64>, inputShape);
        QFETCH(bool, inputNeedsGrad);
        QFETCH(bool, withBias);
        auto generator = at::detail::createCPUGenerator(1);
        const auto input = torch::randn(std::vector<int64_t>(inputShape.begin(), inputShape.end()), generator);
        const auto weight = torch::randn({40, 78}, generator);
        const auto bias = withBias ? torch::randn({40}, generator) : torch::Tensor();
        const auto ours = run(dense, input, weight, bias, inputNeedsGrad);
        const auto libtorch = run(
            [](const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) {
                return torch::nn::functional::linear(x, w, b);
            },
            input, weight, bias, inputNeedsGrad);
        QVERIFY(ours.output.sizes() == libtorch.output.sizes());
        // Sums of 78 (forward) or up to 64 (weight gradient) products of unit
        // normals: float rounding differences stay far below 1e-3.
        QVERIFY(largest_difference(ours.output, libtorch.output) < 1e-3);
        QVERIFY(largest_difference(ours.weight_grad, libtorch.weight_grad) < 1e-3);
        QCOMPARE(ours.input_grad.defined(), inputNeedsGrad);
        if (inputNeedsGrad) QVERIFY(largest_difference(ours.input_grad, libtorch.input_grad) < 1e-3);
        if (withBias) QVERIFY(largest_difference(ours.bias_grad, libtorch.bias_grad) < 1e-3);
        // And they are not trivially zero.
        QVERIFY(ours.weight_grad.abs().max().item<double>() > 1.0);
    }

    void oneRowLeavesTheBiasAlone() {
        // The output starts as a copy of the bias: with a single row it must
        // not be the bias's own memory.
        auto generator = at::detail::createCPUGenerator(6);
        const auto weight = torch::randn({40, 78}, generator);
        const auto bias = torch::randn({40}, generator);
        const auto before = bias.clone();
        for (const auto& input : {torch::randn({1, 78}, generator), torch::randn({78}, generator)}) {
            const auto y = dense(input, weight, bias);
            QVERIFY(torch::equal(bias, before));
            QVERIFY(largest_difference(y, torch::nn::functional::linear(input, weight, bias)) < 1e-3);
        }
    }

    void aNonContiguousInputGivesTheSameResult() {
        auto generator = at::detail::createCPUGenerator(2);
        const auto wide = torch::randn({78, 20}, generator);
        const auto input = wide.t();  // [20, 78], not contiguous
        const auto weight = torch::randn({40, 78}, generator);
        const auto bias = torch::randn({40}, generator);
        QVERIFY(!input.is_contiguous());
        QVERIFY(largest_difference(dense(input, weight, bias), dense(input.contiguous(), weight, bias)) == 0.0);
    }

    void mismatchedShapesAreRefused() {
        const auto weight = torch::zeros({40, 78});
        QVERIFY_THROWS_EXCEPTION(c10::Error, dense(torch::zeros({4, 77}), weight, torch::zeros({40})));
        QVERIFY_THROWS_EXCEPTION(c10::Error, dense(torch::zeros({4, 78}), weight, torch::zeros({39})));
    }

    void doubleTensorsTakeLibTorchsLinearExactly() {
        auto generator = at::detail::createCPUGenerator(3);
        const auto options = torch::TensorOptions().dtype(torch::kDouble);
        const auto input = torch::randn({8, 78}, generator, options);
        const auto weight = torch::randn({40, 78}, generator, options);
        const auto bias = torch::randn({40}, generator, options);
        QCOMPARE(largest_difference(dense(input, weight, bias), torch::nn::functional::linear(input, weight, bias)),
                 0.0);
    }

    void moduleHasLinearsParametersAndInitialisation() {
        // Same names and, under the same seed, the same initial values: old
        // checkpoints load and seeded runs start where they did.
        torch::manual_seed(11);
        Dense dense_layer(78, 40);
        torch::manual_seed(11);
        torch::nn::Linear linear(78, 40);
        const auto ours = dense_layer->named_parameters(), theirs = linear->named_parameters();
        QCOMPARE(ours.keys(), theirs.keys());
        for (const auto& key : ours.keys()) QVERIFY(torch::equal(ours[key], theirs[key]));
        auto generator = at::detail::createCPUGenerator(4);
        const auto x = torch::randn({5, 78}, generator);
        QVERIFY(largest_difference(dense_layer->forward(x), linear->forward(x)) < 1e-4);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestDense)
#include "test_dense.moc"
