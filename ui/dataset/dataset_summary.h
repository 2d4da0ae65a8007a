#pragma once

#include "app/workspace/loaded_dataset.h"

#include <QWidget>

class QGroupBox;
class QLabel;
class QListWidget;
class QTableWidget;

namespace latentlab {

// What a loaded data set holds: its image counts and shape, a table of its
// classes with their counts, and the files that could not be read with the
// reason for each. A click on a class row asks for that class's images.
class DatasetSummary : public QWidget {
    Q_OBJECT

public:
    explicit DatasetSummary(QWidget* parent = nullptr);

    // An empty data set shows dashes.
    void setDataset(const LoadedDataset& dataset);
    // Marks the class whose images are shown alone (-1: none).
    void setHighlightedClass(int label);

Q_SIGNALS:
    void classClicked(int label);

private:
    QLabel* trainCount_;
    QLabel* testCount_;
    QLabel* imageShape_;
    QLabel* pixels_;
    QLabel* loadNote_;
    QTableWidget* classTable_;
    QGroupBox* skippedBox_;
    QListWidget* skippedList_;
};

}  // namespace latentlab
