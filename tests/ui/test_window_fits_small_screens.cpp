// The window fits a 1024 x 768 screen (issue #27): whatever tab or view is
// shown, its minimum size leaves room for a title bar and a panel (1024 x
// 720). The latent map, Inspect and Compare made it 763 px tall; beside the
// lesson pane the pages made it 1149 px wide.

#include "ui/training/training_view.h"
#include "ui/window/main_window.h"

#include <QDockWidget>
#include <QLayout>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest>
#include "test_registry.h"

namespace {

constexpr QSize kScreen(1024, 720);

// "Explore › Latent map: 1286 x 762" for every view whose minimum is too large.
QStringList tooLarge(QMainWindow& window, const QString& situation) {
    QStringList found;
    auto* tabs = window.findChild<QTabWidget*>();
    for (int i = 0; i < tabs->count(); ++i) {
        if (!tabs->isTabVisible(i)) continue;
        tabs->setCurrentIndex(i);
        QList<QTabWidget*> inner;
        for (QTabWidget* nested : tabs->widget(i)->findChildren<QTabWidget*>())
            if (nested->isVisible()) inner << nested;
        const auto check = [&](const QString& where) {
            QCoreApplication::processEvents();
            window.layout()->activate();
            const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
            if (minimum.width() > kScreen.width() || minimum.height() > kScreen.height())
                found << QStringLiteral("%1 %2: %3 x %4").arg(situation, where).arg(minimum.width()).arg(minimum.height());
        };
        if (inner.isEmpty()) check(tabs->tabText(i));
        for (QTabWidget* nested : inner)
            for (int j = 0; j < nested->count(); ++j) {
                nested->setCurrentIndex(j);
                check(tabs->tabText(i) + QStringLiteral(" › ") + nested->tabText(j));
            }
    }
    return found;
}

}  // namespace

class TestWindowFitsSmallScreens : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_window_fits_small_screens"));
        QSettings().clear();
    }

    void everyViewFits() {
        latentlab::MainWindow window;
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QStringList found = tooLarge(window, QStringLiteral("without a lesson,"));
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("; "))));
    }

    // A teacher's lesson pane takes its minimum width beside every page.
    void everyViewFitsBesideTheLessonPane() {
        latentlab::MainWindow window;
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("lessonDock"));
        QVERIFY(dock);
        dock->show();
        // An active lesson hides the training settings (LessonRunner::updateFocus)
        // and brings the Training tab forward.
        auto* training = window.findChild<latentlab::TrainingView*>();
        training->setSidePanelShown(false);
        window.findChild<QTabWidget*>()->setCurrentWidget(training);
        const QStringList found = tooLarge(window, QStringLiteral("beside the lesson pane,"));
        QVERIFY2(found.isEmpty(), qPrintable(found.join(QStringLiteral("; "))));
    }
};

LATENTLAB_TEST_MAIN(TestWindowFitsSmallScreens)
#include "test_window_fits_small_screens.moc"
