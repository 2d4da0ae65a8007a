// The manual inside the window (Help → Manual, F1): its pages are in the
// program, every link and picture they name exists, the search finds the
// sections holding the words, and F1 opens the page of the tab shown.

#include "app/workspace/device_info.h"
#include "ui/help/manual_pages.h"
#include "ui/help/manual_window.h"
#include "ui/window/main_window.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QtTest>
#include "test_registry.h"

using latentlab::MainWindow;
using latentlab::ManualPage;
using latentlab::ManualPages;
using latentlab::ManualWindow;

namespace {

void writeFile(const QString& path, const QByteArray& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

// The heading of the block at the browser's cursor.
QString headingAtCursor(const QTextBrowser* browser) {
    const QTextBlock block = browser->textCursor().block();
    return block.blockFormat().headingLevel() > 0 ? block.text() : QString();
}

}  // namespace

class TestManualWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pagesSplitAtHeadingsNotInCode();
    void searchNeedsEveryWordAndRanksHeadingsFirst();
    void everyPageOfTheContentsIsInTheProgram();
    void everyLinkAndPictureExists();
    void windowOpensPagesAndSections();
    void f1OpensThePageOfTheTabShown();
    void aboutNamesWhatDoesTheArithmetic();
};

void TestManualWindow::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LatentLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_manual_window"));
    QSettings().clear();
}

void TestManualWindow::pagesSplitAtHeadingsNotInCode() {
    const ManualPage page = ManualPages::parse(QStringLiteral("p.md"),
                                               QStringLiteral("# Page\nintro\n## First\nsome text\n"
                                                              "```\n# a shell comment\n```\n## Second\nmore\n"
                                                              "#nospace is no heading\n"));
    QCOMPARE(page.title, QStringLiteral("Page"));
    QCOMPARE(page.sections.size(), 3);
    QCOMPARE(page.sections[1].title, QStringLiteral("First"));
    QCOMPARE(page.sections[1].level, 2);
    QVERIFY(page.sections[1].text.contains(QStringLiteral("# a shell comment")));
    QCOMPARE(page.sections[2].title, QStringLiteral("Second"));
    QVERIFY(page.sections[2].text.contains(QStringLiteral("#nospace")));
}

void TestManualWindow::searchNeedsEveryWordAndRanksHeadingsFirst() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir.filePath(QStringLiteral("index.md")),
              "# Start\nThe KL term, the KL term, the KL term and beta.\n## Other\nnothing here\n");
    writeFile(dir.filePath(QStringLiteral("numbers.md")), "# Numbers\n## KL divergence\nbeta weighs it.\n");
    const ManualPages pages(dir.path());
    QCOMPARE(pages.pages().size(), 2);
    // Index first (reading order), then numbers.
    QCOMPARE(pages.pages()[0].file, QStringLiteral("index.md"));

    const auto hits = pages.search(QStringLiteral("kl BETA"));
    QCOMPARE(hits.size(), 2);
    // The heading "KL divergence" does not hold "beta": the section that says
    // "KL" three times ranks first by count.
    QCOMPARE(hits[0].page, 0);
    QCOMPARE(hits[0].count, 4);
    const auto titled = pages.search(QStringLiteral("divergence"));
    QCOMPARE(titled.size(), 1);
    QCOMPARE(pages.pages()[titled[0].page].sections[titled[0].section].title, QStringLiteral("KL divergence"));
    // Every word must occur.
    QVERIFY(pages.search(QStringLiteral("kl nothing")).isEmpty());
    QVERIFY(pages.search(QStringLiteral("   ")).isEmpty());
}

void TestManualWindow::everyPageOfTheContentsIsInTheProgram() {
    const ManualPages manual;
    for (const QString& file : ManualPages::readingOrder())
        QVERIFY2(manual.indexOf(file) >= 0, qPrintable(file + QStringLiteral(" is not in the program")));
    for (const ManualPage& page : manual.pages()) {
        QVERIFY2(!page.sections.isEmpty() && page.sections.first().level == 1,
                 qPrintable(page.file + QStringLiteral(" does not start with a '# Title'")));
    }
}

