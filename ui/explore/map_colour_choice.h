#pragma once

#include <QComboBox>
#include <QStringList>

namespace latentlab {

// The latent map's "Colour by" box: class, then each known factor of the
// data set. Disabled when there are none.
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

Q_SIGNALS:
    // The user chose another colouring.
    void factorChosen(int factor);
};

}  // namespace latentlab
