#include "model/base/error.h"
#include "model/base/threads.h"
#include "model/measure/log_likelihood.h"
#include "model/train/trainer.h"
#include "synthetic_data.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <cmath>

using namespace latentlab;

namespace {

const double kLog2Pi = std::log(2.0 * M_PI);

// A linear-Gaussian model where log p(x) has a closed form:
//   z ~ N(0, I_d),  x | z ~ N(W z + b, s^2 I_n)  =>  x ~ N(b, W W^T + s^2 I_n).
struct LinearGaussian {
    torch::Tensor w, b;  // [n, d], [n]
    double s = 0.5;

    torch::Tensor log_likelihood(const torch::Tensor& z, const torch::Tensor& x) const {
        // z [B, k, d], x [B, n] -> log p(x|z) [B, k]
        const auto mean = torch::matmul(z, w.t()) + b;
        const auto r = (x.unsqueeze(1) - mean) / s;
        return (-0.5 * r.pow(2) - std::log(s) - 0.5 * kLog2Pi).sum(-1);
    }

    torch::Tensor exact_log_marginal(const torch::Tensor& x) const {
        const int64_t n = w.size(0);
        const auto cov = torch::matmul(w, w.t()) + s * s * torch::eye(n, torch::kDouble);
        const auto l = torch::linalg_cholesky(cov);
        const auto centred = (x - b).t();  // [n, B]
        const auto solved = torch::linalg_solve_triangular(l, centred, /*upper=*/false);
        const auto mahalanobis = solved.pow(2).sum(0);
        const auto log_det = 2.0 * l.diagonal().log().sum();
        return -0.5 * (mahalanobis + log_det + n * kLog2Pi);
    }

    // The exact posterior q*(z|x) = N(S W^T (x - b) / s^2, S) with S = (I + W^T W / s^2)^-1,
    // made deliberately imperfect: a shrunk mean and a wider diagonal variance,
    // so the ELBO is strictly below log p(x) and importance sampling has work to do.
    DiagonalGaussian imperfect_posterior(const torch::Tensor& x, double shrink, double widen) const {
        const int64_t d = w.size(1);
        const auto precision = torch::eye(d, torch::kDouble) + torch::matmul(w.t(), w) / (s * s);
        const auto cov = torch::inverse(precision);
        const auto mean = torch::matmul((x - b), w) / (s * s);
        const auto exact_mean = torch::matmul(mean, cov);  // cov is symmetric
        const auto var = cov.diagonal().unsqueeze(0).expand({x.size(0), d});
        return {shrink * exact_mean, (widen * var).log()};
    }
};

LinearGaussian make_model() {
    auto generator = at::detail::createCPUGenerator(11);
    LinearGaussian model;
    model.w = torch::randn({6, 2}, generator, torch::kDouble);
    model.b = torch::randn({6}, generator, torch::kDouble);
    return model;
}

// Images drawn from the model itself.
torch::Tensor sample_data(const LinearGaussian& model, int64_t count, uint64_t seed) {
    auto generator = at::detail::createCPUGenerator(seed);
    const auto z = torch::randn({count, model.w.size(1)}, generator, torch::kDouble);
    const auto noise = torch::randn({count, model.w.size(0)}, generator, torch::kDouble);
    return torch::matmul(z, model.w.t()) + model.b + model.s * noise;
}

torch::Tensor estimate(const LinearGaussian& model, const torch::Tensor& x, int64_t k, int64_t chunk, uint64_t seed,
                       double shrink = 0.9, double widen = 1.5) {
    auto generator = at::detail::createCPUGenerator(seed);
    const auto q = model.imperfect_posterior(x, shrink, widen);
    const auto log_joint = [&](const torch::Tensor& z) { return model.log_likelihood(z, x) + log_standard_normal(z); };
    return importance_sampled_log_likelihood(q, log_joint, k, chunk, generator);
}

}  // namespace

