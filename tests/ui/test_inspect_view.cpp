// The Inspect tab against a tiny trained model whose data hides planted
// images: uniform noise ranks first among the outliers, the scores are
// cached in the run folder and read back by a new tab, the bars' exact
// copies group as near duplicates, a mislabelled image ranks high among the
// suspicious labels, bags score as computed by hand, and neighbours come
// nearest first.

#include "app/inference/inference_service.h"
#include "model/base/threads.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"
#include "tiny_models.h"
#include "ui/inspect/bags_view.h"
#include "ui/inspect/duplicates_view.h"
#include "ui/inspect/image_detail.h"
#include "ui/inspect/image_gallery.h"
#include "ui/inspect/inspect_export.h"
#include "ui/inspect/inspect_view.h"
#include "ui/inspect/labels_view.h"
#include "ui/inspect/neighbours_view.h"
#include "ui/inspect/outliers_view.h"

#include <QComboBox>
#include <QFile>
#include <QListWidget>
#include <QPushButton>
#include <QProgressBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <algorithm>

using namespace latentlab;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kNoise = 8;

}  // namespace

class TestInspectView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void outliersPutThePlantedNoiseFirst();
    void reopenedTabReadsTheCache();
    void filtersKeepWhatTheySay();
    void duplicatesGroupExactCopies();
    void mislabelledImageRanksHigh();
    void bagsScoreAsByHand();
    void neighboursComeNearestFirst();
    void cancelLeavesAUsableTab();
    void classFilterListsClassesBeforeScoring();

private:
    // A tab showing the scores of `snapshot_`.
    void scored(InferenceService& service, InspectView& view);

    QTemporaryDir dir_;
    std::shared_ptr<Dataset> data_;
    SnapshotHandle snapshot_;
    int mislabelledRow_ = -1;
};

void TestInspectView::initTestCase() {
    configure_process_threads();
    QVERIFY(dir_.isValid());
    data_ = std::make_shared<Dataset>(testing::make_bars_dataset(512, 64, 8, 7));
    auto generator = at::detail::createCPUGenerator(99);
    const auto noise = torch::randint(256, {kNoise, 1, 8, 8}, generator, torch::kLong).to(torch::kUInt8);
    data_->train.images = torch::cat({data_->train.images, noise}).contiguous();
    data_->train.labels = torch::cat({data_->train.labels, torch::zeros({kNoise}, torch::kLong)});
    Trainer trainer(testing::tinyConfig(4));
    for (int e = 0; e < 40; ++e) trainer.train_epoch(*data_);
    auto snapshot = snapshot_of(trainer);
    // Its own run folder and data set, so the scores are cached there.
    snapshot->run_folder = dir_.path().toStdString();
    snapshot->config.data.spec = data_->name;
    snapshot_ = snapshot;
    // Test image 0 moved into the other class after training.
    data_->test.labels = data_->test.labels.clone();
    data_->test.labels[0] = 1 - data_->test.labels[0].item<int64_t>();
    mislabelledRow_ = static_cast<int>(data_->train.size());
}

void TestInspectView::scored(InferenceService& service, InspectView& view) {
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    QSignalSpy shown(&view, &InspectView::scoresShown);
    view.resize(1400, 900);
    view.show();  // reads saved scores, scores nothing
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    // The answer may come while the window is being exposed.
    QTRY_VERIFY2_WITH_TIMEOUT(shown.count() > 0 || view.statusText().startsWith(QStringLiteral("Not scored yet")),
                              qPrintable(view.statusText()), kTimeoutMs);
    if (shown.count() == 0) {
        view.scoreButton()->click();
        QTRY_VERIFY2_WITH_TIMEOUT(shown.count() > 0, qPrintable(view.statusText()), kTimeoutMs);
    }
    QCOMPARE(view.table().size(), static_cast<int>(data_->train.size() + data_->test.size()));
}

