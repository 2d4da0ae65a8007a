// ThumbnailModel, and the ThumbnailBrowser that filters it by class, on a
// small folder of one-colour images made here and decoded by the real
// loader: the rows, their pictures and tooltips, and a caller's subset and
// order of the images.

#include "app/workspace/dataset_loader.h"
#include "app/workspace/loaded_dataset.h"
#include "ui/dataset/thumbnail_browser.h"
#include "ui/dataset/thumbnail_model.h"

#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

using latentlab::DatasetLoader;
using latentlab::LoadedDataset;
using latentlab::Split;
using latentlab::ThumbnailBrowser;
using latentlab::ThumbnailModel;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kSide = 8;

struct ColourClass {
    const char* name;
    Qt::GlobalColor colour;
    int images;
};
const ColourClass kClasses[] = {{"blue", Qt::blue, 6}, {"green", Qt::green, 5}, {"red", Qt::red, 9}};

QColor centreColour(const ThumbnailModel& model, int row) {
    const QPixmap pixmap = model.data(model.index(row), Qt::DecorationRole).value<QPixmap>();
    return pixmap.toImage().pixelColor(pixmap.width() / 2, pixmap.height() / 2);
}

QString toolTip(const ThumbnailModel& model, int row) { return model.data(model.index(row), Qt::ToolTipRole).toString(); }

}  // namespace

class TestThumbnailModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rowsAreTheSplitsImages();
    void decorationAndToolTipShowTheImage();
    void indicesChooseAndOrderTheRows();
    void browserFiltersByClass();

private:
    QTemporaryDir dir_;
    QString folder_;
    LoadedDataset dataset_;
};

void TestThumbnailModel::initTestCase() {
    QVERIFY(dir_.isValid());
    folder_ = dir_.filePath(QStringLiteral("colours"));
    for (const ColourClass& c : kClasses) {
        const QString classFolder = QStringLiteral("%1/%2").arg(folder_, QLatin1String(c.name));
        QVERIFY(QDir().mkpath(classFolder));
        QImage image(2 * kSide, 2 * kSide, QImage::Format_RGB32);
        image.fill(c.colour);
        for (int i = 0; i < c.images; ++i)
            QVERIFY(image.save(QStringLiteral("%1/%2.png").arg(classFolder).arg(i), "PNG"));
    }
    DatasetLoader loader;
    QSignalSpy loaded(&loader, &DatasetLoader::loaded);
    loader.load(folder_, kSide, 3);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
    dataset_ = loaded.first().first().value<LoadedDataset>();
    QCOMPARE(dataset_.count(Split::Train) + dataset_.count(Split::Test), 20);
    QVERIFY(dataset_.count(Split::Test) > 0);
    QCOMPARE(dataset_.classNames(), (QStringList{QStringLiteral("blue"), QStringLiteral("green"), QStringLiteral("red")}));
}

void TestThumbnailModel::rowsAreTheSplitsImages() {
    ThumbnailModel model;
    QCOMPARE(model.rowCount(), 0);
    model.setDataset(dataset_);
    QCOMPARE(model.split(), Split::Train);
    QCOMPARE(model.rowCount(), static_cast<int>(dataset_.count(Split::Train)));
    QVERIFY(model.showsAll());
    QCOMPARE(model.datasetIndex(3), qint64{3});
    QCOMPARE(model.datasetIndex(-1), qint64{-1});
    QCOMPARE(model.datasetIndex(model.rowCount()), qint64{-1});
    // A list has no children.
    QCOMPARE(model.rowCount(model.index(0)), 0);

    QSignalSpy reset(&model, &ThumbnailModel::modelReset);
    model.setSplit(Split::Test);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), static_cast<int>(dataset_.count(Split::Test)));
}

void TestThumbnailModel::decorationAndToolTipShowTheImage() {
    ThumbnailModel model;
    model.setDataset(dataset_);
    // 8-pixel images are enlarged 8 times, with square sharp pixels.
    QCOMPARE(model.thumbnailSize(), QSize(64, 64));
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString className = dataset_.className(Split::Train, row);
        // The class, where the image is in its split, and its file.
        const QStringList lines = toolTip(model, row).split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], className);
        QCOMPARE(lines[1], QStringLiteral("Train image %1 of %2").arg(row + 1).arg(model.rowCount()));
        QCOMPARE(lines[2], dataset_.sourcePath(Split::Train, row));
        QVERIFY2(lines[2].startsWith(QStringLiteral("%1/%2/").arg(folder_, className)), qPrintable(lines[2]));
        for (const ColourClass& c : kClasses)
            if (className == QLatin1String(c.name)) QCOMPARE(centreColour(model, row), QColor(c.colour));
        QCOMPARE(model.data(model.index(row), Qt::AccessibleTextRole).toString(), className);
    }
    QVERIFY(!model.data(model.index(0), Qt::DisplayRole).isValid());
}

