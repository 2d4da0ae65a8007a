#pragma once

#include "app/inference/inference_requests.h"
#include "app/workspace/loaded_dataset.h"

#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;

namespace latentlab {

class PixelImage;

// An image a view encodes: a test image chosen by its index or at random,
// or an image file dropped on it. Shows the image as it is on disk or in
// the data set (the answer shows it as the model saw it).
class ImageSlot : public QWidget {
    Q_OBJECT

public:
    ImageSlot(const QString& title, QWidget* parent);

    // The test set the index chooses from; the index is kept in range.
    void setDataset(const LoadedDataset& dataset);
    ImageRef image() const;
    void setIndex(qint64 index);
    // A file, as if dropped; an empty path goes back to the index.
    void setFile(const QString& path);
    void chooseRandom();

Q_SIGNALS:
    void changed();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void showImage();

    LoadedDataset dataset_;
    QString file_;
    QLabel* title_;
    PixelImage* preview_;
    QSpinBox* index_;
    QPushButton* random_;
    QLabel* source_;  // the file's name, or the test image's class
};

}  // namespace latentlab
