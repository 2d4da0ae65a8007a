#include "ui/explore/map_colour_choice.h"

#include <QSignalBlocker>

#include <algorithm>

namespace latentlab {

MapColourChoice::MapColourChoice(QWidget* parent) : QComboBox(parent) {
    addItem(tr("class"), -1);
    setEnabled(false);
    setToolTip(tr("Colour the points by their class, or by a known factor of the data set (factors.csv): "
                  "distinct colours for a category such as shape, a colour scale for a number such as "
                  "scale, rotation or position"));
    connect(this, &QComboBox::activated, this, [this] { Q_EMIT factorChosen(factor()); });
}

QStringList MapColourChoice::factors() const {
    QStringList names;
    for (int i = 1; i < count(); ++i) names.append(itemText(i));
    return names;
}

void MapColourChoice::setFactors(const QStringList& names) {
    setEnabled(!names.isEmpty());
    const QStringList present = factors();
    if (present == names) return;
    const QString chosen = present.value(factor());
    const QSignalBlocker blocker(this);
    while (count() > 1) removeItem(1);
    for (int f = 0; f < names.size(); ++f) addItem(names[f], f);
    setFactor(chosen.isEmpty() ? -1 : static_cast<int>(names.indexOf(chosen)));
}

void MapColourChoice::setFactor(int factor) {
    const QSignalBlocker blocker(this);
    setCurrentIndex(std::max(0, findData(factor)));
}

}  // namespace latentlab
