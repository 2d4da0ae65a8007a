#pragma once

#include "app/inference/inference_requests.h"
#include "ui/explore/latent_basis.h"
#include "ui/widgets/request_ticket.h"

#include <QHash>
#include <QVector>
#include <QWidget>

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace latentlab {

class InferenceService;
class PixelImage;

// A latent code set by hand: one slider per latent dimension (the most
// active, by test KL, first; with known factors, each named by the factor
// it follows, as the traversal names its rows) or per principal direction
// of the test set's posterior means, each spanning +-3 standard deviations;
// the image decoded from the code follows the sliders as they move.
class SlidersView : public QWidget {
    Q_OBJECT

public:
    enum class Basis { Dimensions, Directions };
    Q_ENUM(Basis)
    // Slider positions per standard deviation, and the standard deviations
    // a slider spans either side of 0.
    static constexpr int kStepsPerSd = 100;
    static constexpr int kSdRange = 3;

    SlidersView(InferenceService* service, QWidget* parent);

    Basis basis() const { return basis_; }
    int sliderCount() const { return static_cast<int>(sliders_.size()); }
    QSlider* slider(int row) const { return sliders_.value(row); }
    QString sliderLabel(int row) const;
    // Dimensions: the latent dimension of each slider, top to bottom.
    QVector<int> rowDimensions() const { return axes().order(); }
    // The code the sliders describe (what was last sent to be decoded).
    QVector<float> code() const { return code_; }
    // The image decoded from code(), once it is back.
    QImage image() const;
    const DecodeResult& lastDecoded() const { return lastDecoded_; }

public Q_SLOTS:
    // The snapshot to explore; an empty handle follows the newest.
    void setPinned(const latentlab::SnapshotHandle& snapshot);
    void setShow(latentlab::DecodedImage show);
    void setBasis(latentlab::SlidersView::Basis basis);
    // Starts from test image `index`'s posterior mean; -1: from the origin
    // (dimensions) or the test mean (directions).
    void startFrom(qint64 index);
    // A code drawn from the prior, or along the directions with their spread.
    void randomize();
    // Back to the starting code.
    void reset();

Q_SIGNALS:
    // The decoded image shown changed.
    void imageShown();

protected:
    void showEvent(QShowEvent* event) override;

private:
    SnapshotInfo model() const;  // the pinned snapshot or the newest
    void onSnapshotChanged();
    void refresh();              // builds the sliders and decodes for model()
    void rebuildRows();
    void requestDirections();
    const LatentBasis& axes() const;  // of the basis chosen
    void onSliderMoved(int row, int value);
    // Sets every slider from code_ without decoding.
    void placeSliders();
    void decode();
    void onEncoded(const EncodeResult& result);
    void onDecoded(const DecodeResult& result);
    void onMapped(const MapResult& result);
    // The factor each dimension follows, from a two-column traversal.
    void requestFactors();
    void onTraversed(const TraverseResult& result);
    void onFailed(RequestKind kind, quint64 id, const QString& message);
    void setCode(const QVector<float>& code);
    void updateValueLabel(int row);

    InferenceService* service_;
    SnapshotHandle pinned_;
    DecodedImage show_ = DecodedImage::Mean;
    Basis basis_ = Basis::Dimensions;

    // What the sliders were built for.
    SnapshotHandle builtFor_;
    int latent_ = 0;
    LatentBasis dimensions_;  // most active first
    // From a map of the test set (directionsFor_'s); empty until it comes.
    LatentBasis directions_;
    SnapshotHandle directionsFor_;

    QVector<float> code_;
    QVector<float> start_;    // what Reset goes back to
    qint64 startIndex_ = -1;  // the test image start_ came from; -1: none
    bool stale_ = true;       // a new snapshot came while hidden
    bool rebuildOnRelease_ = false;
    bool moveToStart_ = false;  // the code answering the encode becomes the sliders' code

    // With known factors: the factor each dimension follows (factorsFor_'s).
    QHash<int, QString> factorNames_;
    QHash<int, double> factorInformation_;
    SnapshotHandle factorsFor_;

    RequestTicket encodeTicket_, decodeTicket_, mapTicket_, traverseTicket_;
    DecodeRequest lastDecodeRequest_;
    EncodeRequest lastEncodeRequest_;
    MapRequest lastMapRequest_;
    TraverseRequest lastTraverseRequest_;
    DecodeResult lastDecoded_;

    QComboBox* basisBox_;
    QComboBox* startBox_;
    QSpinBox* indexBox_;
    QPushButton* randomButton_;
    QPushButton* resetButton_;
    QWidget* rowsWidget_;
    QGridLayout* rows_;
    QVector<QSlider*> sliders_;
    QVector<QLabel*> names_, values_;
    PixelImage* image_;
    QLabel* caption_;
    QLabel* status_;
};

}  // namespace latentlab
