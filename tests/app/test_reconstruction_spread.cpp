// "Still learning the average" (issue #29): the reconstructions' spread
// across images over the originals', against hand-computed variances.

#include "app/runs/run_previews.h"

#include <torch/torch.h>

#include <QtTest>
#include "test_registry.h"

using latentlab::reconstructionSpread;

class TestReconstructionSpread : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ratioOfVariancesAcrossImages() {
        // Two images of two pixels: originals (0, 1) and (1, 0): each pixel's
        // variance across the images is 0.25. Reconstructions (0.4, 0.6) and
        // (0.6, 0.4): 0.01 each. The ratio: 0.04.
        const auto originals = torch::tensor({0.0, 1.0, 1.0, 0.0}).view({2, 1, 1, 2});
        const auto blurred = torch::tensor({0.4, 0.6, 0.6, 0.4}).view({2, 1, 1, 2});
        QVERIFY(std::abs(reconstructionSpread(originals, blurred) - 0.04) < 1e-6);  // float pixels
        // The average picture for every image: no spread at all.
        QCOMPARE(reconstructionSpread(originals, torch::full({2, 1, 1, 2}, 0.5)), 0.0);
        // Perfect reconstructions: 1.
        QVERIFY(std::abs(reconstructionSpread(originals, originals) - 1.0) < 1e-12);
        // Nothing to compare with (identical originals, or one image): 1, never a warning.
        QCOMPARE(reconstructionSpread(torch::zeros({3, 1, 2, 2}), torch::zeros({3, 1, 2, 2})), 1.0);
        QCOMPARE(reconstructionSpread(originals.slice(0, 0, 1), blurred.slice(0, 0, 1)), 1.0);
        QVERIFY(0.04 < latentlab::PreviewImages::kStillAverage);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestReconstructionSpread)
#include "test_reconstruction_spread.moc"
