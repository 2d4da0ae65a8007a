#include "ui/explore/explorer_view.h"

#include "app/inference/inference_service.h"
#include "ui/explore/interpolation_view.h"
#include "ui/explore/latent_map_view.h"
#include "ui/explore/sliders_view.h"
#include "ui/explore/traversal_view.h"

#include <QButtonGroup>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QVBoxLayout>

namespace latentlab {

namespace {

constexpr QChar kZeroWidthSpace(0x200B);

// Run folders are named 2026-12-07_2112_shapes-32px-20000-seed1_mlp-bernoulli:
// text layout breaks lines after hyphens, and with this after underscores too.
QString breakableAtUnderscores(QString text) {
    return text.replace(QLatin1Char('_'), QStringLiteral("_") + kZeroWidthSpace);
}

const QString kTabKey = QStringLiteral("explorer/tab");

}  // namespace

ExplorerView::ExplorerView(InferenceService* service, QWidget* parent) : QWidget(parent), service_(service) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* bar = new QFrame(this);
    bar->setFrameShape(QFrame::StyledPanel);
    auto* barLayout = new QHBoxLayout(bar);
    model_ = new QLabel(bar);
    model_->setObjectName(QStringLiteral("explorerModel"));
    model_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long run name wraps rather than widening the window: a run folder's
    // name has no spaces, so it may also break after its underscores
    // (breakableAtUnderscores); wrapping alone left its longest piece as the
    // window's minimum (893 px beside the lesson pane).
    model_->setWordWrap(true);
    model_->setMinimumWidth(60);
    QFont bold = model_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    model_->setFont(bold);
    follow_ = new QRadioButton(tr("F&ollow newest"), bar);
    follow_->setToolTip(tr("The views redraw from each new snapshot: every epoch while a run trains"));
    pin_ = new QRadioButton(tr("Pin this snapshot"), bar);
    pin_->setToolTip(tr("The views keep drawing from this snapshot while training goes on"));
    follow_->setChecked(true);
    auto* pinning = new QButtonGroup(bar);
    pinning->addButton(follow_);
    pinning->addButton(pin_);
    fresher_ = new QPushButton(tr("Fresher &weights"), bar);
    mean_ = new QRadioButton(tr("&mean image"), bar);
    mean_->setToolTip(tr("Each decoded image is the mean of p(x|z)"));
    sample_ = new QRadioButton(tr("s&ample of p(x|z)"), bar);
    sample_->setToolTip(tr("Each decoded image is drawn from p(x|z): the noise the decoder's likelihood allows"));
    mean_->setChecked(true);
    auto* show = new QButtonGroup(bar);
    show->addButton(mean_);
    show->addButton(sample_);
    barLayout->addWidget(model_, 1);
    barLayout->addWidget(follow_);
    barLayout->addWidget(pin_);
    barLayout->addWidget(fresher_);
    barLayout->addSpacing(16);
    barLayout->addWidget(new QLabel(tr("Show:"), bar));
    barLayout->addWidget(mean_);
    barLayout->addWidget(sample_);
    layout->addWidget(bar);

    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    layout->addWidget(tabs_, 1);
    interpolation_ = new InterpolationView(service_, tabs_);
    traversal_ = new TraversalView(service_, tabs_);
    addView(interpolation_, tr("I&nterpolation"));
    addView(traversal_, tr("Traver&sal"));
    sliders_ = new SlidersView(service_, tabs_);
    map_ = new LatentMapView(service_, tabs_);
    addView(sliders_, tr("S&liders"));
    addView(map_, tr("Latent ma&p"));

    tabs_->setCurrentIndex(QSettings().value(kTabKey, 0).toInt());
    connect(tabs_, &QTabWidget::currentChanged, this, [](int index) { QSettings().setValue(kTabKey, index); });
    connect(pin_, &QRadioButton::toggled, this, &ExplorerView::setPinned);
    connect(fresher_, &QPushButton::clicked, service_, &InferenceService::askForFresherWeights);
    connect(sample_, &QRadioButton::toggled, this,
            [this](bool sample) { setShow(sample ? DecodedImage::Sample : DecodedImage::Mean); });
    connect(service_, &InferenceService::snapshotChanged, this, &ExplorerView::updateBar);
    setTrainingActive(false);
    updateBar();
}

void ExplorerView::showView(QWidget* view) { tabs_->setCurrentWidget(view); }

void ExplorerView::addView(QWidget* view, const QString& title) {
    tabs_->addTab(view, title);  // reparents it
    if (auto* pane = qobject_cast<ExplorerPane*>(view)) {
        panes_.append(pane);
        pane->setOptions(options_);
    }
}

void ExplorerView::setTrainingActive(bool active) {
    fresher_->setEnabled(active);
    fresher_->setToolTip(active ? tr("Ask the training run for a copy of its weights now, between two steps, "
                                     "rather than waiting for the end of the epoch")
                                : tr("Fresher weights come from a run that is training; none is."));
}

void ExplorerView::setPinned(bool pinned) {
    ExplorerOptions options = options_;
    options.pinned = pinned ? service_->snapshot().snapshot : SnapshotHandle();
    if (options.pinned == options_.pinned) {
        updateBar();
        return;
    }
    setOptions(options);
}

void ExplorerView::setShow(DecodedImage show) {
    if (show == options_.show) return;
    ExplorerOptions options = options_;
    options.show = show;
    setOptions(options);
}

void ExplorerView::setOptions(const ExplorerOptions& options) {
    options_ = options;
    for (ExplorerPane* pane : panes_) pane->setOptions(options_);
    // These two keep their own pin and choice of image.
    if (sliders_ && map_) {
        sliders_->setPinned(options_.pinned);
        sliders_->setShow(options_.show);
        map_->setPinned(options_.pinned);
        map_->setShow(options_.show);
    }
    updateBar();
}

QString ExplorerView::modelText() const { return model_->text().remove(kZeroWidthSpace); }

void ExplorerView::updateBar() {
    const SnapshotInfo newest = service_->snapshot();
    {
        // The buttons follow the options; only the user's clicks change them.
        const QSignalBlocker pinBlocker(pin_);
        const QSignalBlocker sampleBlocker(sample_);
        (isPinned() ? pin_ : follow_)->setChecked(true);
        (options_.show == DecodedImage::Sample ? sample_ : mean_)->setChecked(true);
    }
    pin_->setEnabled(isPinned() || newest.isValid());
    if (isPinned()) {
        const SnapshotInfo pinned = InferenceService::describe(options_.pinned);
        QString text = tr("Model, pinned: %1").arg(pinned.describe());
        if (newest.snapshot != options_.pinned && newest.isValid()) text += tr(" (newest: epoch %1)").arg(newest.epoch);
        model_->setText(breakableAtUnderscores(text));
    } else if (newest.isValid()) {
        model_->setText(breakableAtUnderscores(tr("Model: %1").arg(newest.describe())));
    } else {
        model_->setText(tr("No model yet: train a run for an epoch or open a saved run"));
    }
    model_->setToolTip(isPinned() ? tr("The views draw from this snapshot until you unpin it") : QString());
}

}  // namespace latentlab
