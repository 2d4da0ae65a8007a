#include "ui/explore/interpolation_view.h"

#include "app/inference/inference_service.h"
#include "model/base/error.h"
#include "ui/widgets/filmstrip.h"
#include "ui/widgets/frame_export.h"
#include "ui/widgets/image_slot.h"
#include "ui/widgets/pixel_image.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

namespace latentlab {

namespace {

constexpr int kFrameMs = 100;  // per frame, played and exported

// The frame shown at `position` of a back-and-forth loop over n frames:
// 0, 1, ..., n-1, n-2, ..., 1.
int swing(int position, int n) {
    if (n < 2) return 0;
    const int period = 2 * n - 2;
    const int p = position % period;
    return p < n ? p : period - p;
}

}  // namespace

InterpolationView::InterpolationView(InferenceService* service, QWidget* parent)
    : ExplorerPane(service, parent), timer_(new QTimer(this)) {
    auto* layout = new QVBoxLayout(this);

    auto* images = new QHBoxLayout;
    from_ = new ImageSlot(tr("From"), this);
    to_ = new ImageSlot(tr("To"), this);
    player_ = new PixelImage(this);
    player_->setObjectName(QStringLiteral("player"));
    player_->setPlaceholderText(tr("The path between the two images plays here."));
    images->addWidget(from_, 2);
    images->addWidget(player_, 5);
    images->addWidget(to_, 2);
    layout->addLayout(images, 1);

    auto* controls = new QHBoxLayout;
    auto* stepsLabel = new QLabel(tr("Steps"), this);
    steps_ = new QSpinBox(this);
    steps_->setRange(2, 50);
    steps_->setValue(10);
    steps_->setToolTip(tr("Images decoded along the path, both ends included"));
    stepsLabel->setBuddy(steps_);
    linear_ = new QRadioButton(tr("Linear"), this);
    linear_->setToolTip(tr("A straight line between the two codes"));
    spherical_ = new QRadioButton(tr("Spherical (slerp)"), this);
    spherical_->setToolTip(tr("Along a great circle: the codes keep a norm typical of the prior, "
                              "where a straight line passes nearer the origin"));
    linear_->setChecked(true);
    auto* path = new QButtonGroup(this);
    path->addButton(linear_);
    path->addButton(spherical_);
    both_ = new QCheckBox(tr("&Both paths"), this);
    both_->setToolTip(tr("Show the other path's frames under these, with each path's middle |z|"));
    play_ = new QPushButton(tr("Pla&y"), this);
    play_->setCheckable(true);
    play_->setToolTip(tr("Play the frames back and forth in the large image"));
    export_ = new QPushButton(tr("E&xport…"), this);
    export_->setToolTip(tr("Save as a PNG strip, an animated GIF or an MP4 video"));
    controls->addWidget(stepsLabel);
    controls->addWidget(steps_);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Path:"), this));
    controls->addWidget(linear_);
    controls->addWidget(spherical_);
    controls->addWidget(both_);
    controls->addSpacing(16);
    controls->addWidget(play_);
    controls->addWidget(export_);
    controls->addStretch(1);
    layout->addLayout(controls);

    stripCaption_ = new QLabel(this);
    layout->addWidget(stripCaption_);
    strip_ = new Filmstrip(this);
    layout->addWidget(strip_);
    otherCaption_ = new QLabel(this);
    layout->addWidget(otherCaption_);
    otherStrip_ = new Filmstrip(this);
    otherStrip_->setObjectName(QStringLiteral("otherPath"));
    layout->addWidget(otherStrip_);
    otherCaption_->hide();
    otherStrip_->hide();
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);

    timer_->setInterval(kFrameMs);
    connect(timer_, &QTimer::timeout, this, &InterpolationView::step);
    connect(from_, &ImageSlot::changed, this, &InterpolationView::refresh);
    connect(to_, &ImageSlot::changed, this, &InterpolationView::refresh);
    connect(steps_, &QSpinBox::valueChanged, this, &InterpolationView::refresh);
    connect(spherical_, &QRadioButton::toggled, this, &InterpolationView::refresh);
    connect(both_, &QCheckBox::toggled, this, [this](bool both) {
        otherCaption_->setVisible(both);
        otherStrip_->setVisible(both);
        if (!both) {
            otherResult_ = {};
            otherStrip_->clear();
        }
        refresh();
    });
    connect(play_, &QPushButton::toggled, this, &InterpolationView::setPlaying);
    connect(export_, &QPushButton::clicked, this, &InterpolationView::chooseExport);
    connect(strip_, &Filmstrip::frameClicked, this, [this](int frame) {
        setPlaying(false);
        showFrame(frame);
    });
    connect(service, &InferenceService::interpolated, this, &InterpolationView::onInterpolated);
    connect(service, &InferenceService::failed, this, &InterpolationView::onFailed);
    export_->setEnabled(false);
    play_->setEnabled(false);
}