class TestLogLikelihood : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // As the programs do at start-up.
    void initTestCase() { latentlab::configure_process_threads(); }
    void matchesTheLinearGaussianClosedForm() {
        const auto model = make_model();
        const auto x = sample_data(model, 40, 12);
        const auto exact = model.exact_log_marginal(x);
        // K = 1 is the ELBO in expectation, well below log p(x) with this q...
        const double gap = (exact - estimate(model, x, 1, 1, 14)).mean().item<double>();
        QVERIFY2(gap > 0.3, qPrintable(QString::number(gap)));
        // ...and K = 4000 closes the gap. Stated tolerance: 0.03 nats per image
        // on average, 0.1 for any image.
        const auto iw = estimate(model, x, 4000, 512, 13);
        const double mean_error = (iw - exact).abs().mean().item<double>();
        const double max_error = (iw - exact).abs().max().item<double>();
        QVERIFY2(mean_error < 0.03, qPrintable(QString::number(mean_error)));
        QVERIFY2(max_error < 0.1, qPrintable(QString::number(max_error)));
    }

    void risesWithKTowardsTheTruth() {
        const auto model = make_model();
        const auto x = sample_data(model, 200, 15);
        const double exact = model.exact_log_marginal(x).mean().item<double>();
        double previous = -1e300;
        for (int64_t k : {1, 10, 100, 1000}) {
            // A poor proposal, so that every tenfold K visibly helps.
            const double value = estimate(model, x, k, 64, 16, 0.5, 3.0).mean().item<double>();
            QVERIFY2(value > previous, qPrintable(QString("K = %1: %2 after %3").arg(k).arg(value).arg(previous)));
            QVERIFY2(value < exact + 0.01, qPrintable(QString("K = %1: %2 above %3").arg(k).arg(value).arg(exact)));
            previous = value;
        }
    }

    void chunksAllCount() {
        // In chunks of 7 the K = 4000 weights must still form one logsumexp:
        // as close to the truth as in one chunk, far closer than K = 7 alone.
        const auto model = make_model();
        const auto x = sample_data(model, 40, 17);
        const auto exact = model.exact_log_marginal(x);
        const double chunked = (estimate(model, x, 4000, 7, 18) - exact).abs().mean().item<double>();
        const double seven = (estimate(model, x, 7, 7, 18) - exact).abs().mean().item<double>();
        QVERIFY2(chunked < 0.03 && seven > 3 * chunked,
                 qPrintable(QString("chunked %1, K=7 %2").arg(chunked).arg(seven)));
    }

    void vaeEstimateIsAboveTheElboAndRisesWithK() {
        RunConfig config;
        config.model.channels = 1, config.model.height = 8, config.model.width = 8;
        config.model.hidden = {32};
        config.model.latent = 4;
        config.train.batch_size = 64;
        config.train.seed = 3;
        config.train.threads = 1;
        config.train.device = "cpu";
        const auto data = testing::make_bars_dataset(512, 100, 8, 5);
        Trainer trainer(config);
        for (int e = 0; e < 3; ++e) trainer.train_epoch(data);

        const auto elbo = evaluate(trainer.model(), *data.test.source(), 100, 1, 1, torch::kCPU).loss.elbo;
        const auto k1 = estimate_log_likelihood(trainer.model(), *data.test.source(), 1, 2, torch::kCPU);
        const auto k50 = estimate_log_likelihood(trainer.model(), *data.test.source(), 50, 2, torch::kCPU);
        const auto k500 = estimate_log_likelihood(trainer.model(), *data.test.source(), 500, 2, torch::kCPU);
        QCOMPARE(int64_t(k500.per_image.size()), int64_t{100});
        // K = 1 estimates the ELBO itself (another draw of the noise).
        QVERIFY2(std::abs(k1.mean - elbo) < 0.05 * std::abs(elbo) + 1.0,
                 qPrintable(QString("K=1 %1, ELBO %2").arg(k1.mean).arg(elbo)));
        QVERIFY2(k50.mean > elbo && k500.mean > k50.mean,
                 qPrintable(QString("ELBO %1, K=50 %2, K=500 %3").arg(elbo).arg(k50.mean).arg(k500.mean)));
        QVERIFY(std::abs(k500.bits_per_dim + k500.mean / (64 * std::log(2.0))) < 1e-12);
    }

    void autoencoderIsRefused() {
        VaeConfig config;
        config.kind = ModelKind::Autoencoder;
        config.channels = 1, config.height = 2, config.width = 2;
        config.hidden = {3};
        config.latent = 2;
        Vae model(config);
        try {
            estimate_log_likelihood(model, InMemoryImages(torch::zeros({2, 1, 2, 2}, torch::kUInt8)), 10, 1, torch::kCPU);
            QFAIL("an autoencoder got a log-likelihood");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("no density"));
        }
    }

    void progressCanCancel() {
        VaeConfig config;
        config.channels = 1, config.height = 2, config.width = 2;
        config.hidden = {3};
        config.latent = 2;
        Vae model(config);
        int calls = 0;
        try {
            estimate_log_likelihood(model, InMemoryImages(torch::zeros({500, 1, 2, 2}, torch::kUInt8)), 2, 1, torch::kCPU,
                                    [&](int64_t, int64_t) { return ++calls < 2; });
            QFAIL("the estimate ignored the cancel");
        } catch (const Error& e) {
            QCOMPARE(calls, 2);
        }
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestLogLikelihood)
#include "test_log_likelihood.moc"
