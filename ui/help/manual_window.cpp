#include "ui/help/manual_window.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QDir>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStyle>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolBar>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace latentlab {

namespace {

const char* const kGeometryKey = "manual/geometry";
const char* const kSplitterKey = "manual/splitter";
constexpr int kPageRole = Qt::UserRole;
constexpr int kSectionRole = Qt::UserRole + 1;

// Renders the pages; screenshots wider than the pane are scaled down to it
// (smoothly, once, when the page opens) so a picture never needs scrolling.
class ManualBrowser : public QTextBrowser {
public:
    using QTextBrowser::QTextBrowser;

    QVariant loadResource(int type, const QUrl& name) override {
        QVariant resource = QTextBrowser::loadResource(type, name);
        if (type != QTextDocument::ImageResource) return resource;
        QImage image = resource.value<QImage>();
        if (image.isNull()) image.loadFromData(resource.toByteArray());
        // Less the scroll bar that a long page brings once laid out.
        const int width = viewport()->width() - 2 * static_cast<int>(document()->documentMargin()) -
                          style()->pixelMetric(QStyle::PM_ScrollBarExtent) - 8;
        if (image.isNull() || width < 64 || image.width() <= width) return resource;
        return image.scaledToWidth(width, Qt::SmoothTransformation);
    }
};

}  // namespace

ManualWindow::ManualWindow(QWidget* parent, const QString& folder)
    : QWidget(parent, Qt::Window),
      pages_(folder),
      searchField_(new QLineEdit(this)),
      contents_(new QTreeWidget(this)),
      browser_(new ManualBrowser(this)) {
    setWindowTitle(tr("LatentLab Manual"));
    setObjectName(QStringLiteral("manualWindow"));

    searchField_->setObjectName(QStringLiteral("manualSearch"));
    searchField_->setPlaceholderText(tr("Search the manual (Ctrl+F)"));
    searchField_->setClearButtonEnabled(true);
    connect(searchField_, &QLineEdit::textChanged, this, &ManualWindow::search);
    // Enter opens the best match.
    connect(searchField_, &QLineEdit::returnPressed, this, [this] {
        if (contents_->topLevelItemCount() > 0) openItem(contents_->topLevelItem(0));
    });

    contents_->setObjectName(QStringLiteral("manualContents"));
    contents_->setHeaderHidden(true);
    contents_->setColumnCount(1);
    connect(contents_, &QTreeWidget::itemActivated, this, &ManualWindow::openItem);
    connect(contents_, &QTreeWidget::itemClicked, this, &ManualWindow::openItem);

    browser_->setObjectName(QStringLiteral("manualBrowser"));
    browser_->setOpenExternalLinks(true);
    browser_->setSearchPaths({pages_.folder()});

    auto* toolbar = new QToolBar(this);
    QAction* back = toolbar->addAction(tr("◀ Back"), browser_, &QTextBrowser::backward);
    back->setShortcut(QKeySequence::Back);
    back->setEnabled(false);
    connect(browser_, &QTextBrowser::backwardAvailable, back, &QAction::setEnabled);
    QAction* forward = toolbar->addAction(tr("Forward ▶"), browser_, &QTextBrowser::forward);
    forward->setShortcut(QKeySequence::Forward);
    forward->setEnabled(false);
    connect(browser_, &QTextBrowser::forwardAvailable, forward, &QAction::setEnabled);
    toolbar->addAction(tr("Contents"), this, [this] {
        searchField_->clear();
        showPage(QStringLiteral("index.md"));
    });
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        searchField_->setFocus();
        searchField_->selectAll();
    });
    auto* close = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(close, &QShortcut::activated, this, &QWidget::close);

    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(searchField_);
    sideLayout->addWidget(contents_);

    auto* splitter = new QSplitter(this);
    splitter->addWidget(side);
    splitter->addWidget(browser_);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({280, 820});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(toolbar);
    if (pages_.pages().isEmpty()) {
        // Only a broken build lacks the pages; say so rather than show nothing.
        auto* missing = new QLabel(tr("The manual's pages were not found in %1.").arg(pages_.folder()), this);
        missing->setWordWrap(true);
        layout->addWidget(missing);
    }
    layout->addWidget(splitter, 1);

    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        // Within the screen: 1100 x 760 was wider than a 1024 x 768 one.
        const QRect screen = (parent ? parent->screen() : QGuiApplication::primaryScreen())->availableGeometry();
        resize(std::min(1100, screen.width() * 9 / 10), std::min(760, screen.height() * 9 / 10));
    }
    splitter->restoreState(settings.value(kSplitterKey).toByteArray());
    connect(splitter, &QSplitter::splitterMoved, this,
            [splitter] { QSettings().setValue(kSplitterKey, splitter->saveState()); });

    showContents();
    if (!pages_.pages().isEmpty()) showPage(pages_.pages().first().file);
}