void InterpolationView::setSteps(int steps) { steps_->setValue(steps); }

void InterpolationView::setSpherical(bool spherical) {
    (spherical ? spherical_ : linear_)->setChecked(true);
}

void InterpolationView::setBothPaths(bool both) { both_->setChecked(both); }

bool InterpolationView::bothPaths() const { return both_->isChecked(); }

QString InterpolationView::pathCaption(bool spherical, const InterpolateResult& result) {
    QString caption = spherical ? tr("Spherical (slerp)") : tr("Linear");
    const int frames = static_cast<int>(result.norms.size());
    if (frames > 0) {
        const int middle = (frames - 1) / 2;
        const double t = frames > 1 ? static_cast<double>(middle) / (frames - 1) : 0.0;
        caption += tr(" · middle frame (t = %1): |z| = %2").arg(t, 0, 'f', 2).arg(result.norms.at(middle), 0, 'f', 2);
    }
    return caption;
}

void InterpolationView::setPlaying(bool playing) {
    if (playing && result_.frames.size() < 2) playing = false;
    if (play_->isChecked() != playing) play_->setChecked(playing);  // comes back here through toggled
    play_->setText(playing ? tr("Stop") : tr("Pla&y"));
    if (playing == timer_->isActive()) return;
    if (playing) {
        position_ = 0;
        timer_->start();
    } else {
        timer_->stop();
    }
}

bool InterpolationView::isPlaying() const { return timer_->isActive(); }

void InterpolationView::request() {
    if (!hasModel()) {
        status_->setText(noModelText());
        return;
    }
    InterpolateRequest request;
    options().applyTo(request, this);
    request.from = from_->image();
    request.to = to_->image();
    request.steps = steps_->value();
    request.spherical = spherical_->isChecked();
    lastId_ = service()->interpolate(request);
    if (both_->isChecked()) {
        // Asked as another client: a client's newer request of a kind
        // replaces its waiting one, and both paths must be answered.
        request.spherical = !request.spherical;
        request.client = reinterpret_cast<quintptr>(otherStrip_);
        otherId_ = service()->interpolate(request);
    }
    status_->setText(tr("Decoding %1 frames…").arg(request.steps));
}

void InterpolationView::datasetChanged(const LoadedDataset& dataset) {
    // Called while a request is being made: the slots must not ask for another.
    const QSignalBlocker fromBlocker(from_);
    const QSignalBlocker toBlocker(to_);
    from_->setDataset(dataset);
    to_->setDataset(dataset);
    // Two different images to begin with.
    const ImageRef first = from_->image(), second = to_->image();
    if (first.file.isEmpty() && second.file.isEmpty() && first.index == second.index && dataset.count(Split::Test) > 1)
        to_->setIndex(first.index + 1 < dataset.count(Split::Test) ? first.index + 1 : 0);
}

void InterpolationView::onInterpolated(const InterpolateResult& result) {
    if (both_->isChecked() && result.id == otherId_) {
        otherResult_ = result;
        otherStrip_->setImages(result.first, result.frames, result.last);
        otherCaption_->setText(pathCaption(!spherical_->isChecked(), result));
        return;
    }
    if (result.id != lastId_) return;  // an older request's answer
    result_ = result;
    strip_->setImages(result.first, result.frames, result.last);
    stripCaption_->setText(pathCaption(spherical_->isChecked(), result));
    QString norms;
    if (!result.norms.isEmpty())
        norms = tr(" · |z| %1 … %2").arg(result.norms.first(), 0, 'f', 2).arg(result.norms.last(), 0, 'f', 2);
    status_->setText(tr("%1 frames from %2%3").arg(result.frames.size()).arg(result.from.describe(), norms));
    export_->setEnabled(!result.frames.isEmpty());
    play_->setEnabled(result.frames.size() > 1);
    // A player going on keeps going through the new frames.
    showFrame(isPlaying() ? swing(position_, static_cast<int>(result.frames.size()))
                          : static_cast<int>(result.frames.size()) / 2);
}

void InterpolationView::onFailed(RequestKind kind, quint64 id, const QString& message) {
    if (kind != RequestKind::Interpolate || id != lastId_) return;
    status_->setText(tr("Cannot interpolate: %1").arg(message));
}

void InterpolationView::showFrame(int frame) {
    if (frame < 0 || frame >= result_.frames.size()) {
        player_->clear();
        strip_->setCurrent(-1);
        return;
    }
    player_->setImage(result_.frames.at(frame));
    strip_->setCurrent(frame);
}

