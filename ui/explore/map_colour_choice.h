#pragma once

#include <QComboBox>
#include <QStringList>

namespace latentlab {

// The latent map's "Colour by" box: class, then each known factor of the
// data set. Without factors it stays enabled, class its one choice, and a
// greyed entry below says why.
class MapColourChoice : public QComboBox {
    Q_OBJECT

public:
    explicit MapColourChoice(QWidget* parent);

    // The factors to offer; the factor chosen stays chosen when the new list
    // has it too, else the choice returns to class. Emits nothing.
    void setFactors(const QStringList& names);
    QStringList factors() const;
    // The chosen factor's index in factors(), -1 for class.
    int factor() const { return currentData().toInt(); }
    // Chooses `factor` (-1 or out of range: class) without emitting.
    void setFactor(int factor);

    // The greyed entry saying there are no factors is shown.
    bool hasNoFactorsNote() const;

Q_SIGNALS:
    // The user chose another colouring.
    void factorChosen(int factor);

private:
    static constexpr int kNoteData = -2;  // the note's item data: neither class nor a factor
    void addNoFactorsNote();
};

}  // namespace latentlab