void TestInspectView::outliersPutThePlantedNoiseFirst() {
    QFile::remove(dir_.filePath("scores.csv"));
    InferenceService service;
    InspectView view(&service, nullptr);
    {
        // Issue #27: opening the tab scored all images at once. Now it only
        // looks for saved scores, and says how to score.
        InspectView opened(&service, nullptr);
        service.setSnapshot(snapshot_);
        service.setDataset(LoadedDataset(data_));
        opened.show();
        QTRY_VERIFY2_WITH_TIMEOUT(opened.statusText().startsWith(QStringLiteral("Not scored yet")),
                                  qPrintable(opened.statusText()), kTimeoutMs);
        QVERIFY(opened.table().isEmpty());
        QVERIFY(!opened.progressBar()->isVisible());
        QVERIFY(opened.scoreButton()->isEnabled());
        QVERIFY(!QFile::exists(dir_.filePath("scores.csv")));
    }
    scored(service, view);
    QVERIFY2(view.statusText().contains("saved to"), qPrintable(view.statusText()));
    QVERIFY(QFile::exists(dir_.filePath("scores.csv")));
    // Sorted by -ELBO, most unusual first: the planted noise (training rows 512..519).
    ImageGallery* gallery = view.outliers()->gallery();
    QVERIFY(gallery->rows().size() >= kNoise);
    for (int i = 0; i < kNoise; ++i) {
        const int row = gallery->rows()[i];
        QVERIFY2(!view.table().result().test[row] && view.table().result().index[row] >= 512,
                 qPrintable(QString("rank %1: %2").arg(i).arg(view.table().label(row))));
    }
    // The tiles fill in; a click shows the image at full size.
    QTRY_VERIFY_WITH_TIMEOUT(gallery->hasImages(gallery->rows()[0]), kTimeoutMs);
    gallery->setCurrentRow(gallery->rows()[0]);
    ImageDetail* detail = view.outliers()->detail();
    QCOMPARE(detail->row(), gallery->rows()[0]);
    QVERIFY(!detail->findChildren<QWidget*>().isEmpty());
    // IDX-like data has no file: nothing to open or copy.
    QVERIFY(!detail->openFolderButton()->isEnabled());
    // Export: the first three as a folder of copies (IDX images as PNG), a
    // list of paths, their scores.
    const QVector<int> three = gallery->rows().mid(0, 3);
    const QStringList written = copyRowsToFolder(view.table(), LoadedDataset(data_), three, dir_.filePath("export"));
    QCOMPARE(written.size(), 3);
    QVERIFY2(written[0].endsWith(QStringLiteral("1_train-%1.png").arg(view.table().result().index[three[0]])), qPrintable(written[0]));
    QCOMPARE(QImage(written[0]).size(), QSize(8, 8));
    QCOMPARE(pathList(view.table(), three).count('\n'), 3);
    QCOMPARE(view.table().scoresCsv(three).count('\n'), 4);
    const QString shots = qEnvironmentVariable("LATENTLAB_SCREENSHOTS");
    if (!shots.isEmpty()) {
        QTRY_VERIFY_WITH_TIMEOUT(gallery->hasImages(gallery->rows()[gallery->shownCount() - 1]), kTimeoutMs);
        view.grab().save(shots + "/inspect_outliers.png");
    }
}

void TestInspectView::reopenedTabReadsTheCache() {
    InferenceService service;
    InspectView view(&service, nullptr);
    scored(service, view);
    QVERIFY2(view.statusText().contains("read from"), qPrintable(view.statusText()));
    // Recomputing writes it again, with log p(x) when asked.
    QSignalSpy shown(&view, &InspectView::scoresShown);
    view.score(true);
    QVERIFY2(shown.wait(kTimeoutMs), qPrintable(view.statusText()));
    QVERIFY2(view.statusText().contains("saved to"), qPrintable(view.statusText()));
}

void TestInspectView::filtersKeepWhatTheySay() {
    InferenceService service;
    InspectView view(&service, nullptr);
    scored(service, view);
    OutliersView* outliers = view.outliers();
    outliers->setClassFilter(1);
    for (int row : outliers->gallery()->rows()) QCOMPARE(view.table().result().label[row], 1);
    outliers->setClassFilter(-1);
    outliers->setSplitFilter(1);
    QCOMPARE(outliers->gallery()->rows().size(), static_cast<int>(data_->test.size()));
    outliers->setSplitFilter(-1);
    // Least unusual first: ascending -ELBO.
    outliers->setSort(ScoreKind::NegElbo, true);
    const auto rows = outliers->gallery()->rows();
    QVERIFY(view.table().value(ScoreKind::NegElbo, rows.first()) <= view.table().value(ScoreKind::NegElbo, rows.last()));
    // A map area holding test points 2 and 5 only.
    QVector<QPointF> points(static_cast<int>(data_->test.size()), QPointF(10, 10));
    points[2] = QPointF(0.5, 0.5);
    points[5] = QPointF(0.2, 0.8);
    points[7] = QPointF(0.9, 0.9);  // inside the square, outside the lasso below
    view.filterToMapArea(points, QPolygonF(QRectF(0, 0, 1, 1)));
    QCOMPARE(outliers->gallery()->rows().size(), 3);
    view.filterToMapArea(points, QPolygonF({QPointF(0, 0), QPointF(1, 0), QPointF(0, 1.2)}));
    QCOMPARE(outliers->gallery()->rows().size(), 2);
    for (int row : outliers->gallery()->rows()) {
        QVERIFY(view.table().result().test[row]);
        QVERIFY(view.table().result().index[row] == 2 || view.table().result().index[row] == 5);
    }
}

