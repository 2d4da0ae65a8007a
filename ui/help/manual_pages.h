#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

namespace latentlab {

// One heading of a manual page and the text under it, up to the next heading.
struct ManualSection {
    QString title;
    int level = 1;  // 1 for "#", 2 for "##", ...
    QString text;   // Markdown as written, the heading line included
};

struct ManualPage {
    QString file;   // "training.md"
    QString title;  // the page's first heading
    QVector<ManualSection> sections;
};

// Where a search matched: a section of a page, and how often the words occur.
struct ManualHit {
    int page = 0;
    int section = 0;
    int count = 0;
};

// The user guide's Markdown pages, read from a folder (the window's own
// resources by default), in the order of the manual's contents.
class ManualPages {
public:
    // The pages in reading order; files not named here follow, by name.
    static QStringList readingOrder();

    explicit ManualPages(const QString& folder = QStringLiteral(":/manual"));

    const QString& folder() const { return folder_; }
    const QVector<ManualPage>& pages() const { return pages_; }
    // The index of `file` ("explore.md"), or -1.
    int indexOf(const QString& file) const;

    // Sections holding every word of `query` (case ignored), the sections
    // whose heading holds them all first, then by how often they occur.
    QVector<ManualHit> search(const QString& query) const;

    // A page's text split at its headings (code fences are not headings).
    static ManualPage parse(const QString& file, const QString& markdown);

private:
    QString folder_;
    QVector<ManualPage> pages_;
};

}  // namespace latentlab
