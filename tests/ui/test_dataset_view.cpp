// DatasetView against the real loader: a small folder made here is decoded on
// the loading thread, then the summary, the thumbnails and the skipped files
// are read back from the widgets.

#include "app/workspace/dataset_loader.h"
#include "app/workspace/loaded_dataset.h"
#include "app/workspace/workspace.h"
#include "ui/dataset/dataset_view.h"
#include "ui/dataset/thumbnail_model.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPixmap>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <memory>

using latentlab::DatasetView;
using latentlab::Split;
using latentlab::ThumbnailModel;

namespace {

constexpr int kTimeoutMs = 60000;
constexpr int kImageSize = 16;

}  // namespace

class TestDatasetView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsSummaryOfLoadedFolder();
    void thumbnailsShowTheImages();
    void listsUndecodableFileAsSkipped();
    void failedLoadShowsErrorAndKeepsDataset();
    void cancelledLoadKeepsDataset();
    void reloadAppliesNewOptions();
    void classRowFiltersThumbnails();
    void fashionMnistHintOnlyForFashionMnist();
    void folderLoadsAtItsOwnSizeByDefault();
    void damagedCacheIsNamedInTheSummary();

private:
    // A view that has loaded folder_ as 16 x 16 RGB; null (and a test
    // failure recorded) when the load did not finish.
    std::unique_ptr<DatasetView> loadedView();
    static void savePng(const QString& path, const QColor& colour);

    QTemporaryDir dir_;
    QString folder_;
    latentlab::Workspace workspace_;  // what the views show and load through
};

void TestDatasetView::savePng(const QString& path, const QColor& colour) {
    QImage image(24, 24, QImage::Format_RGB32);
    image.fill(colour);
    QVERIFY2(image.save(path, "PNG"), qPrintable(path));
}

void TestDatasetView::initTestCase() {
    QVERIFY(dir_.isValid());
    folder_ = dir_.filePath(QStringLiteral("shapes"));
    QVERIFY(QDir().mkpath(folder_ + QStringLiteral("/red")));
    QVERIFY(QDir().mkpath(folder_ + QStringLiteral("/blue")));
    for (int i = 0; i < 3; ++i) savePng(QStringLiteral("%1/red/r%2.png").arg(folder_).arg(i), Qt::red);
    for (int i = 0; i < 2; ++i) savePng(QStringLiteral("%1/blue/b%2.png").arg(folder_).arg(i), Qt::blue);

    // Named like an image, but text: the loader must skip it and say so.
    QFile notes(folder_ + QStringLiteral("/blue/notes.png"));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("These are not pixels.\n");
}

std::unique_ptr<DatasetView> TestDatasetView::loadedView() {
    auto view = std::make_unique<DatasetView>(&workspace_);
    view->setLoadOptions(kImageSize, 3);
    QSignalSpy loaded(view.get(), &DatasetView::datasetLoaded);
    view->load(folder_);
    [&] {
        // The progress row is up while the worker decodes, gone after.
        auto* progress = view->findChild<QWidget*>(QStringLiteral("progressRow"));
        QVERIFY(progress);
        QVERIFY(progress->isVisibleTo(view.get()));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
        QCOMPARE(loaded.first().first().toString(), folder_);
        QVERIFY(!progress->isVisibleTo(view.get()));
    }();
    if (QTest::currentTestFailed()) return nullptr;
    return view;
}

void TestDatasetView::showsSummaryOfLoadedFolder() {
    const std::unique_ptr<DatasetView> view = loadedView();
    QVERIFY(view);

    const int train = view->findChild<QLabel*>(QStringLiteral("trainCount"))->text().toInt();
    const int test = view->findChild<QLabel*>(QStringLiteral("testCount"))->text().toInt();
    QCOMPARE(train + test, 5);
    QVERIFY(train > 0);
    QCOMPARE(view->findChild<QLabel*>(QStringLiteral("imageShape"))->text(),
             QStringLiteral("16 × 16 × 3 (RGB)"));

    // Each class with its images summed over both splits.
    auto* table = view->findChild<QTableWidget*>(QStringLiteral("classTable"));
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 2);
    QMap<QString, int> perClass;
    for (int row = 0; row < table->rowCount(); ++row)
        perClass[table->item(row, 0)->text()] =
            table->item(row, 1)->text().toInt() + table->item(row, 2)->text().toInt();
    const QMap<QString, int> expected{{QStringLiteral("blue"), 2}, {QStringLiteral("red"), 3}};
    QCOMPARE(perClass, expected);
}

