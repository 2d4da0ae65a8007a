#pragma once

#include <QImage>
#include <QStringList>
#include <QTabWidget>
#include <QVector>

class QGridLayout;
class QLabel;

namespace latentlab {

class PixelImage;

// The pictures of a comparison, the same inputs for every decoder, one page
// each: the 8 test images over every decoder's mean reconstruction; the same
// images over a sample of every decoder's p(x|z); every decoder's mean images
// of the same 8 prior draws of z. Each strip fills its row, enlarged by
// repeating pixels, so it stays crisp on a projector.
class ComparisonGallery : public QTabWidget {
    Q_OBJECT

public:
    enum Page { Reconstructions = 0, Samples = 1, Prior = 2, PageCount = 3 };

    explicit ComparisonGallery(QWidget* parent = nullptr);

    // One empty row per decoder, placeholders until its run has finished.
    void reset(const QStringList& decoders);
    void setOriginals(const QImage& strip);
    void setRun(int index, const QImage& reconstructions, const QImage& samples, const QImage& prior);

    // For tests and the report: the strip shown in a row (row 0 of the first
    // two pages holds the test images).
    QImage image(Page page, int row) const;
    int rowCount(Page page) const;

private:
    struct Slot {
        QLabel* label = nullptr;
        PixelImage* image = nullptr;
    };
    void clearPage(Page page);
    Slot addRow(Page page, const QString& caption);

    QGridLayout* grids_[PageCount] = {};
    QVector<Slot> rows_[PageCount];
};

}  // namespace latentlab
