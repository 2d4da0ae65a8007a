#include "ui/window/recent_runs_menu.h"

#include "app/runs/run_folder.h"
#include "app/workspace/loaded_dataset.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

namespace latentlab {

namespace {

const char* const kRecentRunsKey = "runs/recent";

bool hasCheckpoint(const QString& folder) { return RunFolder(folder).hasCheckpoint(); }

}  // namespace

RecentRunsMenu::RecentRunsMenu(const QString& title, QWidget* parent) : QMenu(title, parent) {}

int RecentRunsMenu::load() {
    runs_.clear();
    int gone = 0;
    for (const QString& folder : QSettings().value(kRecentRunsKey).toStringList()) {
        if (hasCheckpoint(folder))
            runs_.append(folder);
        else
            ++gone;
    }
    if (gone > 0) save();
    rebuild();
    return gone;
}

void RecentRunsMenu::remember(const QString& folder) {
    if (folder.isEmpty()) return;
    if (runs_.isEmpty() || runs_.first() != folder) {
        runs_.removeAll(folder);
        runs_.prepend(folder);
        while (runs_.size() > kMaxRuns) runs_.removeLast();
        save();
    }
    rebuild();  // its epochs and -ELBO may have changed
}

void RecentRunsMenu::forget(const QString& folder) {
    if (!runs_.removeAll(folder)) return;
    save();
    rebuild();
}

void RecentRunsMenu::save() const { QSettings().setValue(kRecentRunsKey, runs_); }

void RecentRunsMenu::rebuild() {
    clear();
    for (int i = 0; i < runs_.size(); ++i) {
        const QString folder = runs_.at(i);
        QString text = fontMetrics().elidedText(QFileInfo(folder).fileName(), Qt::ElideMiddle, 360);
        RunSummary summary;
        if (RunFolder(folder).readSummary(&summary)) {
            const QString dataset = summary.dataset == QLatin1String("fashion-mnist")
                                        ? datasetDisplayName(summary.dataset)
                                        : QFileInfo(summary.dataset).fileName();
            text += QStringLiteral("  —  %1, %2/%3 epochs").arg(dataset).arg(summary.epochsDone).arg(summary.epochs);
            if (summary.hasTestElbo) text += tr(", test −ELBO %1").arg(-summary.testElbo, 0, 'f', 2);
        }
        text.replace(QLatin1Char('&'), QStringLiteral("&&"));
        if (i < 9) text = QStringLiteral("&%1  %2").arg(i + 1).arg(text);
        QAction* action = addAction(text, this, [this, folder] {
            if (hasCheckpoint(folder)) {
                Q_EMIT openRequested(folder);
                return;
            }
            forget(folder);
            QMessageBox::information(parentWidget(), tr("Open Run"),
                                     tr("%1 is gone or holds no checkpoint; it was removed from the list.")
                                         .arg(QDir::toNativeSeparators(folder)));
        });
        action->setToolTip(folder);
    }
    if (!runs_.isEmpty()) {
        addSeparator();
        addAction(tr("&Clear List"), this, [this] {
            runs_.clear();
            QSettings().remove(kRecentRunsKey);
            rebuild();
        });
    }
}

}  // namespace latentlab