void TestDatasetView::thumbnailsShowTheImages() {
    const std::unique_ptr<DatasetView> view = loadedView();
    QVERIFY(view);
    ThumbnailModel* model = view->thumbnailModel();

    QCOMPARE(model->split(), Split::Train);
    const int train = view->findChild<QLabel*>(QStringLiteral("trainCount"))->text().toInt();
    QCOMPARE(model->rowCount(), train);
    QVERIFY(model->rowCount() > 0);

    // 16-pixel images are enlarged four times, and keep their colour.
    bool sawRed = false;
    bool sawBlue = false;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row);
        const QPixmap pixmap = model->data(index, Qt::DecorationRole).value<QPixmap>();
        QCOMPARE(pixmap.size(), QSize(4 * kImageSize, 4 * kImageSize));
        const QColor centre = pixmap.toImage().pixelColor(pixmap.width() / 2, pixmap.height() / 2);
        const QString toolTip = model->data(index, Qt::ToolTipRole).toString();
        QVERIFY2(toolTip.contains(folder_), qPrintable(toolTip));
        if (toolTip.startsWith(QStringLiteral("red"))) {
            sawRed = true;
            QCOMPARE(centre, QColor(Qt::red));
        } else {
            QVERIFY2(toolTip.startsWith(QStringLiteral("blue")), qPrintable(toolTip));
            sawBlue = true;
            QCOMPARE(centre, QColor(Qt::blue));
        }
    }
    QVERIFY(sawRed || sawBlue);

    // The other split has the rest of the images.
    model->setSplit(Split::Test);
    const int test = view->findChild<QLabel*>(QStringLiteral("testCount"))->text().toInt();
    QCOMPARE(model->rowCount(), test);
}

void TestDatasetView::listsUndecodableFileAsSkipped() {
    const std::unique_ptr<DatasetView> view = loadedView();
    QVERIFY(view);

    auto* box = view->findChild<QGroupBox*>(QStringLiteral("skippedBox"));
    QVERIFY(box);
    QVERIFY(box->isVisibleTo(view.get()));
    auto* list = view->findChild<QListWidget*>(QStringLiteral("skippedList"));
    QCOMPARE(list->count(), 1);
    QVERIFY2(list->item(0)->text().startsWith(QStringLiteral("notes.png — ")),
             qPrintable(list->item(0)->text()));
    // A reason follows the name.
    QVERIFY(list->item(0)->text().size() > QStringLiteral("notes.png — ").size());
}

void TestDatasetView::failedLoadShowsErrorAndKeepsDataset() {
    const std::unique_ptr<DatasetView> view = loadedView();
    QVERIFY(view);
    auto* banner = view->findChild<QWidget*>(QStringLiteral("errorBanner"));
    auto* message = view->findChild<QLabel*>(QStringLiteral("errorMessage"));
    QVERIFY(banner && message);
    QVERIFY(!banner->isVisibleTo(view.get()));
    const QString trainBefore = view->findChild<QLabel*>(QStringLiteral("trainCount"))->text();
    const int rowsBefore = view->thumbnailModel()->rowCount();

    QSignalSpy loaded(view.get(), &DatasetView::datasetLoaded);
    view->load(dir_.filePath(QStringLiteral("no-such-folder")));
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisibleTo(view.get()), kTimeoutMs);
    QVERIFY(!view->isLoading());
    QVERIFY2(message->text().contains(QStringLiteral("no-such-folder")), qPrintable(message->text()));
    QCOMPARE(loaded.count(), 0);

    QCOMPARE(view->spec(), folder_);
    QCOMPARE(view->dataset().count(Split::Train) + view->dataset().count(Split::Test), 5);
    QCOMPARE(view->findChild<QLabel*>(QStringLiteral("trainCount"))->text(), trainBefore);
    QCOMPARE(view->thumbnailModel()->rowCount(), rowsBefore);
}

void TestDatasetView::cancelledLoadKeepsDataset() {
    const std::unique_ptr<DatasetView> view = loadedView();
    QVERIFY(view);
    auto* progress = view->findChild<QWidget*>(QStringLiteral("progressRow"));

    // The same folder at another size, abandoned at once: whatever the worker
    // still finishes must not replace what is shown.
    QSignalSpy loaded(view.get(), &DatasetView::datasetLoaded);
    view->setLoadOptions(8, 1);
    view->load(folder_);
    QVERIFY(view->isLoading());
    view->cancelLoad();
    QVERIFY(!view->isLoading());
    QVERIFY(!progress->isVisibleTo(view.get()));
    QTest::qWait(1500);
    QCOMPARE(loaded.count(), 0);
    QCOMPARE(view->findChild<QLabel*>(QStringLiteral("imageShape"))->text(),
             QStringLiteral("16 × 16 × 3 (RGB)"));
    QCOMPARE(view->dataset().width(), kImageSize);
}