void InterpolationView::step() {
    ++position_;
    showFrame(swing(position_, static_cast<int>(result_.frames.size())));
}

// The strip as a handout shows it: the two originals at its ends, each frame
// with its place on the path (t) and its code's norm |z| under it, and the
// path's kind above: a linear path's dip in |z| reads off the picture.
QImage InterpolationView::labelledStrip(int scale) const {
    const QImage chosen = labelledPath(spherical_->isChecked(), result_, scale);
    if (!both_->isChecked() || otherResult_.frames.size() != result_.frames.size()) return chosen;
    const QImage other = labelledPath(!spherical_->isChecked(), otherResult_, scale);
    QImage picture(std::max(chosen.width(), other.width()), chosen.height() + other.height(), QImage::Format_RGB32);
    picture.fill(Qt::white);
    QPainter painter(&picture);
    painter.drawImage(0, 0, chosen);
    painter.drawImage(0, chosen.height(), other);
    return picture;
}

QImage InterpolationView::labelledPath(bool spherical, const InterpolateResult& result, int scale) const {
    QVector<QImage> strip = result.frames;
    strip.prepend(result.first);
    strip.append(result.last);
    const QSize tile = result.frames.first().size() * scale;
    const int gap = 4 * kExportResolution;
    QFont font = this->font();
    font.setPixelSize(std::max(14, tile.height() / 7));
    const QFontMetrics metrics(font);
    const int title = 2 * metrics.height();
    const int caption = 2 * metrics.height() + metrics.height() / 2;
    const int count = static_cast<int>(strip.size());
    QImage picture(count * tile.width() + (count - 1) * gap, title + tile.height() + caption, QImage::Format_RGB32);
    picture.fill(Qt::white);
    QPainter painter(&picture);
    painter.setFont(font);
    painter.setPen(Qt::black);
    painter.drawText(QRect(0, 0, picture.width(), title), Qt::AlignCenter,
                     (spherical ? tr("Spherical path (slerp)") : tr("Linear path")) +
                         tr(" · %1 frames · %2").arg(result.frames.size()).arg(result.from.describe()));
    const int frames = static_cast<int>(result.frames.size());
    for (int i = 0; i < count; ++i) {
        const QRect where(i * (tile.width() + gap), title, tile.width(), tile.height());
        // Originals may be larger than the frames (a dropped file): drawn at the frames' size, crisp.
        painter.drawImage(where, strip.at(i));
        QString text;
        if (i == 0) text = tr("image A");
        else if (i == count - 1) text = tr("image B");
        else {
            const int f = i - 1;
            text = QStringLiteral("t = %1").arg(frames > 1 ? static_cast<double>(f) / (frames - 1) : 0.0, 0, 'f', 2);
            if (f < result.norms.size()) text += QStringLiteral("\n|z| = %1").arg(result.norms.at(f), 0, 'f', 2);
        }
        painter.drawText(QRect(where.left(), where.bottom() + metrics.height() / 3, tile.width(), caption),
                         Qt::AlignHCenter | Qt::AlignTop, text);
    }
    painter.end();
    return picture;
}

QString InterpolationView::exportTo(const QString& path) const {
    if (result_.frames.isEmpty()) return tr("There are no frames to export yet.");
    const QString suffix = QFileInfo(path).suffix().toLower();
    const std::string file = path.toStdString();
    const int scale = exportScale(result_.frames.first().size());
    return exportFailure([&] {
        if (suffix == QLatin1String("png")) {
            if (!labelledStrip(scale).save(path, "PNG"))
                throw Error("could not write " + QDir::toNativeSeparators(path).toStdString());
        } else if (suffix == QLatin1String("gif")) {
            write_gif(file, back_and_forth(toFrames(result_.frames)), kFrameMs, scale);
        } else if (suffix == QLatin1String("mp4")) {
            write_mp4(file, back_and_forth(toFrames(result_.frames)), 1000.0 / kFrameMs, scale);
        } else {
            throw Error("choose a file ending in .png, .gif or .mp4");
        }
    });
}

void InterpolationView::chooseExport() {
    const QString path = chooseExportFile(this, tr("Export Interpolation"), QStringLiteral("interpolation.gif"),
                                          {tr("Animated GIF (*.gif)"), tr("PNG strip (*.png)"), tr("MP4 video (*.mp4)")});
    if (path.isEmpty()) return;
    const QString failure = exportTo(path);
    if (!failure.isEmpty())
        QMessageBox::warning(this, tr("Export Interpolation"), failure);
    else
        reportExported(this, path);
}

}  // namespace latentlab
