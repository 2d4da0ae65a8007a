#pragma once

#include <QMenu>
#include <QStringList>

namespace latentlab {

// File > Recent Runs: the last runs opened or trained in the window, each
// shown with its data set, epochs done and last test -ELBO, remembered
// between sessions. A folder that has gone leaves the list with a word.
class RecentRunsMenu : public QMenu {
    Q_OBJECT

public:
    static constexpr int kMaxRuns = 8;

    RecentRunsMenu(const QString& title, QWidget* parent);

    // Reads the remembered list; returns how many of its folders are gone
    // (and dropped).
    int load();
    // Puts `folder` first, or refreshes its line when it is first already.
    void remember(const QString& folder);
    void forget(const QString& folder);
    bool hasRuns() const { return !runs_.isEmpty(); }

Q_SIGNALS:
    void openRequested(const QString& folder);

private:
    void rebuild();
    void save() const;

    QStringList runs_;
};

}  // namespace latentlab
