// latentlab-cli import --torchscript on VAEs built, trained and scripted in
// PyTorch (tests/torchscript_models.py, run here): the per-image KL equals
// PyTorch's, the ELBO and the importance-sampled log p(x) agree within Monte
// Carlo error, the verbs that take a checkpoint work on the run, and broken
// modules are refused by name.

#include "app/runs/code_consent.h"
#include "app/runs/run_loader.h"
#include "model/base/error.h"
#include "model/data/dataset.h"
#include "model/data/image_folder.h"
#include "model/measure/log_likelihood.h"
#include "model/store/csv_reader.h"
#include "model/train/model_snapshot.h"

#include "cli_process.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cmath>

namespace {

using latentlab::testing::runCli;

struct Expected {
    std::vector<double> kl, elbo, recon_sd, log_px, log_px_repeat;
};

Expected readExpected(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    Expected e;
    const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
    for (int i = 1; i < lines.size(); ++i) {
        const QStringList cells = lines[i].split(',');
        e.kl.push_back(cells[1].toDouble());
        e.elbo.push_back(cells[2].toDouble());
        e.recon_sd.push_back(cells[3].toDouble());
        e.log_px.push_back(cells[4].toDouble());
        e.log_px_repeat.push_back(cells[5].toDouble());
    }
    return e;
}

}  // namespace

