// The Compare tab's table shows every column whole at 1600 px (issue #27:
// the note read "n…" and the button "Oper").

#include "ui/compare/comparison_results.h"

#include <QHeaderView>
#include <QPushButton>
#include <QtTest>
#include "test_registry.h"

using latentlab::ComparisonResults;

class TestComparisonResults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyColumnIsReadable() {
        const QStringList columns = {"decoder",          "test ELBO (nats)", "reconstruction (nats)",
                                     "KL (nats)",        "log p(x) (nats, K = 100)", "bits/dim ([0, 256))",
                                     "MSE (per pixel)",  "SSIM",             "active units",
                                     "training time (s)", "what compares"};
        ComparisonResults table;
        table.resize(1100, 300);
        table.show();
        QVERIFY(QTest::qWaitForWindowExposed(&table));
        table.reset(columns, {"bernoulli", "gaussian σ=1", "gaussian-predicted (diagonal) σ≥0.01"},
                    {"/a", "/b", "/c"});
        const QString note = "a Bernoulli likelihood of grey levels: not a density, not comparable with the others";
        table.setRow(0, {"bernoulli", "-250.36", "-234.69", "15.67", "-247.09", "—", "0.01608", "0.7203", "20 of 20", "2.9", note},
                     false, true);
        table.setRow(1, {"gaussian σ=1", "-737.31", "-732.04", "5.27", "-736.61", "—", "0.02441", "0.5334", "10 of 20", "2.9", note},
                     true, true);
        const QFontMetrics header(table.horizontalHeader()->font());
        for (int c = 0; c < columns.size() - 1; ++c) {
            int widest = 0;
            for (const QString& word : columns[c].split(' ')) widest = std::max(widest, header.horizontalAdvance(word));
            QVERIFY2(table.columnWidth(c) > widest, qPrintable(columns[c]));
            for (int r = 0; r < 2; ++r)
                QVERIFY2(table.columnWidth(c) > table.fontMetrics().horizontalAdvance(table.item(r, c)->text()),
                         qPrintable(columns[c]));
        }
        // The note keeps a readable width; the button is whole.
        QVERIFY(table.columnWidth(columns.size() - 1) >= 240);
        auto* button = qobject_cast<QPushButton*>(table.cellWidget(0, columns.size()));
        QVERIFY(button);
        QVERIFY(table.columnWidth(columns.size()) >= button->sizeHint().width());
        // Wider, the note takes the room.
        const int before = table.columnWidth(columns.size() - 1);
        table.resize(1500, 300);
        QTRY_VERIFY(table.columnWidth(columns.size() - 1) > before);
    }
};

LATENTLAB_TEST_MAIN(TestComparisonResults)
#include "test_comparison_results.moc"
