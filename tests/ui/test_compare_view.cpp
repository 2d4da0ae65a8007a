// The Compare tab end to end: a tiny comparison of two decoders on 8 x 8 bars
// trains on the training thread while the test waits on the GUI thread; then
// the curves, the table, the pictures, the run folders and the exports are
// checked, every row against run_metrics measured again on the run's saved
// checkpoint, and the folder opened again in a new tab.

#include "app/workspace/loaded_dataset.h"
#include "app/workspace/run_session.h"
#include "app/workspace/workspace.h"
#include "model/base/threads.h"
#include "model/measure/run_metrics.h"
#include "model/store/csv_writer.h"
#include "model/train/trainer.h"
#include "synthetic_data.h"
#include "ui/compare/compare_view.h"
#include "ui/compare/comparison_gallery.h"
#include "ui/compare/comparison_results.h"
#include "ui/compare/decoder_chooser.h"
#include "ui/widgets/curves_plot.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <algorithm>
#include <memory>

using namespace latentlab;

namespace {

constexpr int kTimeoutMs = 120000;
constexpr qint64 kEpochs = 2;
constexpr qint64 kIwSamples = 4;

RunConfig tinyConfig(qint64 epochs) {
    RunConfig config;
    config.model.hidden = {16};
    config.model.latent = 2;
    config.train.batch_size = 32;
    config.train.epochs = epochs;
    config.train.seed = 3;
    config.train.threads = 1;  // the test machines are shared
    config.train.device = "cpu";
    return config;
}

QStringList readLines(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
}

// The metrics part of a row, measured again on the saved checkpoint.
QString metricsRowOfCheckpoint(const QString& folder, const Dataset& data) {
    auto trainer = Trainer::load((folder + "/checkpoint.pt").toStdString(), "cpu", 1);
    // As many threads as the comparison measured with, so the sums add up alike.
    const PoolThreadsScope pool(compute_threads(trainer->config().train.threads));
    const RunMetrics metrics = measure_run(trainer->model(), trainer->config(), *trainer->test_images(data),
                                           trainer->device(), kIwSamples, training_seconds(trainer->history()));
    CsvWriter row(metrics_columns());
    write_metrics_row(row, metrics, trainer->config());
    const QStringList lines = QString::fromStdString(row.text()).split('\n', Qt::SkipEmptyParts);
    return lines.value(1);
}

// Two runs on bar images that end only when stopped, written below `root`.
bool prepareEndless(CompareView& view, const QString& root) {
    view.setRunsRoot(root);
    view.setDataset(LoadedDataset(std::make_shared<const Dataset>(testing::make_bars_dataset(256, 32, 8, 7))));
    view.setConfigSource([](RunConfig* config, QString*) {
        *config = tinyConfig(100000);
        return true;
    });
    return view.setDecoders({"bernoulli", "cbernoulli"});
}

}  // namespace

