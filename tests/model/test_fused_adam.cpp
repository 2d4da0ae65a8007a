#include "model/base/threads.h"
#include "model/train/fused_adam.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <sstream>

using namespace latentlab;

namespace {

// Parameters of the shapes of a small MLP, with seeded gradients per step.
std::vector<torch::Tensor> make_parameters(torch::ScalarType type = torch::kFloat) {
    auto generator = at::detail::createCPUGenerator(3);
    std::vector<torch::Tensor> params;
    for (const auto& shape : std::vector<std::vector<int64_t>>{{40, 78}, {40}, {5, 40}, {78, 5}, {1}})
        params.push_back(torch::randn(shape, generator, torch::TensorOptions().dtype(type)).requires_grad_());
    return params;
}

void set_gradients(std::vector<torch::Tensor>& params, uint64_t step) {
    auto generator = at::detail::createCPUGenerator(100 + step);
    for (auto& p : params) p.mutable_grad() = torch::randn(p.sizes(), generator, p.options().requires_grad(false));
}

double largest_difference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
    double largest = 0.0;
    for (size_t i = 0; i < a.size(); ++i)
        largest = std::max(largest, (a[i] - b[i]).abs().max().item<double>());
    return largest;
}

}  // namespace

class TestFusedAdam : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // As the programs do at start-up.
    void initTestCase() { latentlab::configure_process_threads(); }
    void matchesLibTorchAdam_data() {
        QTest::addColumn<double>("weightDecay");
        QTest::newRow("plain") << 0.0;
        QTest::newRow("weight decay") << 0.1;
    }
    void matchesLibTorchAdam() {
        QFETCH(double, weightDecay);
        auto fused_params = make_parameters(), reference_params = make_parameters();
        const auto options = torch::optim::AdamOptions(3e-3).weight_decay(weightDecay);
        FusedAdam fused(fused_params, options);
        torch::optim::Adam reference(reference_params, options);
        for (uint64_t step = 0; step < 50; ++step) {
            set_gradients(fused_params, step);
            set_gradients(reference_params, step);
            fused.step();
            reference.step();
        }
        // 50 steps of lr 3e-3 move the parameters by ~0.15; the two agree to float rounding.
        const double moved = largest_difference(fused_params, make_parameters());
        QVERIFY2(moved > 0.05, qPrintable(QString::number(moved)));
        const double difference = largest_difference(fused_params, reference_params);
        QVERIFY2(difference < 1e-5, qPrintable(QString::number(difference)));
    }

    void aTeamGivesTheSameParametersBitForBit() {
        // Each element's update does not depend on who computes it.
        auto serial_params = make_parameters(), team_params = make_parameters();
        ThreadTeam team(3);
        FusedAdam serial(serial_params, torch::optim::AdamOptions(3e-3));
        FusedAdam shared(team_params, torch::optim::AdamOptions(3e-3), &team);
        for (uint64_t step = 0; step < 20; ++step) {
            set_gradients(serial_params, step);
            set_gradients(team_params, step);
            serial.step();
            shared.step();
        }
        QCOMPARE(largest_difference(serial_params, team_params), 0.0);
        QVERIFY(largest_difference(team_params, make_parameters()) > 0.01);
    }

    void stateIsLibTorchsAndSurvivesACheckpoint() {
        // Steps taken by FusedAdam, saved, loaded into LibTorch's Adam: the
        // run goes on exactly as if LibTorch's Adam had taken them all.
        auto fused_params = make_parameters(), reference_params = make_parameters();
        FusedAdam fused(fused_params, torch::optim::AdamOptions(1e-2));
        torch::optim::Adam reference(reference_params, torch::optim::AdamOptions(1e-2));
        for (uint64_t step = 0; step < 10; ++step) {
            set_gradients(fused_params, step);
            set_gradients(reference_params, step);
            fused.step();
            reference.step();
        }
        std::stringstream buffer;
        {
            torch::serialize::OutputArchive archive;
            fused.save(archive);
            archive.save_to(buffer);
        }
        auto continued_params = std::vector<torch::Tensor>();
        for (const auto& p : fused_params) continued_params.push_back(p.detach().clone().requires_grad_());
        torch::optim::Adam continued(continued_params, torch::optim::AdamOptions(1e-2));
        torch::serialize::InputArchive archive;
        archive.load_from(buffer);
        continued.load(archive);
        for (uint64_t step = 10; step < 20; ++step) {
            set_gradients(continued_params, step);
            set_gradients(reference_params, step);
            continued.step();
            reference.step();
        }
        QVERIFY(largest_difference(continued_params, reference_params) < 1e-5);
    }

    void learningRateChangesApply() {
        auto params = make_parameters();
        FusedAdam fused(params, torch::optim::AdamOptions(1e-3));
        set_gradients(params, 0);
        for (auto& group : fused.param_groups())
            static_cast<torch::optim::AdamOptions&>(group.options()).lr(0.0);
        const auto before = params[0].detach().clone();
        fused.step();
        QVERIFY(torch::equal(params[0].detach(), before));
    }

    void otherTensorsTakeLibTorchsStep() {
        // Double parameters are not fused: the result is LibTorch's, bit for bit.
        auto fused_params = make_parameters(torch::kDouble), reference_params = make_parameters(torch::kDouble);
        FusedAdam fused(fused_params, torch::optim::AdamOptions(1e-2));
        torch::optim::Adam reference(reference_params, torch::optim::AdamOptions(1e-2));
        for (uint64_t step = 0; step < 5; ++step) {
            set_gradients(fused_params, step);
            set_gradients(reference_params, step);
            fused.step();
            reference.step();
        }
        QCOMPARE(largest_difference(fused_params, reference_params), 0.0);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestFusedAdam)
#include "test_fused_adam.moc"
