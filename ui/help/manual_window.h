#pragma once

#include "ui/help/manual_pages.h"

#include <QWidget>

class QLineEdit;
class QTextBrowser;
class QTreeWidget;
class QTreeWidgetItem;

namespace latentlab {

// The user guide inside the window (Help → Manual, F1): the manual's pages in
// a contents tree, a search over every page that lists the sections holding
// the words, and the page itself rendered from Markdown, with its pictures
// scaled to the pane. Works offline: the pages are in the program.
class ManualWindow : public QWidget {
    Q_OBJECT

public:
    explicit ManualWindow(QWidget* parent = nullptr, const QString& folder = QStringLiteral(":/manual"));
    ~ManualWindow() override;

    // Shows `file` ("inspect.md"), scrolled to the heading `section` when given.
    void showPage(const QString& file, const QString& section = QString());
    // Lists the sections that hold every word of `query`.
    void search(const QString& query);

    const ManualPages& pages() const { return pages_; }
    QString currentPage() const;
    QTreeWidget* contents() const { return contents_; }
    QTextBrowser* browser() const { return browser_; }

private:
    void showContents();
    void showHits(const QVector<ManualHit>& hits);
    void openItem(QTreeWidgetItem* item);
    void scrollToHeading(const QString& title);

    ManualPages pages_;
    QLineEdit* searchField_;
    QTreeWidget* contents_;
    QTextBrowser* browser_;
};

}  // namespace latentlab
