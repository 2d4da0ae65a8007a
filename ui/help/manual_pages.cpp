#include "ui/help/manual_pages.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace latentlab {

namespace {

// "## Title" -> level 2 and "Title"; 0 for a line that is no heading.
int headingLevel(const QString& line, QString* title) {
    int level = 0;
    while (level < line.size() && line.at(level) == QLatin1Char('#')) ++level;
    if (level == 0 || level > 6 || level >= line.size() || line.at(level) != QLatin1Char(' ')) return 0;
    *title = line.mid(level + 1).trimmed();
    return level;
}

int occurrences(const QString& haystack, const QString& word) {
    int count = 0;
    for (int at = haystack.indexOf(word); at >= 0; at = haystack.indexOf(word, at + word.size())) ++count;
    return count;
}

}  // namespace

QStringList ManualPages::readingOrder() {
    return {QStringLiteral("index.md"),
            QStringLiteral("data-set.md"),
            QStringLiteral("training.md"),
            QStringLiteral("explore.md"),
            QStringLiteral("inspect.md"),
            QStringLiteral("compare.md"),
            QStringLiteral("lessons.md"),
            QStringLiteral("lesson-what-a-vae-learns.md"),
            QStringLiteral("lesson-posterior-collapse.md"),
            QStringLiteral("lesson-beta-disentanglement.md"),
            QStringLiteral("lesson-interpolation.md"),
            QStringLiteral("lesson-which-decoder.md"),
            QStringLiteral("numbers.md"),
            QStringLiteral("command-line.md"),
            QStringLiteral("pytorch.md"),
            QStringLiteral("shortcuts.md")};
}

ManualPages::ManualPages(const QString& folder) : folder_(folder) {
    QStringList files = QDir(folder).entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    QStringList ordered;
    for (const QString& file : readingOrder())
        if (files.removeAll(file) > 0) ordered << file;
    ordered << files;
    for (const QString& file : ordered) {
        QFile in(QDir(folder).filePath(file));
        if (!in.open(QIODevice::ReadOnly)) continue;
        pages_.push_back(parse(file, QString::fromUtf8(in.readAll())));
    }
}

int ManualPages::indexOf(const QString& file) const {
    for (int i = 0; i < pages_.size(); ++i)
        if (pages_[i].file == file) return i;
    return -1;
}

ManualPage ManualPages::parse(const QString& file, const QString& markdown) {
    ManualPage page;
    page.file = file;
    bool inCode = false;
    ManualSection current;
    bool started = false;
    const QStringList lines = markdown.split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (line.trimmed().startsWith(QLatin1String("```"))) inCode = !inCode;
        QString title;
        const int level = inCode ? 0 : headingLevel(line, &title);
        if (level > 0) {
            if (started || !current.text.trimmed().isEmpty()) page.sections.push_back(current);
            current = ManualSection{title, level, QString()};
            started = true;
            if (page.title.isEmpty()) page.title = title;
        }
        current.text += line + QLatin1Char('\n');
    }
    if (started || !current.text.trimmed().isEmpty()) page.sections.push_back(current);
    if (page.title.isEmpty()) page.title = QString(file).remove(QStringLiteral(".md"));
    for (ManualSection& section : page.sections)
        if (section.title.isEmpty()) section.title = page.title;
    return page;
}

QVector<ManualHit> ManualPages::search(const QString& query) const {
    const QStringList words =
        query.toLower().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    if (words.isEmpty()) return {};
    struct Ranked {
        ManualHit hit;
        bool inTitle;
    };
    QVector<Ranked> ranked;
    for (int p = 0; p < pages_.size(); ++p) {
        for (int s = 0; s < pages_[p].sections.size(); ++s) {
            const QString text = pages_[p].sections[s].text.toLower();
            const QString title = pages_[p].sections[s].title.toLower();
            int count = 0;
            bool all = true;
            bool allInTitle = true;
            for (const QString& word : words) {
                const int n = occurrences(text, word);
                if (n == 0) all = false;
                if (!title.contains(word)) allInTitle = false;
                count += n;
            }
            if (all) ranked.push_back({ManualHit{p, s, count}, allInTitle});
        }
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        if (a.inTitle != b.inTitle) return a.inTitle;
        return a.hit.count > b.hit.count;
    });
    QVector<ManualHit> hits;
    hits.reserve(ranked.size());
    for (const Ranked& r : ranked) hits.push_back(r.hit);
    return hits;
}

}  // namespace latentlab
