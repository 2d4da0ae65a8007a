#pragma once

#include <QPointF>
#include <QVector>

class QCPGraph;
class QCustomPlot;

namespace latentlab {

// The marks drawn over the latent map's points, each on a white halo so it
// reads over points and manifold alike, on the plot's "marks" layer:
// - Selected: a heavy black ring on the point chosen (a click on a dot, or
//   an image chosen in the Inspect tab); it stays until another choice.
// - Hovered: a thin grey ring under the pointer, smaller, so the two never
//   look alike and hovering never moves the selection.
// - Clicked: a cross where the plane was clicked (the decoded point).
class MapMarks {
public:
    enum Kind { Selected, Hovered, Clicked, KindCount };

    // Adds its graphs to `plot`, which owns them.
    explicit MapMarks(QCustomPlot* plot);

    // Shows the mark of `kind` at `plane`, or hides it.
    void show(Kind kind, const QPointF& plane);
    void hide(Kind kind);
    bool isShown(Kind kind) const;
    // Where it is drawn (meaningless while hidden).
    QPointF position(Kind kind) const;

private:
    QVector<QCPGraph*> graphs_[KindCount];  // a halo, then the mark
};

}  // namespace latentlab
