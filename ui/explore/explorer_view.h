#pragma once

#include "ui/explore/explorer_pane.h"

#include <QVector>
#include <QWidget>

class QLabel;
class QPushButton;
class QRadioButton;
class QTabWidget;

namespace latentlab {

class InferenceService;
class InterpolationView;
class TraversalView;
class SlidersView;
class LatentMapView;

// The Explore tab: a bar shared by its views (which snapshot they draw
// from, following the newest or pinned to one, fresher weights, mean image
// or sample) above the views as sub-tabs.
class ExplorerView : public QWidget {
    Q_OBJECT

public:
    ExplorerView(InferenceService* service, QWidget* parent);

    // Adds a view as a sub-tab, after those already there. An ExplorerPane
    // gets the bar's options now and whenever they change.
    void addView(QWidget* view, const QString& title);
    // Brings one of the views to the front.
    void showView(QWidget* view);

    // "Fresher weights" helps only while a run trains.
    void setTrainingActive(bool active);
    // Pins the snapshot shown now (none: nothing to pin), or follows the newest.
    void setPinned(bool pinned);
    bool isPinned() const { return options_.pinned != nullptr; }
    void setShow(DecodedImage show);
    const ExplorerOptions& options() const { return options_; }
    // What the bar says about the model, e.g. "Model: epoch 7 of 10, run …".
    QString modelText() const;

    InterpolationView* interpolation() const { return interpolation_; }
    TraversalView* traversal() const { return traversal_; }
    SlidersView* sliders() const { return sliders_; }
    LatentMapView* latentMap() const { return map_; }

private:
    void setOptions(const ExplorerOptions& options);
    void updateBar();

    InferenceService* service_;
    ExplorerOptions options_;
    QVector<ExplorerPane*> panes_;
    QLabel* model_;
    QRadioButton* follow_;
    QRadioButton* pin_;
    QPushButton* fresher_;
    QRadioButton* mean_;
    QRadioButton* sample_;
    QTabWidget* tabs_;
    InterpolationView* interpolation_;
    TraversalView* traversal_;
    SlidersView* sliders_ = nullptr;
    LatentMapView* map_ = nullptr;
};

}  // namespace latentlab
