#include "ui/training/kept_run_offer.h"

#include "app/workspace/run_session.h"
#include "ui/widgets/error_banner.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QWidget>

namespace latentlab {

KeptRunOffer::KeptRunOffer(RunSession* session, ErrorBanner* banner, QWidget* view)
    : QObject(view), session_(session), banner_(banner), view_(view) {
    connect(session_, &RunSession::runKept, this, [this](const QString& message) {
        banner_->showMessage(tr("<b>Training stopped.</b> %1").arg(message.toHtmlEscaped()), tr("Save model as…"));
    });
    connect(banner_, &ErrorBanner::actionTriggered, this, &KeptRunOffer::chooseFolder);
    connect(session_, &RunSession::keptRunSaved, this, [this](const QString& folder) {
        banner_->showMessage(tr("The model and its run were saved in %1. <i>File → Open Run</i> opens it; "
                                "<i>Continue</i> trains on there.")
                                 .arg(QDir::toNativeSeparators(folder).toHtmlEscaped()));
    });
    connect(session_, &RunSession::keptRunSaveFailed, this, [this](const QString& message) {
        banner_->showMessage(tr("<b>The model could not be saved there.</b> %1 It is still kept: try another "
                                "folder.")
                                 .arg(message.toHtmlEscaped()),
                             tr("Save model as…"));
    });
}

void KeptRunOffer::chooseFolder() {
    if (!session_->hasKeptRun()) return;
    const QString parent = QFileDialog::getExistingDirectory(view_, tr("Save the model in a folder"));
    if (parent.isEmpty()) return;
    // A new folder named after the run, so nothing already in `parent` is replaced.
    const QString name = QFileInfo(session_->runFolder()).fileName();
    QString folder = QDir(parent).filePath(name.isEmpty() ? QStringLiteral("run") : name);
    for (int i = 2; QFileInfo::exists(folder); ++i)
        folder = QDir(parent).filePath(QStringLiteral("%1-%2").arg(name).arg(i));
    if (session_->saveKeptRunAs(folder))
        banner_->showMessage(tr("Saving the model in %1…").arg(QDir::toNativeSeparators(folder).toHtmlEscaped()));
}

}  // namespace latentlab