void TestThumbnailModel::indicesChooseAndOrderTheRows() {
    ThumbnailModel model;
    model.setDataset(dataset_);
    const qint64 count = dataset_.count(Split::Train);
    // Out of range indices are left out; the order is the caller's.
    model.setIndices({count - 1, 0, count, -1, 2});
    QVERIFY(!model.showsAll());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.datasetIndex(0), count - 1);
    QCOMPARE(model.datasetIndex(1), qint64{0});
    QCOMPARE(model.datasetIndex(2), qint64{2});
    // A row is its image: tooltip and picture.
    QVERIFY(toolTip(model, 0).contains(QStringLiteral("Train image %1 of %1").arg(count)));
    QCOMPARE(toolTip(model, 2).section(QLatin1Char('\n'), 0, 0), dataset_.className(Split::Train, 2));
    for (int row = 0; row < 3; ++row) {
        const QString className = dataset_.className(Split::Train, model.datasetIndex(row));
        for (const ColourClass& c : kClasses)
            if (className == QLatin1String(c.name)) QCOMPARE(centreColour(model, row), QColor(c.colour));
    }

    model.showAll();
    QCOMPARE(model.rowCount(), static_cast<int>(count));
    model.setIndices({1});
    // Another split shows all of its images.
    model.setSplit(Split::Test);
    QVERIFY(model.showsAll());
    QCOMPARE(model.rowCount(), static_cast<int>(dataset_.count(Split::Test)));
}

void TestThumbnailModel::browserFiltersByClass() {
    ThumbnailBrowser browser;
    browser.setDataset(dataset_);
    ThumbnailModel* model = browser.model();
    auto* filterLabel = browser.findChild<QLabel*>(QStringLiteral("thumbnailFilter"));
    QVERIFY(filterLabel);
    QVERIFY(!filterLabel->isVisibleTo(&browser));
    QSignalSpy filterChanged(&browser, &ThumbnailBrowser::classFilterChanged);

    const int red = 2;
    browser.setClassFilter(red);
    QCOMPARE(browser.classFilter(), red);
    QCOMPARE(filterChanged.count(), 1);
    QCOMPARE(model->rowCount(), static_cast<int>(dataset_.classCounts(Split::Train).at(red)));
    QVERIFY(model->rowCount() > 0);
    for (int row = 0; row < model->rowCount(); ++row) {
        QCOMPARE(dataset_.label(Split::Train, model->datasetIndex(row)), red);
        QCOMPARE(centreColour(*model, row), QColor(Qt::red));
    }
    QVERIFY(filterLabel->isVisibleTo(&browser));
    QVERIFY2(filterLabel->text().startsWith(QStringLiteral("Showing 'red' only")), qPrintable(filterLabel->text()));

    // The other split, the same class.
    browser.setSplit(Split::Test);
    QCOMPARE(model->split(), Split::Test);
    QCOMPARE(model->rowCount(), static_cast<int>(dataset_.classCounts(Split::Test).at(red)));
    for (int row = 0; row < model->rowCount(); ++row) QCOMPARE(dataset_.label(Split::Test, model->datasetIndex(row)), red);

    browser.setClassFilter(-1);
    QCOMPARE(filterChanged.count(), 2);
    QCOMPARE(model->rowCount(), static_cast<int>(dataset_.count(Split::Test)));
    QVERIFY(!filterLabel->isVisibleTo(&browser));

    // Another view's order, with its own words.
    browser.setIndices({1, 0}, QStringLiteral("The two worst reconstructed"));
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(filterLabel->text(), QStringLiteral("The two worst reconstructed"));
    browser.showAll();
    QVERIFY(model->showsAll());
    QVERIFY(!filterLabel->isVisibleTo(&browser));
}

LATENTLAB_TEST_MAIN(TestThumbnailModel)
#include "test_thumbnail_model.moc"
