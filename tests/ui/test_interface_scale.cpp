// Ctrl+= / Ctrl+- / Ctrl+0 scale the whole interface: the application font,
// widgets with fonts of their own, and the plots' fonts and line widths; the
// scale is remembered in QSettings and restored at start.

#include "ui/training/training_settings_panel.h"
#include "ui/widgets/interface_scale.h"
#include "ui/window/main_window.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QLabel>
#include <QMainWindow>
#include <QMenuBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest>
#include "test_registry.h"

using namespace latentlab;

class TestInterfaceScale : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_interface_scale"));
        base_ = QApplication::font().pointSizeF();
        // A scale remembered from the last session is applied at start.
        QSettings().setValue(QStringLiteral("ui/interfaceScale"), 1.5);
        QCOMPARE(InterfaceScale::instance().scale(), 1.5);
        QCOMPARE(QApplication::font().pointSizeF(), base_ * 1.5);
        InterfaceScale::instance().reset();
        QCOMPARE(QApplication::font().pointSizeF(), base_);
    }

    void shortcutsScaleFontsAndAreRemembered() {
        QMainWindow window;
        InterfaceScale::addMenuActions(window.menuBar()->addMenu(QStringLiteral("&View")));
        auto* caption = new QLabel(QStringLiteral("caption"), &window);
        QFont large = caption->font();
        large.setPointSizeF(base_ * 1.2);  // a font of its own, as the views' captions have
        caption->setFont(large);
        // A font of its own that only makes the text bold: it inherits the
        // application's size, and must not be scaled a second time.
        auto* bold = new QLabel(QStringLiteral("bold"), &window);
        QFont boldFont;
        boldFont.setBold(true);
        bold->setFont(boldFont);
        window.setCentralWidget(caption);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        QTest::keyClick(&window, Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(InterfaceScale::instance().scale(), InterfaceScale::kStep);
        QCOMPARE(QApplication::font().pointSizeF(), base_ * InterfaceScale::kStep);
        QVERIFY(std::abs(caption->font().pointSizeF() - base_ * 1.2 * InterfaceScale::kStep) < 1e-6);
        QCOMPARE(QSettings().value(QStringLiteral("ui/interfaceScale")).toDouble(), InterfaceScale::kStep);
        QVERIFY(bold->font().bold());
        // The application's font reaches inheriting widgets through events.
        QTRY_VERIFY(std::abs(bold->font().pointSizeF() - QApplication::font().pointSizeF()) < 1e-6);

        QTest::keyClick(&window, Qt::Key_Equal, Qt::ControlModifier);
        QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(InterfaceScale::instance().scale(), InterfaceScale::kStep);
        QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(InterfaceScale::instance().scale(), 1.0);
        QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(InterfaceScale::instance().scale() < 1.0);
        QVERIFY(QApplication::font().pointSizeF() < base_);

        QTest::keyClick(&window, Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(InterfaceScale::instance().scale(), 1.0);
        QCOMPARE(QApplication::font().pointSizeF(), base_);
        QVERIFY(std::abs(caption->font().pointSizeF() - base_ * 1.2) < 1e-6);
        QCOMPARE(QSettings().value(QStringLiteral("ui/interfaceScale")).toDouble(), 1.0);
    }

    // Issue #29: Larger Text twice cut the Training tab's settings form
    // (labels and combo arrows) and gave it a horizontal scroll bar.
    void trainingSettingsGrowWithTheText() {
        latentlab::MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QTabWidget*>()->setCurrentIndex(1);
        auto* form = window.findChild<latentlab::TrainingSettingsPanel*>();
        QVERIFY(form);
        QScrollArea* scroll = nullptr;
        for (QWidget* up = form->parentWidget(); up && !scroll; up = up->parentWidget()) scroll = qobject_cast<QScrollArea*>(up);
        QVERIFY(scroll);
        InterfaceScale::instance().zoomIn();
        InterfaceScale::instance().zoomIn();
        // The scroll area claims the width the larger form needs (the splitter
        // and the window give it), so nothing is cut.
        QTRY_VERIFY(scroll->minimumWidth() >= scroll->widget()->sizeHint().width());
        QTRY_VERIFY(scroll->widget()->width() >= scroll->widget()->sizeHint().width());
        QTRY_VERIFY(!scroll->horizontalScrollBar()->isVisible());
        InterfaceScale::instance().reset();
    }

    void boundedAndIgnoresNonsense() {
        InterfaceScale::instance().set(100.0);
        QCOMPARE(InterfaceScale::instance().scale(), InterfaceScale::kMaximum);
        InterfaceScale::instance().set(0.01);
        QCOMPARE(InterfaceScale::instance().scale(), InterfaceScale::kMinimum);
        InterfaceScale::instance().set(std::nan(""));
        QCOMPARE(InterfaceScale::instance().scale(), InterfaceScale::kMinimum);
        InterfaceScale::instance().reset();
    }

    void plotsFollowTheScale() {
        QCustomPlot plot;
        plot.resize(400, 300);
        QCPGraph* graph = plot.addGraph();
        graph->setPen(QPen(Qt::blue, 2.0));
        QFont tick = plot.xAxis->tickLabelFont();
        tick.setPointSizeF(10.0);
        plot.xAxis->setTickLabelFont(tick);
        InterfaceScale::follow(&plot);
        plot.replot();
        QCOMPARE(graph->pen().widthF(), 2.0);
        QCOMPARE(plot.xAxis->tickLabelFont().pointSizeF(), 10.0);

        InterfaceScale::instance().set(2.0);
        plot.replot();
        QCOMPARE(graph->pen().widthF(), 4.0);
        QCOMPARE(plot.xAxis->tickLabelFont().pointSizeF(), 20.0);
        plot.replot();  // applied once, not again on every replot
        QCOMPARE(graph->pen().widthF(), 4.0);

        InterfaceScale::instance().reset();
        plot.replot();
        QCOMPARE(graph->pen().widthF(), 2.0);
        QCOMPARE(plot.xAxis->tickLabelFont().pointSizeF(), 10.0);
    }

    void plotsMadeAfterTheScaleFollowIt() {
        // Issue #27: a plot made in presentation mode (a new comparison's
        // curves) stayed at scale 1. Now any plot shown follows the scale.
        InterfaceScale::instance().set(2.0, false);
        QCustomPlot plot;
        plot.resize(400, 300);
        QCPGraph* graph = plot.addGraph();
        graph->setPen(QPen(Qt::blue, 2.0));
        QVERIFY(!InterfaceScale::isFollowed(&plot));
        plot.show();
        QVERIFY(InterfaceScale::isFollowed(&plot));
        plot.replot();
        QCOMPARE(graph->pen().widthF(), 4.0);
        // Its fonts, made from the scaled application font, are already at scale.
        const double tick = plot.xAxis->tickLabelFont().pointSizeF();
        InterfaceScale::instance().reset();
        plot.replot();
        QCOMPARE(graph->pen().widthF(), 2.0);
        QCOMPARE(plot.xAxis->tickLabelFont().pointSizeF(), tick / 2.0);
    }

private:
    double base_ = 0;
};

LATENTLAB_TEST_MAIN(TestInterfaceScale)
#include "test_interface_scale.moc"
