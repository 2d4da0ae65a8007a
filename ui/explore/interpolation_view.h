#pragma once

#include "ui/explore/explorer_pane.h"

#include <QVector>

class QCheckBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTimer;

namespace latentlab {

class Filmstrip;
class ImageSlot;
class PixelImage;

// The Explore tab's Interpolation: two images (test images or dropped
// files) encoded, the path between their codes decoded in `steps` frames
// along a straight line or a great circle (slerp), shown as a filmstrip
// and played back and forth in a large image; exported as a PNG strip, a
// looping GIF or an MP4. With "Both paths" the other path's strip is shown
// under the first, each with its middle code's norm: the straight line's dip
// towards the origin, against slerp's, reads off the two rows.
class InterpolationView : public ExplorerPane {
    Q_OBJECT

public:
    InterpolationView(InferenceService* service, QWidget* parent);

    ImageSlot* fromSlot() const { return from_; }
    ImageSlot* toSlot() const { return to_; }
    void setSteps(int steps);
    void setSpherical(bool spherical);
    // Both paths, the other one's strip under the chosen one's.
    void setBothPaths(bool both);
    bool bothPaths() const;
    // The last answer: the two originals and the frames between.
    const InterpolateResult& result() const { return result_; }
    Filmstrip* filmstrip() const { return strip_; }
    // With both paths: the other path's answer and strip.
    const InterpolateResult& otherResult() const { return otherResult_; }
    Filmstrip* otherFilmstrip() const { return otherStrip_; }
    // "Linear · middle frame (t = 0.50): |z| = 2.31" for a strip's caption.
    static QString pathCaption(bool spherical, const InterpolateResult& result);

    void setPlaying(bool playing);
    bool isPlaying() const;

    // Writes the frames to `path` by its suffix: .png a strip with the
    // originals at the ends, .gif or .mp4 the frames swinging back and
    // forth (2 steps - 2 frames a loop). The error message, empty when written.
    QString exportTo(const QString& path) const;
    // The .png strip: labelled (path, t, |z|), images enlarged `scale`
    // times; with both paths, the other path's strip under it.
    QImage labelledStrip(int scale) const;

protected:
    void request() override;
    void datasetChanged(const LoadedDataset& dataset) override;

private:
    void onInterpolated(const InterpolateResult& result);
    void onFailed(RequestKind kind, quint64 id, const QString& message);
    void showFrame(int frame);
    void step();
    void chooseExport();
    QImage labelledPath(bool spherical, const InterpolateResult& result, int scale) const;

    ImageSlot* from_;
    ImageSlot* to_;
    PixelImage* player_;
    QSpinBox* steps_;
    QRadioButton* linear_;
    QRadioButton* spherical_;
    QCheckBox* both_;
    QPushButton* play_;
    QPushButton* export_;
    QLabel* stripCaption_;
    Filmstrip* strip_;
    QLabel* otherCaption_;
    Filmstrip* otherStrip_;
    QLabel* status_;
    QTimer* timer_;
    InterpolateResult result_;
    quint64 lastId_ = 0;
    InterpolateResult otherResult_;
    quint64 otherId_ = 0;
    int position_ = 0;  // in the back-and-forth sequence of frames
};

}  // namespace latentlab
