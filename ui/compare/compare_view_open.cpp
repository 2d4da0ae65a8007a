// A saved comparison shown again (File > Open Comparison…): its folder read
// back (saved_comparison.h) and replayed through the paths a running
// comparison takes, so the table, the curves and the pictures look as they
// did when it ended.

#include "ui/compare/compare_view.h"

#include "app/workspace/run_session.h"
#include "app/workspace/saved_comparison.h"
#include "ui/compare/comparison_results.h"
#include "ui/widgets/error_banner.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QSettings>

namespace latentlab {

namespace {

const char* const kLastComparisonParentKey = "compare/lastOpenedParent";

}  // namespace

void CompareView::chooseComparison() {
    QSettings settings;
    const QString start = settings.value(kLastComparisonParentKey, runsRoot_).toString();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Comparison Folder"), start);
    if (folder.isEmpty()) return;
    settings.setValue(kLastComparisonParentKey, QFileInfo(folder).absolutePath());
    openComparison(folder);
}

bool CompareView::openComparison(const QString& folder) {
    if (isRunning()) {
        showProblem(tr("A comparison is running: stop it or wait for it to end before opening another."));
        return false;
    }
    SavedComparison saved;
    QString problem;
    if (!readSavedComparison(folder, &saved, &problem)) {
        showProblem(problem);
        return false;
    }
    banner_->hide();
    folder_ = saved.folder;
    rows_.clear();
    tableCsv_.clear();
    stopped_ = false;
    epochs_ = 0;
    for (const auto& history : saved.epochs) epochs_ = std::max<qint64>(epochs_, history.size());
    onPlanned(saved.plan);
    for (int run = 0; run < saved.steps.size(); ++run)
        for (const StepStats& step : saved.steps[run]) curveData_.addStep(run, step);
    for (int run = 0; run < saved.epochs.size(); ++run)
        for (const EpochStats& epoch : saved.epochs[run]) onEpoch(run, epoch);
    for (const ComparisonRow& row : saved.rows) onRow(row);
    replotCurves();
    progress_->setValue(progress_->maximum());
    statusLabel_->setText(tr("Opened: %1 runs in %2").arg(saved.rows.size()).arg(QDir::toNativeSeparators(folder_)));
    updateControls();
    return true;
}

}  // namespace latentlab
