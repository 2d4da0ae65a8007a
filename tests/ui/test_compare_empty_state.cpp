// The Compare tab before any comparison says nothing false (issue #27): no
// "0%" on its bar, and the normalised plot's axis is the 0 to 1 its label
// names (it was 0 to 500).

#include "app/workspace/workspace.h"
#include "ui/compare/compare_view.h"
#include "ui/widgets/curves_plot.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QProgressBar>
#include <QStandardPaths>
#include <QtTest>
#include "test_registry.h"

class TestCompareEmptyState : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void saysNothingFalse() {
        latentlab::Workspace workspace;
        latentlab::CompareView view(&workspace);
        view.resize(1200, 800);
        view.show();
        QVERIFY(!view.findChild<QProgressBar*>()->isTextVisible());
        auto* normalise = view.findChild<QCheckBox*>(QStringLiteral("normaliseCurves"));
        QVERIFY(normalise);
        normalise->setChecked(false);
        normalise->setChecked(true);
        QCOMPARE(view.curves()->plot()->yAxis->range().upper, 1.0);
        QVERIFY(view.curves()->plot()->yAxis->label().contains(QStringLiteral("0 to 1")));
    }
};

LATENTLAB_TEST_MAIN(TestCompareEmptyState)
#include "test_compare_empty_state.moc"