ManualWindow::~ManualWindow() { QSettings().setValue(kGeometryKey, saveGeometry()); }

QString ManualWindow::currentPage() const { return browser_->source().fileName(); }

void ManualWindow::showPage(const QString& file, const QString& section) {
    const int index = pages_.indexOf(file);
    if (index < 0) return;
    const QUrl url = QUrl::fromLocalFile(QDir(pages_.folder()).filePath(file));
    // qrc paths become "qrc:" URLs, which the browser reads through Qt's resources.
    const QUrl source = pages_.folder().startsWith(QLatin1Char(':'))
                            ? QUrl(QStringLiteral("qrc") + QDir(pages_.folder()).filePath(file))
                            : url;
    if (browser_->source() != source) browser_->setSource(source, QTextDocument::MarkdownResource);
    if (!section.isEmpty()) scrollToHeading(section);
    else browser_->verticalScrollBar()->setValue(0);
    if (searchField_->text().isEmpty()) {
        for (int i = 0; i < contents_->topLevelItemCount(); ++i)
            if (contents_->topLevelItem(i)->data(0, kPageRole).toInt() == index)
                contents_->setCurrentItem(contents_->topLevelItem(i));
    }
}

void ManualWindow::search(const QString& query) {
    if (query.trimmed().isEmpty()) {
        showContents();
        return;
    }
    showHits(pages_.search(query));
}

void ManualWindow::showContents() {
    contents_->clear();
    for (int p = 0; p < pages_.pages().size(); ++p) {
        const ManualPage& page = pages_.pages()[p];
        auto* item = new QTreeWidgetItem(contents_, {page.title});
        item->setData(0, kPageRole, p);
        item->setData(0, kSectionRole, -1);
        for (int s = 0; s < page.sections.size(); ++s) {
            if (page.sections[s].level != 2) continue;
            auto* child = new QTreeWidgetItem(item, {page.sections[s].title});
            child->setData(0, kPageRole, p);
            child->setData(0, kSectionRole, s);
        }
    }
}

void ManualWindow::showHits(const QVector<ManualHit>& hits) {
    contents_->clear();
    if (hits.isEmpty()) {
        auto* none = new QTreeWidgetItem(contents_, {tr("No page holds all of these words.")});
        none->setFlags(Qt::NoItemFlags);
        return;
    }
    for (const ManualHit& hit : hits) {
        const ManualPage& page = pages_.pages()[hit.page];
        const QString& section = page.sections[hit.section].title;
        const QString label =
            section == page.title ? page.title : QStringLiteral("%1 › %2").arg(page.title, section);
        auto* item = new QTreeWidgetItem(contents_, {label});
        item->setToolTip(0, label);
        item->setData(0, kPageRole, hit.page);
        item->setData(0, kSectionRole, hit.section);
    }
}

void ManualWindow::openItem(QTreeWidgetItem* item) {
    if (!item || !(item->flags() & Qt::ItemIsEnabled)) return;
    const int p = item->data(0, kPageRole).toInt();
    const int s = item->data(0, kSectionRole).toInt();
    if (p < 0 || p >= pages_.pages().size()) return;
    const ManualPage& page = pages_.pages()[p];
    showPage(page.file, s >= 0 && s < page.sections.size() ? page.sections[s].title : QString());
    // A search marks its first word where the section starts.
    const QString query = searchField_->text().trimmed();
    if (!query.isEmpty()) browser_->find(query.section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty));
}

void ManualWindow::scrollToHeading(const QString& title) {
    QTextDocument* document = browser_->document();
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() == 0 || block.text().trimmed() != title) continue;
        QTextCursor cursor(block);
        browser_->setTextCursor(cursor);
        const QRectF box = document->documentLayout()->blockBoundingRect(block);
        browser_->verticalScrollBar()->setValue(static_cast<int>(box.top()));
        return;
    }
}

}  // namespace latentlab
