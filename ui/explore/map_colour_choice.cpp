#include "ui/explore/map_colour_choice.h"

#include <QSignalBlocker>
#include <QStandardItemModel>

#include <algorithm>

namespace latentlab {

MapColourChoice::MapColourChoice(QWidget* parent) : QComboBox(parent) {
    addItem(tr("class"), -1);
    addNoFactorsNote();
    // Narrow, not as wide as the note: the map's controls fit beside the
    // lesson pane on a 1024-pixel screen (test_window_fits_small_screens);
    // the open list shows every name whole.
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(7);
    setToolTip(tr("Colour the points by their class, or by a known factor of the data set (factors.csv): "
                  "distinct colours for a category such as shape, a colour scale for a number such as "
                  "scale, rotation or position"));
    connect(this, &QComboBox::activated, this, [this] { Q_EMIT factorChosen(factor()); });
}

QStringList MapColourChoice::factors() const {
    QStringList names;
    for (int i = 1; i < count(); ++i)
        if (itemData(i).toInt() >= 0) names.append(itemText(i));
    return names;
}

bool MapColourChoice::hasNoFactorsNote() const { return count() == 2 && itemData(1).toInt() == kNoteData; }

void MapColourChoice::addNoFactorsNote() {
    // Said in the list, not only in a tooltip: why class is the one choice.
    addItem(tr("(no known factors: no factors.csv)"), kNoteData);
    if (auto* items = qobject_cast<QStandardItemModel*>(model())) items->item(count() - 1)->setEnabled(false);
}

void MapColourChoice::setFactors(const QStringList& names) {
    const QStringList present = factors();
    if (present == names && (!names.isEmpty() || hasNoFactorsNote())) return;
    const QString chosen = present.value(factor());
    const QSignalBlocker blocker(this);
    while (count() > 1) removeItem(1);
    for (int f = 0; f < names.size(); ++f) addItem(names[f], f);
    if (names.isEmpty()) addNoFactorsNote();
    setFactor(chosen.isEmpty() ? -1 : static_cast<int>(names.indexOf(chosen)));
}

void MapColourChoice::setFactor(int factor) {
    const QSignalBlocker blocker(this);
    setCurrentIndex(std::max(0, findData(factor)));
}

}  // namespace latentlab