void TestInspectView::duplicatesGroupExactCopies() {
    InferenceService service;
    InspectView view(&service, nullptr);
    scored(service, view);
    DuplicatesView* duplicates = view.duplicates();
    view.tabs()->setCurrentWidget(duplicates);
    QSignalSpy regrouped(duplicates, &DuplicatesView::regrouped);
    duplicates->find();
    QTRY_VERIFY_WITH_TIMEOUT(!duplicates->groups().groups.empty(), kTimeoutMs);
    // Bars repeat (16 distinct images among 584): every pair is pixel-identical
    // under the default RMS threshold, and the noise is never paired.
    QCOMPARE(duplicates->groups().pairs.empty(), false);
    for (const auto& pair : duplicates->groups().pairs) {
        QVERIFY(pair.pixel < kDefaultPixelThreshold);
        QVERIFY(!(pair.a >= 512 && pair.a < 512 + kNoise) && !(pair.b >= 512 && pair.b < 512 + kNoise));
    }
    QVERIFY(duplicates->groupList()->count() > 0);
    QVERIFY(!duplicates->gallery()->rows().isEmpty());  // the first group opens
    duplicates->setThresholdShare(0.0);
    QVERIFY(duplicates->groups().groups.empty());
}

void TestInspectView::mislabelledImageRanksHigh() {
    InferenceService service;
    InspectView view(&service, nullptr);
    scored(service, view);
    LabelsView* labels = view.labels();
    QSignalSpy ranked(labels, &LabelsView::ranked);
    labels->rank();
    QVERIFY(ranked.wait(kTimeoutMs));
    const auto& rows = labels->result().rows;
    const int rank = static_cast<int>(std::find(rows.begin(), rows.end(), mislabelledRow_) - rows.begin());
    QVERIFY2(rank < 10, qPrintable(QString("rank %1").arg(rank)));
    QCOMPARE(labels->gallery()->rows().size(), rows.size());
}

void TestInspectView::bagsScoreAsByHand() {
    InferenceService service;
    InspectView view(&service, nullptr);
    scored(service, view);
    BagsView* bags = view.bags();
    bags->setScore(ScoreKind::NegElbo);
    bags->setAggregate(BagAggregate::Max, 1);
    QCOMPARE(bags->bags().size(), size_t{2});  // no files: bags are the classes
    const auto values = view.table().values(ScoreKind::NegElbo);
    for (const auto& ranked : bags->ranking()) {
        double top = -1e300;
        for (int64_t row : bags->bags()[static_cast<size_t>(ranked.bag)].members) top = std::max(top, values[static_cast<int>(row)]);
        QCOMPARE(ranked.score, top);
    }
    // Leaving the top bag's worst image out lowers its max to its second worst.
    bags->openBag(0);
    const int worst = bags->gallery()->rows().first();
    const int second = bags->gallery()->rows()[1];
    bags->gallery()->setCurrentRow(worst);
    const auto bagIndex = bags->ranking().front().bag;
    bags->leaveSelectedOut();
    QVERIFY(!bags->mask()[static_cast<size_t>(worst)]);
    const auto after = std::find_if(bags->ranking().begin(), bags->ranking().end(),
                                    [&](const BagScore& s) { return s.bag == bagIndex; });
    QCOMPARE(after->score, values[second]);
    bags->includeAll();
    QVERIFY(std::all_of(bags->mask().begin(), bags->mask().end(), [](bool b) { return b; }));
}

void TestInspectView::neighboursComeNearestFirst() {
    InferenceService service;
    InspectView view(&service, nullptr);
    scored(service, view);
    NeighboursView* neighbours = view.neighbours();
    QSignalSpy found(neighbours, &NeighboursView::found);
    neighbours->showFor(3);
    QVERIFY(found.wait(kTimeoutMs));
    const auto& result = neighbours->result();
    QCOMPARE(result.rows.size(), 12);
    QVERIFY(!result.rows.contains(3));
    QVERIFY(std::is_sorted(result.distances.begin(), result.distances.end()));
    QVERIFY(neighbours->csvText().count('\n') == 13);
}