class TestTorchScriptImport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    // The samples per image of PyTorch's ELBO (the script's --samples).
    static constexpr int kPythonSamples = 200;
    static constexpr int kImages = 64;
    // K of the importance-sampled log p(x), here and in PyTorch (--iw-samples).
    static constexpr int kIwSamples = 100;

    QString path(const QString& name) const { return dir_.filePath(name); }

    // Imports `module` into the run folder `run`, its data the small folder
    // initTestCase writes (the import evaluates every image of its data; the
    // comparisons with PyTorch read Fashion-MNIST's test images themselves).
    latentlab::testing::CliResult import(const QString& module, const QString& likelihood, const QString& run) {
        return runCli({"import", "--torchscript", path(module), "--likelihood", likelihood, "--data", path("images"),
                       "--size", "28", "--channels", "1", "--out", path(run)});
    }

    // 200 Fashion-MNIST training images as PNG files, a folder per class.
    void writeImageFolder() {
        const auto data = latentlab::open_dataset("fashion-mnist", {});
        const auto pixels = data.train.images.slice(0, 0, 200).contiguous();
        for (int64_t i = 0; i < pixels.size(0); ++i) {
            const QString cls = QString("class%1").arg(data.train.labels[i].item<int64_t>());
            QDir().mkpath(path("images/" + cls));
            QImage image(pixels[i].data_ptr<uint8_t>(), 28, 28, 28, QImage::Format_Grayscale8);
            QVERIFY(image.save(path(QString("images/%1/%2.png").arg(cls).arg(i))));
        }
    }

    // KL per image to 1e-4 nats, the mean ELBO within 4 standard errors of
    // both estimates.
    void compareWithPyTorch(const QString& run, const QString& expectedCsv) {
        const Expected expected = readExpected(path(expectedCsv));
        QCOMPARE(static_cast<int>(expected.kl.size()), kImages);
        const auto snapshot = latentlab::load_snapshot(path(run + "/checkpoint.pt").toStdString(), "cpu");
        QVERIFY(snapshot->model->scripted());
        const auto data = latentlab::open_dataset("fashion-mnist", {});
        const torch::NoGradGuard no_grad;
        const auto x = latentlab::to_float_batch(*data.test.source(), torch::arange(kImages));
        const auto q = snapshot->model->encode(x);
        const auto kl = latentlab::kl_to_standard_normal(q).sum(1).to(torch::kDouble);
        double worst = 0.0;
        for (int i = 0; i < kImages; ++i) worst = std::max(worst, std::abs(kl[i].item<double>() - expected.kl[i]));
        QVERIFY2(worst < 1e-4, qPrintable(QString("largest KL difference %1 nats").arg(worst)));

        torch::manual_seed(3);
        constexpr int kRounds = 5, kSamples = 20;  // 100 samples per image, 20 at a time
        auto elbo = torch::zeros({kImages}, torch::kDouble);
        for (int r = 0; r < kRounds; ++r) elbo += snapshot->model->elbo(x, kSamples).elbo().to(torch::kDouble);
        const double ours = (elbo / kRounds).mean().item<double>();
        double theirs = 0.0, variance = 0.0;
        for (int i = 0; i < kImages; ++i) {
            theirs += expected.elbo[i] / kImages;
            variance += expected.recon_sd[i] * expected.recon_sd[i];
        }
        // Each mean over images of S-sample means: variance sum(sd_i^2) / S / n^2.
        const double error = std::sqrt(variance / (kRounds * kSamples) + variance / kPythonSamples) / kImages;
        qInfo("%s: largest KL difference %.2g nats; mean ELBO %.4f here, %.4f in PyTorch (standard error %.4f)",
              qPrintable(run), worst, ours, theirs, error);
        QVERIFY2(std::abs(ours - theirs) < 4.0 * error,
                 qPrintable(QString("ELBO %1 here, %2 in PyTorch, standard error %3").arg(ours).arg(theirs).arg(error)));

        // The same estimator with other random numbers: PyTorch's two estimates
        // differ as ours and theirs do, which gives the error of the mean difference.
        const latentlab::InMemoryImages images(data.test.images.slice(0, 0, kImages));
        const auto estimate = latentlab::estimate_log_likelihood(snapshot->model, images, kIwSamples, 5, torch::kCPU);
        double difference = 0.0, spread = 0.0;
        for (int i = 0; i < kImages; ++i) {
            difference += (estimate.per_image[i] - expected.log_px[i]) / kImages;
            const double repeat = expected.log_px_repeat[i] - expected.log_px[i];
            spread += repeat * repeat / kImages;
        }
        const double log_px_error = std::sqrt(spread / kImages);
        qInfo("%s: importance-sampled log p(x) (K = %d) %.4f here, %.4f in PyTorch (standard error of the "
              "difference %.4f)",
              qPrintable(run), kIwSamples, estimate.mean, estimate.mean - difference, log_px_error);
        QVERIFY2(std::abs(difference) < 4.0 * log_px_error + 1e-3,
                 qPrintable(QString("log p(x) differs by %1, standard error %2").arg(difference).arg(log_px_error)));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QProcess python;
        python.start("/usr/bin/python3",
                     {LATENTLAB_TORCHSCRIPT_MODELS, "--out", dir_.path(), "--images", QString::number(kImages),
                      "--samples", QString::number(kPythonSamples), "--iw-samples", QString::number(kIwSamples)});
        QVERIFY(python.waitForFinished(120000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        writeImageFolder();
    }

    void residualBatchNormBernoulliMatchesPyTorch() {
        const auto result = import("residual_bernoulli.pt", "bernoulli", "residual");
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("8 latent dimensions"));
        for (const char* file : {"checkpoint.pt", "config.json", "history.csv"})
            QVERIFY2(QFile::exists(path(QString("residual/") + file)), file);
        compareWithPyTorch("residual", "expected_residual_bernoulli.csv");
    }

    void learnedGaussianScaleMatchesPyTorch() {
        const auto result = import("gaussian_learned.pt", "gaussian-learned", "gaussian");
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("5 latent dimensions"));
        compareWithPyTorch("gaussian", "expected_gaussian_learned.csv");
    }

    void everyCheckpointVerbWorksOnTheImportedRun() {
        const QString checkpoint = path("residual/checkpoint.pt");
        QVERIFY(QFile::exists(checkpoint));
        auto result = runCli({"traverse", "--checkpoint", checkpoint, "--steps", "5", "--out", path("traverse.png")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(QFileInfo(path("traverse.png")).size() > 0);
        result = runCli({"map", "--checkpoint", checkpoint, "--out", path("map.csv"), "--png", path("map.png")});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        QVERIFY(QFileInfo(path("map.csv")).size() > 0 && QFileInfo(path("map.png")).size() > 0);
        result = runCli({"eval", "--checkpoint", checkpoint});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        // Its weights are the module's: the README's PyTorch module cannot take them.
        result = runCli({"export", "--checkpoint", checkpoint, "--format", "state-dict", "--out", path("x.pt")});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("TorchScript"), qPrintable(result.err));
    }

    void fineTuningContinuesTheImportedRun() {
        // resume trains the module's own parameters; the run stays a TorchScript one.
        const auto result = runCli({"resume", "--checkpoint", path("gaussian/checkpoint.pt"), "--epochs", "2"});
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        const auto snapshot = latentlab::load_snapshot(path("gaussian/checkpoint.pt").toStdString(), "cpu");
        QVERIFY(snapshot->model->scripted());
        QCOMPARE(snapshot->history.size(), size_t{2});
        // The module's weights moved, and were saved with it.
        QVERIFY(snapshot->history[1].test.loss.elbo != snapshot->history[0].test.loss.elbo);
    }

    void theWindowsRunLoaderOpensTheImportedRun() {
        // What File > Open Run does before Explore and Inspect get the snapshot.
        latentlab::RunLoader loader;
        QSignalSpy opened(&loader, &latentlab::RunLoader::opened);
        QSignalSpy failed(&loader, &latentlab::RunLoader::failed);
        loader.open(path("gaussian"));
        QTRY_VERIFY_WITH_TIMEOUT(opened.count() + failed.count() > 0, 60000);
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const auto run = opened.first().first().value<latentlab::LoadedRun>();
        QVERIFY(run.config.model.architecture == latentlab::Architecture::Scripted);
        QCOMPARE(run.config.model.latent, int64_t{5});
        QCOMPARE(run.epochs.size(), 2);  // the import's evaluation and one fine-tuned epoch
        QVERIFY(run.snapshot && run.snapshot->model->scripted());
        const torch::NoGradGuard no_grad;
        const auto images = run.snapshot->model->generate(3);
        QCOMPARE(images.sizes().vec(), (std::vector<int64_t>{3, 1, 28, 28}));
    }

    void theWindowAsksBeforeAnImportedModelFromElsewhereRuns() {
        QStandardPaths::setTestModeEnabled(true);  // QSettings of the test's own
        QCoreApplication::setOrganizationName("LatentLabTest");
        QSettings().remove("runs/codeConsented");
        using latentlab::CodeConsent;
        QVERIFY(CodeConsent::needsQuestion(path("residual"), path("window-runs")));
        QVERIFY(!CodeConsent::needsQuestion(path("residual"), dir_.path()));  // under the window's runs
        // The checkpoint decides, not config.json, which a folder could make say anything.
        QDir().mkpath(path("copied"));
        QVERIFY(QFile::copy(path("residual/checkpoint.pt"), path("copied/checkpoint.pt")));
        QVERIFY(CodeConsent::needsQuestion(path("copied"), path("window-runs")));
        CodeConsent::remember(path("copied"));
        QVERIFY(!CodeConsent::needsQuestion(path("copied"), path("window-runs")));
        QVERIFY(CodeConsent::needsQuestion(path("residual"), path("window-runs")));
        QVERIFY(CodeConsent::question(path("copied")).contains("contains code"));
        QSettings().remove("runs/codeConsented");
    }

    void aDamagedImportedCheckpointIsRefused() {
        QFile original(path("residual/checkpoint.pt"));
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray bytes = original.readAll();
        // A byte inside the module's archive, past the header.
        bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x20);
        QFile damaged(path("damaged.pt"));
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write(bytes);
        damaged.close();
        QVERIFY_THROWS_EXCEPTION(latentlab::Error, latentlab::load_snapshot(path("damaged.pt").toStdString(), "cpu"));
    }

    void brokenModulesAreRefusedByName() {
        const struct {
            const char* module;
            const char* message;
        } cases[] = {{"missing_decode.pt", "no method decode"},
                     {"wrong_shape.pt", "decode's output has the shape [8, 100]"},
                     {"nan_output.pt", "NaN"}};
        for (const auto& c : cases) {
            const auto result = import(c.module, "bernoulli", QString("refused-") + c.module);
            QCOMPARE(result.exitCode, 1);
            QVERIFY2(result.err.contains(c.message), qPrintable(result.err));
            QVERIFY(!QFile::exists(path(QString("refused-") + c.module + "/checkpoint.pt")));
        }
        const auto notAFile = import("expected_residual_bernoulli.csv", "bernoulli", "refused-csv");
        QCOMPARE(notAFile.exitCode, 1);
        QVERIFY2(notAFile.err.contains("is not a TorchScript module"), qPrintable(notAFile.err));
        const auto badLikelihood = import("residual_bernoulli.pt", "laplace-learned", "refused-likelihood");
        QCOMPARE(badLikelihood.exitCode, 1);
        QVERIFY2(badLikelihood.err.contains("gaussian-learned"), qPrintable(badLikelihood.err));
    }
};

LATENTLAB_TEST_MAIN(TestTorchScriptImport)
#include "test_torchscript_import.moc"
