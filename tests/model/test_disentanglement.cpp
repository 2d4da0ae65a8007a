// MIG against hand computations and the three cases whose answer is known:
// a code that copies each factor into its own dimension, a code independent of
// the factors, and a code where two dimensions copy the same factor.

#include "model/measure/disentanglement.h"

#include <QtTest>
#include "test_registry.h"

#include <cmath>
#include <random>

using namespace latentlab;

namespace {

// `count` rows of two factors, each uniform over four values.
std::vector<float> two_factors(size_t count, std::mt19937& rng) {
    std::vector<float> factors;
    for (size_t i = 0; i < count; ++i) {
        factors.push_back(static_cast<float>(rng() % 4));
        factors.push_back(static_cast<float>(rng() % 4) * 0.25f);
    }
    return factors;
}

float noise(std::mt19937& rng) { return static_cast<float>(rng() % 1000) * 1e-5f; }

}  // namespace

class TestDisentanglement : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void handComputedFourRows() {
        // factor 0 0 1 1; z0 = 0 1 2 3 in two bins -> 0 0 1 1: I = H = ln 2.
        // z1 = 0 1 0 1 in two bins -> independent of the factor: I = 0.
        const std::vector<float> codes = {0, 0, 1, 1, 2, 0, 3, 1};
        const std::vector<float> factors = {0, 0, 1, 1};
        const MigResult result = mutual_information_gap(codes, 2, factors, {"f"}, 2);
        QCOMPARE(result.factors.size(), size_t{1});
        QVERIFY(std::abs(result.factors[0].entropy - std::log(2.0)) < 1e-12);
        QVERIFY(std::abs(result.factors[0].best_information - std::log(2.0)) < 1e-12);
        QCOMPARE(result.factors[0].second_information, 0.0);
        QCOMPARE(result.factors[0].best_dimension, 0);
        QVERIFY(std::abs(result.mig - 1.0) < 1e-12);
    }

    void handComputedPartialInformation() {
        // Factor a a b b c c (H = ln 3); z in 3 bins: 0 0 1 1 1 2 ->
        // I = H(z) - H(z|f) with H(z) = -(2/6 ln 2/6 + 3/6 ln 3/6 + 1/6 ln 1/6), H(z|f) = 1/3 ln 2.
        const std::vector<float> codes = {0, 0, 1, 1, 1, 2};
        const std::vector<float> factors = {0, 0, 1, 1, 2, 2};
        const MigResult result = mutual_information_gap(codes, 1, factors, {"f"}, 3);
        const double hz = -(2.0 / 6 * std::log(2.0 / 6) + 3.0 / 6 * std::log(3.0 / 6) + 1.0 / 6 * std::log(1.0 / 6));
        const double expected = hz - std::log(2.0) / 3;
        QVERIFY(std::abs(result.factors[0].best_information - expected) < 1e-12);
        QVERIFY(std::abs(result.mig - expected / std::log(3.0)) < 1e-12);
    }

    void perfectlyDisentangledScoresAboutOne() {
        std::mt19937 rng(7);
        const size_t n = 4000;
        const std::vector<float> factors = two_factors(n, rng);
        std::vector<float> codes;
        for (size_t i = 0; i < n; ++i) {
            codes.push_back(factors[2 * i] + noise(rng));
            codes.push_back(-3 * factors[2 * i + 1] + noise(rng));  // scale and sign do not matter
            codes.push_back(noise(rng));                             // an unused dimension
        }
        const MigResult result = mutual_information_gap(codes, 3, factors, {"a", "b"});
        QVERIFY2(result.mig > 0.97, qPrintable(QString::number(result.mig)));
        QCOMPARE(result.factors[0].best_dimension, 0);
        QCOMPARE(result.factors[1].best_dimension, 1);
    }

    void independentCodeScoresAboutZero() {
        std::mt19937 rng(8);
        const size_t n = 4000;
        const std::vector<float> factors = two_factors(n, rng);
        std::vector<float> codes;
        for (size_t i = 0; i < 3 * n; ++i) codes.push_back(noise(rng));
        const MigResult result = mutual_information_gap(codes, 3, factors, {"a", "b"});
        QVERIFY2(result.mig < 0.03, qPrintable(QString::number(result.mig)));
    }

    void duplicatedDimensionLowersIt() {
        std::mt19937 rng(9);
        const size_t n = 4000;
        const std::vector<float> factors = two_factors(n, rng);
        std::vector<float> codes;
        for (size_t i = 0; i < n; ++i) {
            codes.push_back(factors[2 * i] + noise(rng));
            codes.push_back(factors[2 * i + 1] + noise(rng));
            codes.push_back(factors[2 * i] + noise(rng));  // factor a a second time
        }
        const MigResult result = mutual_information_gap(codes, 3, factors, {"a", "b"});
        QVERIFY2(result.factors[0].gap < 0.03, qPrintable(QString::number(result.factors[0].gap)));
        QVERIFY(result.factors[1].gap > 0.97);
        QVERIFY(std::abs(result.mig - 0.5) < 0.03);
    }

    // The traversal's row labels: each dimension named by the factor it
    // shares most information with, normalised by the factor's entropy.
    void eachDimensionNamesTheFactorItFollows() {
        std::mt19937 rng(10);
        const size_t n = 4000;
        const std::vector<float> factors = two_factors(n, rng);
        std::vector<float> codes;
        for (size_t i = 0; i < n; ++i) {
            const float a = factors[2 * i], b = factors[2 * i + 1];
            codes.push_back(b + noise(rng));                    // z0 follows b
            codes.push_back(-a + noise(rng));                   // z1 follows a
            codes.push_back(std::floor(a / 2) + noise(rng));    // z2: one of a's two bits, half its entropy
            codes.push_back(noise(rng));                        // z3 follows nothing
        }
        const std::vector<double> info = normalised_information(codes, 4, factors, {"a", "b"});
        QCOMPARE(info.size(), size_t{8});
        QVERIFY(info[0 * 2 + 1] > 0.97 && info[0 * 2 + 0] < 0.03);
        QVERIFY(info[1 * 2 + 0] > 0.97 && info[1 * 2 + 1] < 0.03);
        QVERIFY2(std::abs(info[2 * 2 + 0] - 0.5) < 0.03, qPrintable(QString::number(info[2 * 2 + 0])));
        const std::vector<DimensionFactor> best = best_factor_of_each_dimension(info, 4, 2);
        QCOMPARE(best.size(), size_t{4});
        QCOMPARE(best[0].factor, 1);
        QCOMPARE(best[1].factor, 0);
        QCOMPARE(best[2].factor, 0);
        QVERIFY(std::abs(best[2].information - 0.5) < 0.03);
        QVERIFY(best[3].information < 0.03);
        // The same quantity MIG compares: its best dimension's share of each factor.
        const MigResult mig = mutual_information_gap(codes, 4, factors, {"a", "b"});
        QVERIFY(std::abs(mig.factors[0].best_information / mig.factors[0].entropy - info[1 * 2 + 0]) < 1e-12);
        QVERIFY(std::abs(mig.factors[1].best_information / mig.factors[1].entropy - info[0 * 2 + 1]) < 1e-12);
    }

    void bestFactorOfADimensionByHand() {
        // Three dimensions, two factors: z0 prefers f1, z1 f0, z2 shares nothing.
        const std::vector<double> info = {0.2, 0.7, 0.6, 0.1, 0.0, 0.0};
        const std::vector<DimensionFactor> best = best_factor_of_each_dimension(info, 3, 2);
        QCOMPARE(best[0].factor, 1);
        QCOMPARE(best[0].information, 0.7);
        QCOMPARE(best[1].factor, 0);
        QCOMPARE(best[2].factor, -1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, best_factor_of_each_dimension(info, 2, 2));
    }

    void constantFactorIsLeftOutAndSizesAreChecked() {
        const std::vector<float> codes = {0, 1, 2, 3};
        const std::vector<float> factors = {5, 0, 5, 0, 5, 1, 5, 1};
        const MigResult result = mutual_information_gap(codes, 1, factors, {"constant", "varies"}, 2);
        QCOMPARE(result.factors.size(), size_t{1});
        QCOMPARE(QString::fromStdString(result.factors[0].factor), QStringLiteral("varies"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mutual_information_gap(codes, 1, {0, 1}, {"f"}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mutual_information_gap(codes, 3, factors, {"a", "b"}));
    }
};

LATENTLAB_TEST_GUILESS_MAIN(TestDisentanglement)
#include "test_disentanglement.moc"
