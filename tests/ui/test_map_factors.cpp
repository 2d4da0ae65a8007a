// Known factors in the Explore tab, against a tiny trained model whose data
// carry two factors (a bar's orientation and position, read from the images):
// the map answer carries every test point's factor values, the latent map
// colours by a categorical factor with a legend and by a numeric one with a
// colour bar, the CSV lists the factors, and the traversal and the sliders
// name the factor each dimension follows, as the model layer measures it.

#include "app/inference/inference_service.h"
#include "model/base/threads.h"
#include "model/measure/factor_scores.h"
#include "model/train/model_snapshot.h"
#include "tiny_models.h"
#include "ui/explore/latent_map_plot.h"
#include "ui/explore/latent_map_view.h"
#include "ui/explore/map_colour_choice.h"
#include "ui/explore/sliders_view.h"
#include "ui/explore/traversal_grid.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <memory>

using namespace latentlab;

namespace {

constexpr int kTimeoutMs = 60000;

// Orientation (0 horizontal, 1 vertical: the class) and position (the bar's
// row or column, 0..7, scaled to 0..1 as the shapes' x and y are) of every
// bars image, as factors.csv would give them.
torch::Tensor barFactors(const ImageSet& set) {
    const auto lit = set.images.select(1, 0) > 0;         // [N, H, W]
    const auto rows = lit.any(2).to(torch::kFloat).argmax(1);   // a horizontal bar's row
    const auto columns = lit.any(1).to(torch::kFloat).argmax(1);  // a vertical bar's column
    const auto vertical = set.labels.to(torch::kLong) == 1;
    const auto position = torch::where(vertical, columns, rows).to(torch::kFloat) / 7.0f;
    return torch::stack({set.labels.to(torch::kFloat), position}, 1).contiguous();
}

std::shared_ptr<const Dataset> barsWithFactors() {
    Dataset data = *testing::tinyBars();
    data.train.factors = barFactors(data.train);
    data.test.factors = barFactors(data.test);
    data.factor_names = {"orientation", "position"};
    return std::make_shared<const Dataset>(std::move(data));
}

}  // namespace

class TestMapFactors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mapAnswerCarriesEachPointsFactors();
    void mapColoursByACategoryAndByANumber();
    void traversalRowsNameTheFactorTheirDimensionFollows();
    void gridLabelSaysFactorAndStrength();
    void slidersNameTheFactorTheirDimensionFollows();

private:
    std::shared_ptr<const Dataset> data_;
    SnapshotHandle snapshot_;
};

void TestMapFactors::initTestCase() {
    configure_process_threads();
    QStandardPaths::setTestModeEnabled(true);
    data_ = barsWithFactors();
    snapshot_ = testing::tinySnapshots(*data_, 3, 2).back();
}

void TestMapFactors::mapAnswerCarriesEachPointsFactors() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    QSignalSpy mapped(&service, &InferenceService::mapped);
    MapRequest request;
    service.map(request);
    QVERIFY(mapped.wait(kTimeoutMs));
    const auto map = mapped.takeFirst().at(0).value<MapResult>();
    QCOMPARE(map.points.size(), 64);
    QCOMPARE(map.factorNames, (QStringList{QStringLiteral("orientation"), QStringLiteral("position")}));
    QCOMPARE(map.factorValues.size(), 2);
    const auto expected = data_->test.factors;
    for (int f = 0; f < 2; ++f) {
        QCOMPARE(map.factorValues[f].size(), 64);
        for (int i = 0; i < 64; ++i) QCOMPARE(map.factorValues[f][i], expected[i][f].item<float>());
    }
    // The position really varies (the test is not passed by zeros).
    QVERIFY(*std::max_element(map.factorValues[1].begin(), map.factorValues[1].end()) >= 6.0f / 7);

    // Without factors.csv the answer has none.
    service.setDataset(LoadedDataset(testing::tinyBars()));
    service.map(request);
    QVERIFY(mapped.wait(kTimeoutMs));
    const auto plain = mapped.takeFirst().at(0).value<MapResult>();
    QVERIFY(plain.factorNames.isEmpty() && plain.factorValues.isEmpty());
}

void TestMapFactors::mapColoursByACategoryAndByANumber() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    LatentMapView view(&service, nullptr);
    view.resize(1000, 700);
    QSignalSpy shown(&view, &LatentMapView::mapShown);
    view.show();
    QVERIFY(shown.wait(kTimeoutMs));
    LatentMapPlot* plot = view.plot();
    const MapResult& map = view.map();
    auto* choice = view.findChild<MapColourChoice*>();
    QVERIFY(choice);
    QVERIFY(choice->isEnabled());
    QCOMPARE(choice->factors(), map.factorNames);
    QVERIFY(!choice->hasNoFactorsNote());
    QCOMPARE(plot->colouring().title, QStringLiteral("class"));
    QVERIFY(!plot->isColourBarShown());

    // Position: a number from 0 to 1 in eight steps, one colour per value on a colour bar.
    view.setColourBy(1);
    QCOMPARE(choice->factor(), 1);
    QVERIFY(plot->isColourBarShown());
    QVERIFY(plot->colouring().continuous);
    QCOMPARE(plot->colouring().low, 0.0);
    QCOMPARE(plot->colouring().high, 1.0);
    QCOMPARE(plot->classCount(), 8);
    for (int g = 0; g < plot->classCount(); ++g)
        for (const QPointF& point : plot->classPoints(g)) {
            const int i = static_cast<int>(map.points.indexOf(point));
            QVERIFY(i >= 0);
            QCOMPARE(map.factorValues[1][i], static_cast<float>(g) / 7.0f);  // group g holds position g
        }
    // Ends of the scale differ: dark for 0, light for 1.
    QVERIFY(plot->classColour(0).lightness() < plot->classColour(7).lightness());

    // Orientation: whole values 0 and 1 that are the class, so named by the classes.
    view.setColourBy(0);
    QVERIFY(!plot->isColourBarShown());
    QCOMPARE(plot->classCount(), 2);
    QCOMPARE(plot->className(0), QStringLiteral("horizontal"));
    QCOMPARE(plot->className(1), QStringLiteral("vertical"));

    // The CSV lists every factor.
    const QStringList lines = view.csvText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QStringLiteral("index,x,y,class,orientation,position"));
    QCOMPARE(lines[5].split(QLatin1Char(',')).at(5).toDouble(), double(map.factorValues[1][4]));

    // A PNG export is twice the plot's size on screen.
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("map.png"));
    QVERIFY(view.exportPng(png));
    const QSize onScreen = plot->canvas()->size().expandedTo(QSize(900, 700));
    QCOMPARE(QImage(png).size(), 2 * onScreen);
}

