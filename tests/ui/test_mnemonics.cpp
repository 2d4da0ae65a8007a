// Alt+letter keys: no two visible widgets of the window share one. Qt treats
// a shared mnemonic as ambiguous and then neither fires (Alt+E was both the
// Explore tab and the Compare tab's Export button; Alt+V the View menu and
// the Traversal tab).

#include "ui/window/main_window.h"

#include <QAbstractButton>
#include <QAction>
#include <QGroupBox>
#include <QLabel>
#include <QMap>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QtTest>
#include "test_registry.h"

namespace {

// The letter after a single '&' ("Tra&versal" -> 'v'), or 0.
QChar mnemonic(const QString& text) {
    for (int i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&')) continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return QChar();
}

void add(QMap<QChar, QStringList>& seen, const QString& text) {
    const QChar key = mnemonic(text);
    if (!key.isNull()) seen[key] << text;
}

// Every Alt+letter the window answers to as it is shown now.
QMap<QChar, QStringList> visibleMnemonics(QMainWindow* window) {
    QMap<QChar, QStringList> seen;
    for (QAction* menu : window->menuBar()->actions()) add(seen, menu->text());
    for (QWidget* widget : window->findChildren<QWidget*>()) {
        if (!widget->isVisible() || widget->window() != window) continue;
        if (auto* button = qobject_cast<QAbstractButton*>(widget)) add(seen, button->text());
        if (auto* label = qobject_cast<QLabel*>(widget); label && label->buddy()) add(seen, label->text());
        if (auto* group = qobject_cast<QGroupBox*>(widget); group && group->isCheckable()) add(seen, group->title());
        if (auto* bar = qobject_cast<QTabBar*>(widget))
            for (int i = 0; i < bar->count(); ++i) add(seen, bar->tabText(i));
    }
    return seen;
}

QString clashes(const QMap<QChar, QStringList>& seen) {
    QStringList found;
    for (auto it = seen.begin(); it != seen.end(); ++it)
        if (it.value().size() > 1) found << QStringLiteral("Alt+%1: %2").arg(it.key(), it.value().join(QStringLiteral(", ")));
    return found.join(QStringLiteral("; "));
}

}  // namespace

class TestMnemonics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_mnemonics"));
        QSettings().clear();
    }

    // Alt+1 ... Alt+5 bring each main tab forward, from any focus.
    void altDigitsChooseTheMainTabs() {
        latentlab::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* tabs = window.findChild<QTabWidget*>();
        for (int i = tabs->count() - 1; i >= 0; --i) {
            QAction* go = window.findChild<QAction*>(QStringLiteral("goToTab%1").arg(i + 1));
            QVERIFY(go);
            QCOMPARE(go->shortcut(), QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
            go->trigger();
            QCOMPARE(tabs->currentIndex(), i);
        }
        // And as keys, with the focus inside a tab.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        tabs->currentWidget()->setFocus();
        QTest::keyClick(&window, Qt::Key_3, Qt::AltModifier);
        QCOMPARE(tabs->currentIndex(), 2);
    }

    void noTwoVisibleWidgetsShareOne() {
        latentlab::MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* tabs = window.findChild<QTabWidget*>();
        int views = 0;
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            // The tab's own tabs (Explore's views, Inspect's lists), each in turn.
            QList<QTabWidget*> inner;
            for (QTabWidget* nested : tabs->widget(i)->findChildren<QTabWidget*>())
                if (nested->isVisible()) inner << nested;
            if (inner.isEmpty()) {
                QVERIFY2(clashes(visibleMnemonics(&window)).isEmpty(), qPrintable(clashes(visibleMnemonics(&window))));
                ++views;
            }
            for (QTabWidget* nested : inner) {
                for (int j = 0; j < nested->count(); ++j) {
                    nested->setCurrentIndex(j);
                    const QString found = clashes(visibleMnemonics(&window));
                    QVERIFY2(found.isEmpty(), qPrintable(tabs->tabText(i) + QStringLiteral(" › ") +
                                                         nested->tabText(j) + QStringLiteral(": ") + found));
                    ++views;
                }
            }
        }
        QVERIFY(views >= tabs->count() + 3);
    }
};

LATENTLAB_TEST_MAIN(TestMnemonics)
#include "test_mnemonics.moc"