void TestManualWindow::everyLinkAndPictureExists() {
    const ManualPages manual;
    // [text](target) and ![caption](target); web links and anchors are not files.
    const QRegularExpression link(QStringLiteral(R"(\]\(([^)\s#]+)(#[^)]*)?\))"));
    for (const ManualPage& page : manual.pages()) {
        for (const auto& section : page.sections) {
            auto matches = link.globalMatch(section.text);
            while (matches.hasNext()) {
                const QString target = matches.next().captured(1);
                if (target.contains(QStringLiteral("://")) || target.startsWith(QStringLiteral("mailto:"))) continue;
                const QString path = QDir::cleanPath(QStringLiteral(":/manual/") + target);
                QVERIFY2(QFile::exists(path), qPrintable(page.file + QStringLiteral(" links to a missing ") + target));
            }
        }
    }
}

void TestManualWindow::windowOpensPagesAndSections() {
    ManualWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.currentPage(), QStringLiteral("index.md"));
    QVERIFY(window.contents()->topLevelItemCount() >= ManualPages::readingOrder().size());

    const ManualPages& pages = window.pages();
    const ManualPage& inspect = pages.pages()[pages.indexOf(QStringLiteral("inspect.md"))];
    window.showPage(QStringLiteral("inspect.md"));
    QCOMPARE(window.currentPage(), QStringLiteral("inspect.md"));
    QVERIFY(window.browser()->toPlainText().contains(inspect.title));
    // A section: the cursor lands on its heading.
    const auto second = std::find_if(inspect.sections.begin(), inspect.sections.end(),
                                     [](const auto& s) { return s.level == 2; });
    QVERIFY(second != inspect.sections.end());
    window.showPage(QStringLiteral("inspect.md"), second->title);
    QCOMPARE(headingAtCursor(window.browser()), second->title);

    // The search lists sections; activating the first opens its page there.
    window.search(QStringLiteral("nats"));
    QVERIFY(window.contents()->topLevelItemCount() > 0);
    QTreeWidgetItem* first = window.contents()->topLevelItem(0);
    Q_EMIT window.contents()->itemActivated(first, 0);
    QVERIFY(window.browser()->toPlainText().contains(QStringLiteral("nats")));
    window.search(QStringLiteral("zyzzyva-not-a-word"));
    QCOMPARE(window.contents()->topLevelItemCount(), 1);
    QVERIFY(!(window.contents()->topLevelItem(0)->flags() & Qt::ItemIsEnabled));
    window.search(QString());
    QCOMPARE(window.contents()->topLevelItemCount(), pages.pages().size());
}

void TestManualWindow::f1OpensThePageOfTheTabShown() {
    MainWindow window;
    window.show();
    auto* tabs = window.findChild<QTabWidget*>();
    QAction* manual = window.findChild<QAction*>(QStringLiteral("manualAction"));
    QVERIFY(manual);
    QCOMPARE(manual->shortcut(), QKeySequence(QKeySequence::HelpContents));
    const QStringList expected = {QStringLiteral("data-set.md"), QStringLiteral("training.md"),
                                  QStringLiteral("explore.md"), QStringLiteral("inspect.md"),
                                  QStringLiteral("compare.md")};
    QCOMPARE(tabs->count(), expected.size());
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        manual->trigger();
        QVERIFY(window.manualWindow() && window.manualWindow()->isVisible());
        QCOMPARE(window.manualWindow()->currentPage(), expected[i]);
    }
}

void TestManualWindow::aboutNamesWhatDoesTheArithmetic() {
    const QString summary = latentlab::computePathSummary();
    QVERIFY(summary.startsWith(QStringLiteral("LatentLab: ") + latentlab::latentlabVersion()));
    for (const char* line : {"Qt: ", "LibTorch: ", "Matrix products: ", "Convolutions: ", "CUDA: ", "CPU cores: "})
        QVERIFY2(summary.contains(QLatin1String(line)), line);
    // The version is the project's (CMakeLists.txt), not a placeholder.
    QVERIFY(QRegularExpression(QStringLiteral(R"(^\d+\.\d+\.\d+$)")).match(latentlab::latentlabVersion()).hasMatch());
}

LATENTLAB_TEST_MAIN(TestManualWindow)
#include "test_manual_window.moc"
