#include "ui/training/training_results.h"

#include "app/runs/run_loader.h"
#include "ui/widgets/curves_plot.h"
#include "ui/widgets/image_grid.h"
#include "ui/widgets/interface_scale.h"
#include "ui/widgets/kl_bars_plot.h"
#include "ui/widgets/mig_plot.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

namespace latentlab {

namespace {

QGroupBox* boxAround(const QString& title, QWidget* content, QWidget* parent) {
    auto* box = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    content->setParent(box);
    layout->addWidget(content);
    return box;
}

}  // namespace

TrainingResults::TrainingResults(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("runTitle"));
    title_->setWordWrap(true);
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(title_);

    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->setChildrenCollapsible(false);
    // The numbers above (curves, and beside them the KL bars, which need the
    // width to name 20 to 32 bars), the pictures below.
    auto* top = new QWidget(splitter_);
    auto* topLayout = new QHBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    curves_ = new CurvesPlot(top);
    topLayout->addWidget(curves_, 3);
    // Beside them the KL bars, and below those the MIG when the data set has known factors.
    auto* side = new QWidget(top);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    klBars_ = new KlBarsPlot(side);
    sideLayout->addWidget(boxAround(tr("Test KL per latent dimension"), klBars_, side), 3);
    mig_ = new MigPlot(side);
    QGroupBox* migBox = boxAround(tr("Disentanglement: MIG on the known factors"), mig_, side);
    migBox->setObjectName(QStringLiteral("migBox"));
    migBox->hide();
    sideLayout->addWidget(migBox, 2);
    connect(mig_, &MigPlot::presenceChanged, migBox, &QWidget::setVisible);
    topLayout->addWidget(side, 2);
    splitter_->addWidget(top);

    auto* bottom = new QWidget(splitter_);
    auto* bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    reconstructions_ = new ImageGrid(bottom);
    reconstructions_->setObjectName(QStringLiteral("reconstructions"));
    reconstructions_->setPlaceholderText(tr("Test images and their reconstructions appear after each epoch."));
    // Beside the previews, not in a tooltip: a student sees flat grey and
    // needs to know it is the model's stage, not a fault.
    auto* previewColumn = new QWidget(bottom);
    auto* previewLayout = new QVBoxLayout(previewColumn);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    previewLayout->addWidget(boxAround(tr("Test images, reconstructions below"), reconstructions_, previewColumn), 1);
    averageNote_ = new QLabel(
        tr("<b>Still learning the average picture:</b> the reconstructions barely differ from one another yet. "
           "Train longer (a conv model needs more epochs than the MLP)."),
        previewColumn);
    averageNote_->setObjectName(QStringLiteral("stillAverage"));
    averageNote_->setWordWrap(true);
    averageNote_->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff4e5; color: #663c00; border: 1px solid #f0b860; border-radius: 4px; padding: 4px; }"));
    averageNote_->hide();
    previewLayout->addWidget(averageNote_);
    bottomLayout->addWidget(previewColumn, 3);
    samples_ = new ImageGrid(bottom);
    samples_->setObjectName(QStringLiteral("samples"));
    samples_->setPlaceholderText(tr("Images decoded from z ~ N(0, I) appear after each epoch."));
    bottomLayout->addWidget(boxAround(tr("Samples from the prior"), samples_, bottom), 2);
    splitter_->addWidget(bottom);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 1);
    layout->addWidget(splitter_, 1);
    // Fonts and line widths follow Ctrl+= / Ctrl+- with the rest of the window.
    for (QCustomPlot* plot : {curves_->plot(), klBars_->plot(), mig_->plot()}) InterfaceScale::follow(plot);
    setRunTitle(QString());
}

void TrainingResults::setRunTitle(const QString& title) {
    title_->setText(title.isEmpty() ? tr("No run yet: results appear here as a run trains.") : title);
    title_->setForegroundRole(title.isEmpty() ? QPalette::PlaceholderText : QPalette::WindowText);
}

QString TrainingResults::runTitle() const { return title_->text(); }

void TrainingResults::clear() {
    curves_->clear();
    klBars_->clear();
    mig_->clear();
    reconstructions_->clear();
    samples_->clear();
    averageNote_->hide();
}

void TrainingResults::addStep(const StepStats& step) { curves_->addStep(step); }

void TrainingResults::addEpoch(const EpochStats& epoch) {
    curves_->addEpoch(epoch);
    klBars_->setKlPerDim(epoch.test.kl_per_dim);
    mig_->addEpoch(epoch);
}

void TrainingResults::addChange(const SettingChange& change) {
    curves_->addMarker(static_cast<double>(change.step),
                       CurvesPlot::markerLabel(QString::fromStdString(change.name), change.value));
}

void TrainingResults::showPreviews(const PreviewImages& previews) {
    reconstructions_->setBands({previews.originals, previews.reconstructions});
    samples_->setImages(previews.samples);
    averageNote_->setVisible(!previews.reconstructions.isEmpty() &&
                             previews.reconstructionSpread < PreviewImages::kStillAverage);
}

void TrainingResults::showRun(const LoadedRun& run) {
    clear();
    if (!run.epochs.isEmpty() && run.step > 0) curves_->setStepsPerEpoch(run.step / run.epochs.size());
    for (const StepStats& step : run.steps) curves_->addStep(step);
    for (const EpochStats& epoch : run.epochs) addEpoch(epoch);
    for (const SettingChange& change : run.changes) addChange(change);
}

void TrainingResults::removeStepsAfter(qint64 step) { curves_->removeAfter(static_cast<double>(step)); }

QByteArray TrainingResults::saveState() const { return splitter_->saveState(); }
void TrainingResults::restoreState(const QByteArray& state) { splitter_->restoreState(state); }

}  // namespace latentlab