void TestInspectView::cancelLeavesAUsableTab() {
    QFile::remove(dir_.filePath("scores.csv"));
    InferenceService service;
    InspectView view(&service, nullptr);
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    view.show();
    QTRY_VERIFY2_WITH_TIMEOUT(view.statusText().startsWith(QStringLiteral("Not scored yet")),
                              qPrintable(view.statusText()), kTimeoutMs);
    // log p(x) with K = 5000 samples: seconds of work (one batch), cancelled while it runs.
    auto* samples = view.findChild<QSpinBox*>(QStringLiteral("inspectIwSamples"));
    QVERIFY(samples);
    samples->setValue(5000);
    QSignalSpy shown(&view, &InspectView::scoresShown);
    view.scoreButton()->click();
    QVERIFY(view.isScoring());
    QVERIFY(view.progressBar()->isVisible());
    auto* cancel = view.findChild<QPushButton*>(QStringLiteral("inspectCancel"));
    QVERIFY(cancel && cancel->isVisible());
    QTest::qWait(50);  // the worker is inside its batch
    QVERIFY(view.isScoring());
    cancel->click();
    // At once: the bar and Cancel gone, the status says so, Score enabled.
    QCOMPARE(view.statusText(), QStringLiteral("Cancelled."));
    QVERIFY(!view.isScoring());
    QVERIFY(!view.progressBar()->isVisible());
    QVERIFY(!cancel->isVisible());
    QVERIFY(view.scoreButton()->isEnabled());
    QTest::qWait(1000);
    QCOMPARE(shown.count(), 0);
    QVERIFY(view.table().isEmpty());
    QCOMPARE(view.statusText(), QStringLiteral("Cancelled."));
    // A second score, without log p(x), runs to the end once the worker has
    // stopped the first. "saved to": it scored anew, so the cancelled one
    // left no scores.csv behind to read.
    samples->setValue(0);
    view.scoreButton()->click();
    QTRY_VERIFY2_WITH_TIMEOUT(shown.count() == 1, qPrintable(view.statusText()), 3 * kTimeoutMs);
    QCOMPARE(view.table().size(), static_cast<int>(data_->train.size() + data_->test.size()));
    QVERIFY2(view.statusText().contains("saved to"), qPrintable(view.statusText()));
    QVERIFY(!view.table().has(ScoreKind::NegLogPx));  // the second's scores, not the first's
    QVERIFY(!view.progressBar()->isVisible());
}

void TestInspectView::classFilterListsClassesBeforeScoring() {
    // Issue #27: the class filter stayed empty until the images were scored.
    QFile::remove(dir_.filePath("scores.csv"));
    InferenceService service;
    InspectView view(&service, nullptr);
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    view.show();
    QTRY_VERIFY2_WITH_TIMEOUT(view.statusText().startsWith(QStringLiteral("Not scored yet")),
                              qPrintable(view.statusText()), kTimeoutMs);
    QVERIFY(view.table().isEmpty());
    auto* classes = view.outliers()->findChild<QComboBox*>(QStringLiteral("inspectClassFilter"));
    QVERIFY(classes);
    QCOMPARE(classes->count(), 1 + static_cast<int>(data_->class_names.size()));
    for (int c = 0; c < static_cast<int>(data_->class_names.size()); ++c) {
        QCOMPARE(classes->itemText(c + 1), QString::fromStdString(data_->class_names[static_cast<size_t>(c)]));
        QCOMPARE(classes->itemData(c + 1).toInt(), c);
    }
    // A class chosen before scoring filters the gallery once the scores come.
    view.outliers()->setClassFilter(1);
    QSignalSpy shown(&view, &InspectView::scoresShown);
    view.scoreButton()->click();
    QTRY_VERIFY2_WITH_TIMEOUT(shown.count() == 1, qPrintable(view.statusText()), kTimeoutMs);
    QCOMPARE(classes->currentData().toInt(), 1);
    QVERIFY(!view.outliers()->gallery()->rows().isEmpty());
    for (int row : view.outliers()->gallery()->rows()) QCOMPARE(view.table().result().label[row], 1);
}

LATENTLAB_TEST_MAIN(TestInspectView)
#include "test_inspect_view.moc"
