// The progress line of a long load: durations people read, and a load that
// continues a stopped one saying so.

#include <QtTest/QtTest>
#include "test_registry.h"

#include "app/workspace/load_rate.h"

using namespace latentlab;

class TestLoadRate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void durationsReadAsPeopleSayThem() {
        QCOMPARE(durationText(0.2), QStringLiteral("1 s"));
        QCOMPARE(durationText(34), QStringLiteral("34 s"));
        QCOMPARE(durationText(320), QStringLiteral("5 min 20 s"));
        QCOMPARE(durationText(7500), QStringLiteral("2 h 05 min"));
    }

    void theFirstReportHasNoRateYet() {
        LoadRate rate;
        QCOMPARE(rate.update(0, 100000), QLocale().toString(0) + QStringLiteral(" of ") +
                                             QLocale().toString(100000) + QStringLiteral(" images"));
    }

    void aContinuedLoadSaysWhatWasDoneBefore() {
        LoadRate rate;
        const QString line = rate.update(3000, 10000);
        QVERIFY2(line.contains(QStringLiteral("decoded by a load that stopped")), qPrintable(line));
        QVERIFY(line.contains(QLocale().toString(3000)));
    }

    // A cache hit reports everything done at once: nothing was stopped.
    void aLoadServedWholeSaysNothingOfAStop() {
        LoadRate rate;
        QVERIFY(!rate.update(10000, 10000).contains(QStringLiteral("stopped")));
    }

    // A rate appears once enough time and images have passed, and with it the time left.
    void aRateAndTimeLeftFollow() {
        LoadRate rate;
        rate.update(0, 1000);
        QTest::qWait(600);
        const QString line = rate.update(100, 1000);
        QVERIFY2(line.contains(QStringLiteral("images/s")) && line.contains(QStringLiteral("left")), qPrintable(line));
    }
};

LATENTLAB_TEST_MAIN(TestLoadRate)
#include "test_load_rate.moc"
