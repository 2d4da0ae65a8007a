#include "ui/inspect/neighbours_view.h"

#include "app/inference/inference_service.h"
#include "model/store/csv_writer.h"
#include "ui/inspect/image_detail.h"
#include "ui/inspect/image_gallery.h"
#include "ui/inspect/inspect_export.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace latentlab {

NeighboursView::NeighboursView(InferenceService* service, QWidget* parent)
    : QWidget(parent),
      service_(service),
      k_(new QSpinBox(this)),
      title_(new QLabel(this)),
      gallery_(new ImageGallery(service, this)),
      detail_(new ImageDetail(this)) {
    k_->setRange(1, 100);
    k_->setValue(12);
    title_->setWordWrap(true);
    auto* bar = new QHBoxLayout;
    bar->addWidget(title_, 1);
    bar->addWidget(new QLabel(tr("Neighbours"), this));
    bar->addWidget(k_);
    bar->addWidget(makeExportButton(this, {[this] { return table_; }, [this] { return service_->dataset(); },
                                           [this] { return gallery_->selectedRows(); },
                                           [this] { return gallery_->rows(); }, tr("Neighbours (CSV)…"),
                                           [this] { return csvText(); }}));
    auto* splitter = new QSplitter(this);
    splitter->addWidget(gallery_);
    splitter->addWidget(detail_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({900, 500});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    gallery_->setPlaceholderText(tr("Choose an image in Outliers and press Neighbours, or click one here."));
    connect(k_, &QSpinBox::valueChanged, this, &NeighboursView::request);
    connect(service_, &InferenceService::neighboursFound, this, &NeighboursView::onFound);
    connect(gallery_, &ImageGallery::currentChanged, this, [this](int row) {
        detail_->show(table_, row, gallery_->images(row));
    });
    connect(gallery_, &ImageGallery::imagesArrived, this, [this] {
        detail_->show(table_, gallery_->currentRow(), gallery_->images(gallery_->currentRow()));
    });
    connect(detail_, &ImageDetail::neighboursWanted, this, &NeighboursView::showFor);
}

void NeighboursView::setTable(const ScoreTable* table) {
    table_ = table;
    gallery_->setTable(table);
    chosen_ = -1;
    result_ = NeighboursResult();
    gallery_->setRows({}, {});
    title_->clear();
}

void NeighboursView::showFor(int row) {
    chosen_ = row;
    request();
}

void NeighboursView::request() {
    if (!table_ || chosen_ < 0 || chosen_ >= table_->size()) return;
    NeighboursRequest request;
    request.pinned = table_->result().from.snapshot;
    request.client = reinterpret_cast<quintptr>(this);
    request.codes = table_->result().means;
    request.latent = table_->result().latent;
    request.row = chosen_;
    request.k = k_->value();
    title_->setText(tr("Finding the neighbours of %1…").arg(table_->label(chosen_)));
    ticket_.sent(service_->neighbours(request));
}

void NeighboursView::onFound(const NeighboursResult& result) {
    if (!ticket_.take(result.id) || !table_) return;
    result_ = result;
    // The chosen image first, then its neighbours.
    QVector<int> rows{static_cast<int>(result.row)};
    QStringList captions{tr("Chosen\n%1").arg(table_->label(static_cast<int>(result.row)))};
    for (int i = 0; i < result.rows.size(); ++i) {
        rows.append(static_cast<int>(result.rows[i]));
        captions.append(tr("%1. distance %2\n%3").arg(i + 1).arg(result.distances[i], 0, 'f', 3).arg(table_->label(rows.last())));
    }
    title_->setText(tr("The %1 nearest images to %2 by posterior mean").arg(result.rows.size()).arg(table_->label(static_cast<int>(result.row))));
    gallery_->setRows(rows, captions);
    gallery_->setCurrentRow(static_cast<int>(result.row));
    Q_EMIT found();
}

QString NeighboursView::csvText() const {
    CsvWriter csv({"rank", "distance", "split", "index", "file", "class"});
    if (table_)
        for (int i = 0; i < result_.rows.size(); ++i) {
            const int row = static_cast<int>(result_.rows[i]);
            csv << i + 1 << result_.distances[i] << std::string(table_->result().test[row] ? "test" : "train")
                << static_cast<int64_t>(table_->result().index[row]) << table_->result().files[row].toStdString()
                << table_->className(row).toStdString();
            csv.end_row();
        }
    return QString::fromStdString(csv.text());
}

}  // namespace latentlab
