#pragma once

#include "app/inference/score_table.h"
#include "ui/widgets/request_ticket.h"

#include <QPointF>
#include <QRectF>
#include <QPolygonF>
#include <QVector>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace latentlab {

class BagsView;
class DuplicatesView;
class InferenceService;
class LabelsView;
class NeighboursView;
class OutliersView;

// The Inspect tab: every image of the run's data set scored by the model
// (ELBO, its terms, optionally log p(x), the reconstruction error), cached
// in the run folder, and the views built on the scores: outliers,
// neighbours, near duplicates, suspicious labels and bags.
class InspectView : public QWidget {
    Q_OBJECT

public:
    InspectView(InferenceService* service, QWidget* parent);

    // Scores the images with the newest model (or reads them from the run
    // folder's scores.csv when they are of this snapshot). `cachedOnly`: only
    // read that file (what showing the tab does); without it, say so.
    void score(bool recompute = false, bool cachedOnly = false);
    void cancel();
    const ScoreTable& table() const { return table_; }
    bool isScoring() const { return ticket_.isWaiting(); }

    // Keeps only the test images whose map points lie in `area`.
    void filterToMapArea(const QVector<QPointF>& points, const QPolygonF& area);

    QTabWidget* tabs() const { return tabs_; }
    OutliersView* outliers() const { return outliers_; }
    NeighboursView* neighbours() const { return neighbours_; }
    DuplicatesView* duplicates() const { return duplicates_; }
    LabelsView* labels() const { return labels_; }
    BagsView* bags() const { return bags_; }
    QString statusText() const;
    QProgressBar* progressBar() const { return progress_; }
    QPushButton* scoreButton() const { return scoreButton_; }

Q_SIGNALS:
    void scoresShown();
    // A test image was chosen (its index in the test set), for the latent map.
    void testImageChosen(qint64 index);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onScored(const ScoreResult& result);
    void onProgress(RequestKind kind, quint64 id, qint64 done, qint64 total);
    void onFailed(RequestKind kind, quint64 id, const QString& message);
    void updateBar();
    qint64 imageCount() const;

    InferenceService* service_;
    ScoreTable table_;
    RequestTicket ticket_;
    RequestKind running_ = RequestKind::Count;  // the long request the bar shows
    QLabel* model_;
    QPushButton* scoreButton_;
    QSpinBox* iw_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QLabel* status_;
    QTabWidget* tabs_;
    OutliersView* outliers_;
    NeighboursView* neighbours_;
    DuplicatesView* duplicates_;
    LabelsView* labels_;
    BagsView* bags_;
};

}  // namespace latentlab
