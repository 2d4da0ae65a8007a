#include "ui/inspect/duplicates_view.h"

#include "app/inference/inference_service.h"
#include "model/store/csv_writer.h"
#include "ui/inspect/image_gallery.h"
#include "ui/inspect/inspect_export.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace latentlab {

DuplicatesView::DuplicatesView(InferenceService* service, QWidget* parent)
    : QWidget(parent),
      service_(service),
      findButton_(new QPushButton(tr("Find near duplicates"), this)),
      pixel_(new QDoubleSpinBox(this)),
      slider_(new QSlider(Qt::Horizontal, this)),
      summary_(new QLabel(this)),
      list_(new QListWidget(this)),
      gallery_(new ImageGallery(service, this)) {
    pixel_->setRange(0.001, 1.0);
    pixel_->setDecimals(3);
    pixel_->setSingleStep(0.01);
    pixel_->setValue(kDefaultPixelThreshold);
    pixel_->setToolTip(tr("A pair is kept when the root mean square difference of its pixels (0..1) is below this"));
    slider_->setRange(0, kSliderSteps);
    slider_->setValue(kSliderSteps / 2);
    slider_->setToolTip(tr("Latent threshold, from 0 to 0.2 x the codes' spread (their root mean square distance from their mean)"));
    slider_->setEnabled(false);
    auto* bar = new QHBoxLayout;
    bar->addWidget(findButton_);
    bar->addWidget(new QLabel(tr("Pixel RMS below"), this));
    bar->addWidget(pixel_);
    bar->addWidget(new QLabel(tr("Latent threshold"), this));
    bar->addWidget(slider_, 1);
    bar->addWidget(makeExportButton(this, {[this] { return table_; }, [this] { return service_->dataset(); },
                                           [this] { return gallery_->selectedRows(); },
                                           [this] { return gallery_->rows(); }, tr("Pairs (CSV)…"),
                                           [this] { return csvText(); }}));
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(summary_);
    leftLayout->addWidget(list_, 1);
    summary_->setWordWrap(true);
    auto* splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(gallery_);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    gallery_->setPlaceholderText(tr("Find near duplicates, then pick a group."));
    connect(findButton_, &QPushButton::clicked, this, &DuplicatesView::find);
    connect(slider_, &QSlider::valueChanged, this, &DuplicatesView::regroup);
    connect(list_, &QListWidget::currentRowChanged, this, &DuplicatesView::showGroup);
    connect(service_, &InferenceService::duplicatesFound, this, &DuplicatesView::onFound);
    connect(service_, &InferenceService::failed, this, [this](RequestKind kind, quint64 id, const QString& message) {
        if (kind == RequestKind::Duplicates && ticket_.take(id)) summary_->setText(message);
    });
}

void DuplicatesView::setTable(const ScoreTable* table) {
    table_ = table;
    gallery_->setTable(table);
    pairs_.clear();
    result_ = DuplicatesResult();
    slider_->setEnabled(false);
    regroup();
}

void DuplicatesView::find() {
    if (!table_ || table_->isEmpty()) return;
    DuplicatesRequest request;
    request.pinned = table_->result().from.snapshot;
    request.client = reinterpret_cast<quintptr>(this);
    request.codes = table_->result().means;
    request.latent = table_->result().latent;
    request.pixelThreshold = pixel_->value();
    summary_->setText(tr("Searching every image's neighbours…"));
    ticket_.sent(service_->duplicates(request));
}

void DuplicatesView::onFound(const DuplicatesResult& result) {
    if (!ticket_.take(result.id)) return;
    result_ = result;
    pairs_.clear();
    for (int i = 0; i < result.a.size(); ++i) pairs_.push_back({result.a[i], result.b[i], result.latent[i], result.pixel[i]});
    slider_->setEnabled(true);
    regroup();
}

double DuplicatesView::latentThreshold() const {
    return result_.latentThreshold * slider_->value() / static_cast<double>(kSliderSteps);
}

void DuplicatesView::setThresholdShare(double share) { slider_->setValue(static_cast<int>(share * kSliderSteps + 0.5)); }

void DuplicatesView::regroup() {
    groups_ = group_pairs(pairs_, latentThreshold(), result_.pixelThreshold);
    list_->clear();
    for (size_t g = 0; g < groups_.groups.size(); ++g)
        list_->addItem(tr("Group %1 · %2 images").arg(g + 1).arg(groups_.groups[g].size()));
    if (result_.id != 0) {
        size_t images = 0;
        for (const auto& group : groups_.groups) images += group.size();
        summary_->setText(tr("%1 groups of %2 images (%3 pairs) closer than %4 in latent space (%5 x the codes' "
                             "spread %6) and %7 in pixels.")
                              .arg(groups_.groups.size()).arg(images).arg(groups_.pairs.size())
                              .arg(latentThreshold(), 0, 'g', 3)
                              .arg(0.2 * slider_->value() / kSliderSteps, 0, 'g', 2)
                              .arg(result_.spread, 0, 'g', 3).arg(result_.pixelThreshold));
    } else {
        summary_->setText(table_ && !table_->isEmpty() ? tr("Press Find near duplicates.") : tr("Score the images first."));
    }
    gallery_->setRows({}, {});
    if (!groups_.groups.empty()) list_->setCurrentRow(0);
    Q_EMIT regrouped();
}

void DuplicatesView::showGroup(int index) {
    if (!table_ || index < 0 || index >= static_cast<int>(groups_.groups.size())) return;
    QVector<int> rows;
    QStringList captions;
    for (int64_t row : groups_.groups[static_cast<size_t>(index)]) {
        rows.append(static_cast<int>(row));
        captions.append(table_->label(static_cast<int>(row)));
    }
    gallery_->setRows(rows, captions);
}

QString DuplicatesView::csvText() const {
    CsvWriter csv({"group", "file_a", "split_a", "index_a", "file_b", "split_b", "index_b", "latent_distance", "pixel_rms"});
    if (!table_) return QString::fromStdString(csv.text());
    std::map<int64_t, int> groupOf;
    for (size_t g = 0; g < groups_.groups.size(); ++g)
        for (int64_t row : groups_.groups[g]) groupOf[row] = static_cast<int>(g) + 1;
    const ScoreResult& s = table_->result();
    for (const auto& pair : groups_.pairs) {
        csv << groupOf[pair.a];
        for (int64_t row : {pair.a, pair.b})
            csv << s.files[static_cast<int>(row)].toStdString() << std::string(s.test[static_cast<int>(row)] ? "test" : "train")
                << static_cast<int64_t>(s.index[static_cast<int>(row)]);
        csv << pair.latent << pair.pixel;
        csv.end_row();
    }
    return QString::fromStdString(csv.text());
}

}  // namespace latentlab