void TestMapFactors::traversalRowsNameTheFactorTheirDimensionFollows() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    QSignalSpy traversed(&service, &InferenceService::traversed);
    service.traverse(TraverseRequest());
    QVERIFY(traversed.wait(kTimeoutMs));
    const auto result = traversed.takeFirst().at(0).value<TraverseResult>();
    QCOMPARE(result.rowFactors.size(), 3);
    QCOMPARE(result.rowInformation.size(), 3);
    // Row by row, what the model layer measures for that row's dimension.
    const std::vector<DimensionFactor> expected =
        dimension_factors(snapshot_->model, data_->train, data_->factor_names, snapshot_->device);
    bool someInformation = false;
    for (int r = 0; r < 3; ++r) {
        const DimensionFactor& want = expected.at(static_cast<size_t>(result.dimensions[r]));
        QCOMPARE(result.rowFactors[r], want.factor < 0 ? QString() : QString::fromStdString(data_->factor_names[want.factor]));
        QCOMPARE(result.rowInformation[r], want.information);
        QVERIFY(want.information >= 0.0 && want.information <= 1.0);
        someInformation = someInformation || want.information > 0.1;
    }
    QVERIFY(someInformation);  // a trained model's codes say something about the bars

    // Without factors the rows are not labelled with one.
    service.setDataset(LoadedDataset(testing::tinyBars()));
    service.traverse(TraverseRequest());
    QVERIFY(traversed.wait(kTimeoutMs));
    QVERIFY(traversed.takeFirst().at(0).value<TraverseResult>().rowFactors.isEmpty());
}

void TestMapFactors::gridLabelSaysFactorAndStrength() {
    TraverseResult traversal;
    traversal.dimensions = {3, 0};
    traversal.kl = {2.41, 0.5};
    traversal.offsets = {-1.0, 1.0};
    traversal.images = QVector<QImage>(4, QImage(8, 8, QImage::Format_Grayscale8));
    traversal.rowFactors = {QStringLiteral("x"), QString()};
    traversal.rowInformation = {0.6234, 0.0};
    TraversalGrid grid(nullptr);
    grid.setTraversal(traversal);
    QCOMPARE(grid.rowLabel(0), QStringLiteral("z3 · x (0.62) · 2.41 nats"));
    QCOMPARE(grid.rowLabel(1), QStringLiteral("z0 · 0.50 nats"));
}

void TestMapFactors::slidersNameTheFactorTheirDimensionFollows() {
    InferenceService service;
    service.setSnapshot(snapshot_);
    service.setDataset(LoadedDataset(data_));
    SlidersView view(&service, nullptr);
    view.resize(1000, 600);
    view.show();
    QCOMPARE(view.sliderCount(), 3);
    // The traversal's names for the same model, row by dimension.
    QSignalSpy traversed(&service, &InferenceService::traversed);
    service.traverse(TraverseRequest());
    QVERIFY(traversed.wait(kTimeoutMs));
    const auto expected = traversed.takeFirst().at(0).value<TraverseResult>();
    QVERIFY(expected.rowFactors.contains(QStringLiteral("orientation")) ||
            expected.rowFactors.contains(QStringLiteral("position")));
    const QVector<int> dims = view.rowDimensions();
    for (int row = 0; row < 3; ++row) {
        const int r = static_cast<int>(expected.dimensions.indexOf(dims[row]));
        QVERIFY(r >= 0);
        const QString factor = expected.rowFactors[r];
        if (factor.isEmpty()) continue;
        const QString named = QStringLiteral("z%1 · %2 (%3)").arg(dims[row]).arg(factor).arg(expected.rowInformation[r], 0, 'f', 2);
        QTRY_VERIFY2_WITH_TIMEOUT(view.sliderLabel(row).startsWith(named), qPrintable(view.sliderLabel(row)), kTimeoutMs);
        QVERIFY(view.sliderLabel(row).endsWith(QStringLiteral("nats")));
    }

    // Without factors: the plain names.
    InferenceService plain;
    plain.setSnapshot(snapshot_);
    plain.setDataset(LoadedDataset(testing::tinyBars()));
    SlidersView unnamed(&plain, nullptr);
    unnamed.show();
    QSignalSpy plainTraversed(&plain, &InferenceService::traversed);
    QVERIFY(plainTraversed.wait(kTimeoutMs));  // the sliders' own request, answered
    QTest::qWait(50);
    for (int row = 0; row < unnamed.sliderCount(); ++row)
        QVERIFY2(!unnamed.sliderLabel(row).contains(QLatin1Char('(')), qPrintable(unnamed.sliderLabel(row)));
}

LATENTLAB_TEST_MAIN(TestMapFactors)
#include "test_map_factors.moc"
