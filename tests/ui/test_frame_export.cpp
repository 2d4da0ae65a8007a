// What every view's export shares (ui/widgets/frame_export.h): the scale of
// exported pictures, and the "Saved …" line in the window's status bar that
// confirms a written file.

#include "ui/widgets/frame_export.h"

#include <QDir>
#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>
#include <QtTest>
#include "test_registry.h"

using namespace latentlab;

class TestFrameExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void smallImagesAreEnlargedByWholeFactors() {
        // 28 px needs 7x to reach 192, then the export resolution on top.
        QCOMPARE(exportScale(QSize(28, 28)), 7 * kExportResolution);
        QCOMPARE(exportScale(QSize(400, 300)), kExportResolution);
    }

    void aWrittenFileIsConfirmedInTheStatusBar() {
        QMainWindow window;
        auto* view = new QLabel(&window);
        window.setCentralWidget(view);
        const QString path = QDir::temp().filePath(QStringLiteral("traversal.png"));
        reportExported(view, path);
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Saved %1").arg(QDir::toNativeSeparators(path)));
        // A view in no main window (a test's own widget) is left alone.
        QLabel alone;
        reportExported(&alone, path);
        reportExported(nullptr, path);
    }
};

LATENTLAB_TEST_MAIN(TestFrameExport)
#include "test_frame_export.moc"