class TestCompareView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("LatentLabTest-compare");
        QStandardPaths::setTestModeEnabled(true);  // a run of the Training tab goes to the test's data folder
    }

    void presetsAndBadSpecs() {
        Workspace workspace;
        CompareView view(&workspace);
        QVERIFY(view.setDecoders(DecoderChooser::densitiesPreset()));
        QCOMPARE(view.chooser()->specs(), DecoderChooser::densitiesPreset());
        QVERIFY(view.setDecoders({"bernoulli", "gaussian-predicted:single", "gaussian:0.25"}));
        QCOMPARE(view.chooser()->specs(),
                 (QStringList{"bernoulli", "gaussian:0.25", "gaussian-predicted:single"}));
        // Unknown names, one decoder, a likelihood twice: refused, nothing changed.
        QVERIFY(!view.setDecoders({"bernoulli", "poisson"}));
        QVERIFY(!view.setDecoders({"bernoulli"}));
        QVERIFY(!view.setDecoders({"gaussian:1", "gaussian:0.5"}));
        QCOMPARE(view.chooser()->specs(),
                 (QStringList{"bernoulli", "gaussian:0.25", "gaussian-predicted:single"}));
    }

    void refusesWithoutDataOrSettings() {
        Workspace workspace;
        CompareView view(&workspace);
        QVERIFY(!view.startComparison());  // no data set
        view.setDataset(LoadedDataset(std::make_shared<const Dataset>(testing::make_bars_dataset(64, 16, 8, 7))));
        view.setConfigSource([](RunConfig*, QString* problem) {
            *problem = "hidden \"16,\"";
            return false;
        });
        QVERIFY(!view.startComparison());
        QVERIFY(!view.isRunning());
    }

    void waitsInWordsWhileARunTrains() {
        // The workspace's one training thread holds a run of the Training tab:
        // Compare waits, and says why beside its button, not only in a tooltip.
        Workspace workspace;
        CompareView view(&workspace);
        const LoadedDataset data(std::make_shared<const Dataset>(testing::make_bars_dataset(64, 16, 8, 7)));
        view.setDataset(data);
        auto* busy = view.findChild<QLabel*>(QStringLiteral("compareBusy"));
        QVERIFY(busy);
        QVERIFY(busy->isHidden());
        RunSession* session = workspace.session();
        session->setDataset(data);
        QSignalSpy finished(session, &RunSession::finished);
        QString problem;
        QVERIFY2(session->start(tinyConfig(100000), &problem), qPrintable(problem));
        QVERIFY(!busy->isHidden());
        QVERIFY2(busy->text().contains(QStringLiteral("Training tab")), qPrintable(busy->text()));
        QVERIFY(!view.startComparison());
        session->stop();
        QVERIFY(finished.wait(kTimeoutMs));
        QVERIFY(busy->isHidden());
    }

    void tinyComparisonEndToEnd() {
        QTemporaryDir dir;
        const auto data = std::make_shared<const Dataset>(testing::make_bars_dataset(256, 32, 8, 7));
        Workspace workspace;
        CompareView view(&workspace);
        view.resize(1400, 900);
        view.setRunsRoot(dir.path());
        view.setDataset(LoadedDataset(data));
        view.setConfigSource([](RunConfig* config, QString*) {
            *config = tinyConfig(kEpochs);
            return true;
        });
        view.setIwSamples(kIwSamples);
        QVERIFY(view.setDecoders({"bernoulli", "gaussian:0.5"}));
        QSignalSpy ended(&view, &CompareView::comparisonEnded);
        // The progress bar is full only once the last run's row is in (its
        // log p(x) is measured after its training).
        auto* bar = view.findChild<QProgressBar*>();
        QVERIFY(bar);
        int mostBeforeLastRow = 0;
        connect(bar, &QProgressBar::valueChanged, &view, [&](int value) {
            if (view.results()->filledRows() < 2) mostBeforeLastRow = std::max(mostBeforeLastRow, value);
        });
        QVERIFY(view.startComparison());
        QVERIFY(view.isRunning());
        QVERIFY(!view.startComparison());  // one at a time
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kTimeoutMs);
        QVERIFY(!view.isRunning());
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY2(mostBeforeLastRow < bar->maximum(), qPrintable(QString::number(mostBeforeLastRow)));

        // Curves: both runs, both epochs' test points, drawn in the plot.
        QCOMPARE(view.curves()->runCount(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(view.curves()->run(i).testSteps().size(), kEpochs);
            QVERIFY(!view.curves()->run(i).steps().isEmpty());
        }
        QCOMPARE(view.curves()->run(0).name(), QString("bernoulli"));
        // Normalised: every value of a run lies in [0, 1], both ends reached.
        QVector<double> elbo = view.curves()->run(1).values(CurveSeries::Elbo);
        elbo += view.curves()->run(1).testValues(CurveSeries::Elbo);
        QCOMPARE(*std::min_element(elbo.begin(), elbo.end()), 0.0);
        QCOMPARE(*std::max_element(elbo.begin(), elbo.end()), 1.0);

        // The folders, as the CLI lays them out.
        const QDir root(view.comparisonFolder());
        QVERIFY(root.exists());
        QVERIFY(root.dirName().startsWith("compare-"));
        const QStringList runs = root.entryList({"[0-9]-*"}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        QCOMPARE(runs, (QStringList{"1-bernoulli", "2-gaussian-sigma0.5"}));
        // Beside them, as the CLI writes them too: the shared settings and the pictures.
        QVERIFY(QFile::exists(root.filePath("setup.txt")));
        QVERIFY(QFile::exists(root.filePath("images/originals.png")));
        for (const QString& run : runs) QVERIFY(QFile::exists(root.filePath("images/" + run + "-mean.png")));
        for (const QString& run : runs) QVERIFY(QFile::exists(root.filePath(run + "/checkpoint.pt")));
        QVERIFY(QFile::exists(root.filePath("table.csv")));

        // The table: two rows; each CSV row is run_metrics on the saved checkpoint.
        QCOMPARE(view.results()->filledRows(), 2);
        const QString csvPath = dir.filePath("exported.csv");
        QString error;
        QVERIFY2(view.exportCsv(csvPath, &error), qPrintable(error));
        const QStringList lines = readLines(csvPath);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith("decoder,folder,"));
        QCOMPARE(lines, readLines(root.filePath("table.csv")));
        const QStringList labels{"bernoulli", QString::fromUtf8("gaussian σ=0.5")};
        for (int i = 0; i < 2; ++i) {
            const QString expected = labels[i] + "," + runs[i] + "," +
                                     metricsRowOfCheckpoint(root.filePath(runs[i]), *data) + ",yes";
            QCOMPARE(lines[i + 1], expected);
        }
        // The window's cells are the same numbers, rounded; the Bernoulli row says it is no density.
        const QStringList cells = view.results()->rowCells(0);
        const double elboInCsv = lines[1].section(',', 3, 3).toDouble();  // after decoder, folder, images
        QCOMPARE(cells[1], QString::number(elboInCsv, 'f', 2));
        QVERIFY(cells.last().contains("not a density", Qt::CaseInsensitive));

        // Pictures: the test images over each decoder's, in every page.
        const QImage originals = view.gallery()->image(ComparisonGallery::Reconstructions, 0);
        QVERIFY(!originals.isNull());
        QCOMPARE(originals.height(), 8 * 3);
        for (int i = 1; i <= 2; ++i) {
            QCOMPARE(view.gallery()->image(ComparisonGallery::Reconstructions, i).size(), originals.size());
            QCOMPARE(view.gallery()->image(ComparisonGallery::Samples, i).size(), originals.size());
            QCOMPARE(view.gallery()->image(ComparisonGallery::Prior, i - 1).size(), originals.size());
        }
        QVERIFY(view.gallery()->image(ComparisonGallery::Reconstructions, 1) !=
                view.gallery()->image(ComparisonGallery::Reconstructions, 2));

        // The report, through latentlab_report.
        QVERIFY2(view.exportHtml(dir.filePath("report.html"), &error), qPrintable(error));
        QFile html(dir.filePath("report.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(html.readAll());
        QVERIFY(text.contains("data:image/png;base64,"));
        QVERIFY(text.contains(QString::fromUtf8("gaussian σ=0.5")));
        QVERIFY2(view.exportPdf(dir.filePath("report.pdf"), &error), qPrintable(error));
        QFile pdf(dir.filePath("report.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(4) == "%PDF");

        // Issue #27: after a restart, File > Open Comparison… shows the folder
        // again in a new Compare tab: the same table, curves and pictures.
        Workspace later;
        CompareView reopened(&later);
        reopened.resize(1400, 900);
        QVERIFY(reopened.openComparison(root.path()));
        QCOMPARE(reopened.comparisonFolder(), root.absolutePath());
        QVERIFY(reopened.isComplete());
        QCOMPARE(reopened.results()->filledRows(), 2);
        for (int i = 0; i < 2; ++i) QCOMPARE(reopened.results()->rowCells(i), view.results()->rowCells(i));
        QCOMPARE(reopened.curves()->runCount(), 2);
        for (int i = 0; i < 2; ++i) {
            QCOMPARE(reopened.curves()->run(i).name(), view.curves()->run(i).name());
            QCOMPARE(reopened.curves()->run(i).testSteps(), view.curves()->run(i).testSteps());
            QCOMPARE(reopened.curves()->run(i).steps().size(), view.curves()->run(i).steps().size());
        }
        const auto rgb = [](const QImage& image) { return image.convertToFormat(QImage::Format_RGB32); };
        for (int i = 0; i <= 2; ++i) {
            QCOMPARE(rgb(reopened.gallery()->image(ComparisonGallery::Reconstructions, i)),
                     rgb(view.gallery()->image(ComparisonGallery::Reconstructions, i)));
            QCOMPARE(rgb(reopened.gallery()->image(ComparisonGallery::Samples, i)),
                     rgb(view.gallery()->image(ComparisonGallery::Samples, i)));
        }
        QCOMPARE(rgb(reopened.gallery()->image(ComparisonGallery::Prior, 1)),
                 rgb(view.gallery()->image(ComparisonGallery::Prior, 1)));
        QVERIFY2(reopened.exportCsv(dir.filePath("again.csv"), &error), qPrintable(error));
        QCOMPARE(readLines(dir.filePath("again.csv")), readLines(root.filePath("table.csv")));
        // A folder without a table is no comparison, and says so.
        QVERIFY(!reopened.openComparison(dir.path()));
    }

    void stopEndsTheComparison() {
        QTemporaryDir dir;
        Workspace workspace;
        CompareView view(&workspace);
        QVERIFY(prepareEndless(view, dir.path()));
        QSignalSpy ended(&view, &CompareView::comparisonEnded);
        QVERIFY(view.startComparison());
        QTRY_VERIFY_WITH_TIMEOUT(view.curves()->runCount() == 2 && !view.curveData().series(false)[0].isEmpty(),
                                 kTimeoutMs);
        view.stopComparison();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kTimeoutMs);
        QCOMPARE(view.results()->filledRows(), 0);
        QVERIFY(!QFile::exists(QDir(view.comparisonFolder()).filePath("table.csv")));
        // No row is left waiting: each says it was not measured, and why.
        for (int row = 0; row < 2; ++row) {
            const QStringList cells = view.results()->rowCells(row);
            QVERIFY2(!cells.join(' ').contains(QString::fromUtf8("…")), qPrintable(cells.join(' ')));
            QCOMPARE(cells.last(), QStringLiteral("not measured: stopped"));
        }
    }

    void aStopBeforeTheFirstEpochLeavesNoFolder() {
        QTemporaryDir dir;
        Workspace workspace;
        CompareView view(&workspace);
        QVERIFY(prepareEndless(view, dir.path()));
        QSignalSpy ended(&view, &CompareView::comparisonEnded);
        QVERIFY(view.startComparison());
        view.stopComparison();  // before the first step: nothing is saved
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kTimeoutMs);
        QVERIFY(!QFileInfo::exists(view.comparisonFolder()));
        QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
    }
};

LATENTLAB_TEST_MAIN(TestCompareView)
#include "test_compare_view.moc"
