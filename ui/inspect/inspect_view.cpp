#include "ui/inspect/inspect_view.h"

#include "app/inference/inference_service.h"
#include "ui/inspect/bags_view.h"
#include "ui/inspect/duplicates_view.h"
#include "ui/inspect/labels_view.h"
#include "ui/inspect/neighbours_view.h"
#include "ui/inspect/outliers_view.h"

#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace latentlab {

InspectView::InspectView(InferenceService* service, QWidget* parent)
    : QWidget(parent),
      service_(service),
      model_(new QLabel(this)),
      scoreButton_(new QPushButton(tr("Score images"), this)),
      iw_(new QSpinBox(this)),
      progress_(new QProgressBar(this)),
      cancel_(new QPushButton(tr("Cancel"), this)),
      status_(new QLabel(this)),
      tabs_(new QTabWidget(this)),
      outliers_(new OutliersView(service, tabs_)),
      neighbours_(new NeighboursView(service, tabs_)),
      duplicates_(new DuplicatesView(service, tabs_)),
      labels_(new LabelsView(service, tabs_)),
      bags_(new BagsView(service, tabs_)) {
    iw_->setObjectName(QStringLiteral("inspectIwSamples"));
    iw_->setRange(0, 5000);
    iw_->setSpecialValueText(tr("log p(x): off"));
    iw_->setPrefix(tr("log p(x), K = "));
    iw_->setToolTip(tr("Also estimate log p(x) by importance sampling with K samples per image (slower by about K times)"));
    progress_->setMaximumWidth(220);
    progress_->hide();
    cancel_->setObjectName(QStringLiteral("inspectCancel"));
    cancel_->hide();
    status_->setWordWrap(true);
    auto* bar = new QHBoxLayout;
    bar->addWidget(model_);
    bar->addWidget(scoreButton_);
    bar->addWidget(iw_);
    bar->addWidget(progress_);
    bar->addWidget(cancel_);
    bar->addWidget(status_, 1);
    tabs_->addTab(outliers_, tr("Outliers"));
    tabs_->addTab(neighbours_, tr("Neighbours"));
    tabs_->addTab(duplicates_, tr("Near duplicates"));
    tabs_->addTab(labels_, tr("Suspicious labels"));
    tabs_->addTab(bags_, tr("Bags"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(tabs_, 1);

    connect(scoreButton_, &QPushButton::clicked, this, [this] { score(table_.isEmpty() ? false : true); });
    connect(cancel_, &QPushButton::clicked, this, &InspectView::cancel);
    connect(service_, &InferenceService::scored, this, &InspectView::onScored);
    connect(service_, &InferenceService::progress, this, &InspectView::onProgress);
    connect(service_, &InferenceService::failed, this, &InspectView::onFailed);
    connect(service_, &InferenceService::snapshotChanged, this, &InspectView::updateBar);
    connect(outliers_, &OutliersView::neighboursWanted, this, [this](int row) {
        neighbours_->showFor(row);
        tabs_->setCurrentWidget(neighbours_);
    });
    connect(outliers_, &OutliersView::currentChanged, this, [this](int row) {
        if (row >= 0 && row < table_.size() && table_.result().test[row]) Q_EMIT testImageChosen(table_.result().index[row]);
    });
    // Long requests of the sub-views show their progress on the tab's bar.
    connect(duplicates_, &DuplicatesView::regrouped, this, [this] { progress_->hide(), cancel_->hide(); });
    connect(labels_, &LabelsView::ranked, this, [this] { progress_->hide(), cancel_->hide(); });
    updateBar();
}

QString InspectView::statusText() const { return status_->text(); }

qint64 InspectView::imageCount() const {
    return service_->dataset().count(Split::Train) + service_->dataset().count(Split::Test);
}

void InspectView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // Reopening a run shows its cached scores at once; scoring every image
    // (seconds to minutes of CPU) waits until the user asks.
    if (table_.isEmpty() && !ticket_.isWaiting() && service_->snapshot().isValid() && !service_->dataset().isEmpty())
        score(false, true);
}

void InspectView::score(bool recompute, bool cachedOnly) {
    if (!service_->snapshot().isValid()) {
        status_->setText(tr("No model yet: train a run for an epoch or open a saved run."));
        return;
    }
    if (service_->dataset().isEmpty()) {
        status_->setText(tr("The run's data set is not loaded yet."));
        return;
    }
    ScoreRequest request;
    request.pinned = service_->snapshot().snapshot;
    request.client = reinterpret_cast<quintptr>(this);
    request.iwSamples = iw_->value();
    request.recompute = recompute;
    request.cachedOnly = cachedOnly;
    running_ = RequestKind::Score;
    if (cachedOnly) {
        status_->setText(tr("Looking for this model's saved scores…"));
    } else {
        progress_->setValue(0);
        progress_->show();
        cancel_->show();
        status_->setText(tr("Scoring %1 images…").arg(imageCount()));
    }
    ticket_.sent(service_->score(request));
}

void InspectView::cancel() {
    if (running_ != RequestKind::Count) service_->cancel(running_);
    if (running_ == RequestKind::Score) ticket_.clear();
    running_ = RequestKind::Count;
    progress_->hide();
    cancel_->hide();
    status_->setText(tr("Cancelled."));
}

void InspectView::onScored(const ScoreResult& result) {
    if (!ticket_.take(result.id)) return;
    running_ = RequestKind::Count;
    progress_->hide();
    cancel_->hide();
    if (result.notScored) {
        status_->setText(tr("Not scored yet. Press Score images to score all %1 images with this model (it takes "
                            "a while on a large data set); then outliers, neighbours, near duplicates and "
                            "suspicious labels can be listed.")
                             .arg(imageCount()));
        updateBar();
        return;
    }
    table_ = ScoreTable(result);
    outliers_->setTable(&table_);
    neighbours_->setTable(&table_);
    duplicates_->setTable(&table_);
    labels_->setTable(&table_);
    bags_->setTable(&table_);
    QString text = tr("%1 images scored by the model of epoch %2").arg(result.size()).arg(result.epoch);
    if (result.fromCache) text += tr(", read from %1").arg(QDir::toNativeSeparators(result.cacheFile));
    else if (!result.cacheFile.isEmpty()) text += tr(", saved to %1").arg(QDir::toNativeSeparators(result.cacheFile));
    if (!result.cacheProblem.isEmpty()) text += QStringLiteral(" (%1)").arg(result.cacheProblem);
    status_->setText(text + QLatin1Char('.'));
    updateBar();
    Q_EMIT scoresShown();
}

void InspectView::onProgress(RequestKind kind, quint64, qint64 done, qint64 total) {
    if (kind != RequestKind::Score && kind != RequestKind::Duplicates && kind != RequestKind::Labels) return;
    running_ = kind;
    progress_->show();
    cancel_->show();
    progress_->setMaximum(static_cast<int>(std::max<qint64>(1, total)));
    progress_->setValue(static_cast<int>(done));
}

void InspectView::onFailed(RequestKind kind, quint64 id, const QString& message) {
    if (kind == RequestKind::Score && ticket_.take(id)) status_->setText(message);
    if (kind == running_) {
        running_ = RequestKind::Count;
        progress_->hide();
        cancel_->hide();
    }
}

void InspectView::updateBar() {
    const SnapshotInfo newest = service_->snapshot();
    model_->setText(newest.isValid() ? tr("Model: %1").arg(newest.describe()) : tr("No model yet"));
    scoreButton_->setEnabled(newest.isValid());
    scoreButton_->setText(table_.isEmpty() ? tr("Score images") : tr("Score again"));
    // Scores of an older model say so.
    if (!table_.isEmpty() && newest.isValid() && newest.step != table_.result().step)
        status_->setText(tr("These scores are of epoch %1; press Score again for the newest model.").arg(table_.result().epoch));
}

void InspectView::filterToMapArea(const QVector<QPointF>& points, const QPolygonF& area) {
    QSet<qint64> inside;
    for (int i = 0; i < points.size(); ++i)
        if (area.containsPoint(points[i], Qt::OddEvenFill)) inside.insert(i);
    outliers_->setMapFilter(inside, true);
    tabs_->setCurrentWidget(outliers_);
}

}  // namespace latentlab