void TestDatasetView::reloadAppliesNewOptions() {
    const std::unique_ptr<DatasetView> view = loadedView();
    QVERIFY(view);
    auto* reload = view->findChild<QPushButton*>(QStringLiteral("reloadFolder"));
    QVERIFY(reload);
    // Nothing to reload while the options are those the folder was loaded with.
    QVERIFY(!reload->isEnabled());
    view->setLoadOptions(8, 1);
    QVERIFY(reload->isEnabled());

    QSignalSpy loaded(view.get(), &DatasetView::datasetLoaded);
    reload->click();
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
    QCOMPARE(view->findChild<QLabel*>(QStringLiteral("imageShape"))->text(),
             QStringLiteral("8 × 8 × 1 (grayscale)"));
    QCOMPARE(view->dataset().channels(), 1);
    // 8-pixel images become 64-pixel thumbnails.
    QCOMPARE(view->thumbnailModel()->thumbnailSize(), QSize(64, 64));
    QVERIFY(!reload->isEnabled());
}

void TestDatasetView::classRowFiltersThumbnails() {
    const std::unique_ptr<DatasetView> view = loadedView();
    QVERIFY(view);
    view->resize(900, 600);
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    auto* table = view->findChild<QTableWidget*>(QStringLiteral("classTable"));
    auto* filter = view->findChild<QLabel*>(QStringLiteral("thumbnailFilter"));
    QVERIFY(table && filter);
    ThumbnailModel* model = view->thumbnailModel();
    const int all = model->rowCount();
    QVERIFY(!filter->isVisible());

    int redRow = -1;
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == QLatin1String("red")) redRow = row;
    QVERIFY(redRow >= 0);
    const int redTrain = table->item(redRow, 1)->text().toInt();
    const auto clickRow = [table](int row) {
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier,
                          table->visualItemRect(table->item(row, 0)).center());
    };

    // A click on the class shows its images only, and says so.
    clickRow(redRow);
    QCOMPARE(model->rowCount(), redTrain);
    for (int row = 0; row < model->rowCount(); ++row)
        QVERIFY(model->data(model->index(row), Qt::ToolTipRole).toString().startsWith(QStringLiteral("red\n")));
    QVERIFY(filter->isVisible());
    QVERIFY2(filter->text().contains(QStringLiteral("Showing 'red' only")), qPrintable(filter->text()));
    QVERIFY2(filter->text().contains(QStringLiteral("click again to show all")), qPrintable(filter->text()));
    QVERIFY(table->item(redRow, 0)->font().bold());

    // Another class replaces it; a second click on the same row shows all.
    const int otherRow = redRow == 0 ? 1 : 0;
    clickRow(otherRow);
    QCOMPARE(model->rowCount(), table->item(otherRow, 1)->text().toInt());
    QVERIFY(!table->item(redRow, 0)->font().bold());
    clickRow(otherRow);
    QCOMPARE(model->rowCount(), all);
    QVERIFY(!filter->isVisible());
    QVERIFY(!table->item(otherRow, 0)->font().bold());
}

// A damaged cache file of the folder is decoded again, and the summary says
// so (as the CLI does) beside where the pixels are.
void TestDatasetView::damagedCacheIsNamedInTheSummary() {
    QTemporaryDir cacheDir;
    qputenv("LATENTLAB_CACHE_DIR", cacheDir.path().toUtf8());
    // Files changed in the last seconds are not cached: make them an hour old.
    QDirIterator files(folder_, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime().addSecs(-3600), QFileDevice::FileModificationTime));
    }
    QLabel* note = nullptr;
    {
        const std::unique_ptr<DatasetView> first = loadedView();
        QVERIFY(first);
        note = first->findChild<QLabel*>(QStringLiteral("loadNote"));
        // Only the scaling is noted (24 px images at 16 px), no damage.
        QVERIFY(note && !note->isHidden());
        QCOMPARE(note->text(), QStringLiteral("The images are 24 × 24: they are scaled down to 16 × 16."));
        QVERIFY(first->findChild<QLabel*>(QStringLiteral("pixels"))->text().endsWith(QStringLiteral("in memory")));
    }
    const QStringList caches = QDir(cacheDir.path()).entryList({QStringLiteral("*.llfc")}, QDir::Files);
    QCOMPARE(caches.size(), 1);
    QFile cache(cacheDir.filePath(caches.first()));
    QVERIFY(cache.open(QIODevice::ReadWrite));
    QVERIFY(cache.seek(cache.size() - 20));  // the pixels' checksum
    const char byte = cache.read(1).at(0);
    QVERIFY(cache.seek(cache.size() - 20));
    cache.write(QByteArray(1, static_cast<char>(byte ^ 0x10)));
    cache.close();

    const std::unique_ptr<DatasetView> again = loadedView();
    QVERIFY(again);
    note = again->findChild<QLabel*>(QStringLiteral("loadNote"));
    QVERIFY(note && !note->isHidden());
    QVERIFY2(note->text().contains(QStringLiteral("damaged")), qPrintable(note->text()));
    qunsetenv("LATENTLAB_CACHE_DIR");
}

// Issue #27: a folder of 24 px images was scaled to 28 px without a word.
void TestDatasetView::folderLoadsAtItsOwnSizeByDefault() {
    latentlab::Workspace workspace;
    DatasetView view(&workspace);
    auto* own = view.findChild<QCheckBox*>(QStringLiteral("ownImageSize"));
    auto* size = view.findChild<QSpinBox*>(QStringLiteral("imageSize"));
    QVERIFY(own && size);
    QVERIFY(own->isChecked());
    QVERIFY(!size->isEnabled());
    QCOMPARE(view.imageSize(), 0);
    QSignalSpy loaded(&view, &DatasetView::datasetLoaded);
    view.load(folder_);
    QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, kTimeoutMs);
    QCOMPARE(view.dataset().width(), 24);
    // The box shows the size found; nothing was scaled, so nothing is noted.
    QCOMPARE(size->value(), 24);
    QVERIFY(view.findChild<QLabel*>(QStringLiteral("loadNote"))->isHidden());
    auto* reload = view.findChild<QPushButton*>(QStringLiteral("reloadFolder"));
    QVERIFY(!reload->isEnabled());
    // Unticked at the same size: still nothing to reload; another size: reload.
    own->setChecked(false);
    QVERIFY(size->isEnabled());
    QVERIFY(!reload->isEnabled());
    size->setValue(12);
    QVERIFY(reload->isEnabled());
    // An explicit size from a run or a lesson unticks the box.
    view.setLoadOptions(0, 3);
    QVERIFY(own->isChecked());
    view.setLoadOptions(32, 3);
    QVERIFY(!own->isChecked());
    QCOMPARE(view.imageSize(), 32);
}

void TestDatasetView::fashionMnistHintOnlyForFashionMnist() {
    const QString fashion = latentlab::DatasetLoader::fashionMnistSpec();
    latentlab::Workspace workspace;
    DatasetView fresh(&workspace);
    auto* freshHint = fresh.findChild<QLabel*>(QStringLiteral("fashionMnistHint"));
    QVERIFY(freshHint);
    QVERIFY(!freshHint->isVisibleTo(&fresh));
    // While Fashion-MNIST loads, the folder options do nothing: it says why.
    fresh.load(fashion);
    QVERIFY(freshHint->isVisibleTo(&fresh));
    fresh.cancelLoad();
    QVERIFY(!freshHint->isVisibleTo(&fresh));
    // And while it is shown (where Debian's dataset-fashion-mnist is installed).
    QSignalSpy loaded(&fresh, &DatasetView::datasetLoaded);
    auto* banner = fresh.findChild<QWidget*>(QStringLiteral("errorBanner"));
    fresh.load(fashion);
    QTRY_VERIFY_WITH_TIMEOUT(!fresh.isLoading(), kTimeoutMs);
    if (loaded.isEmpty()) {
        QVERIFY(banner->isVisibleTo(&fresh));
        QVERIFY(!freshHint->isVisibleTo(&fresh));
    } else {
        QVERIFY(freshHint->isVisibleTo(&fresh));
        // A folder loading over it is not Fashion-MNIST.
        fresh.load(folder_);
        QVERIFY(!freshHint->isVisibleTo(&fresh));
        fresh.cancelLoad();
        QVERIFY(freshHint->isVisibleTo(&fresh));
    }

    // Never while a folder is shown or loading.
    const std::unique_ptr<DatasetView> view = loadedView();
    QVERIFY(view);
    auto* hint = view->findChild<QLabel*>(QStringLiteral("fashionMnistHint"));
    QVERIFY(!hint->isVisibleTo(view.get()));
    view->load(fashion);
    QVERIFY(hint->isVisibleTo(view.get()));
    view->cancelLoad();
    QVERIFY(!hint->isVisibleTo(view.get()));
    view->load(folder_);
    QVERIFY(!hint->isVisibleTo(view.get()));
    view->cancelLoad();
}

LATENTLAB_TEST_MAIN(TestDatasetView)
#include "test_dataset_view.moc"
