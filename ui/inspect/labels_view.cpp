#include "ui/inspect/labels_view.h"

#include "app/inference/inference_service.h"
#include "model/store/csv_writer.h"
#include "ui/inspect/image_gallery.h"
#include "ui/inspect/inspect_export.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace latentlab {

LabelsView::LabelsView(InferenceService* service, QWidget* parent)
    : QWidget(parent),
      service_(service),
      rankButton_(new QPushButton(tr("Rank by neighbours' vote"), this)),
      k_(new QSpinBox(this)),
      summary_(new QLabel(this)),
      gallery_(new ImageGallery(service, this)) {
    k_->setRange(1, 100);
    k_->setValue(10);
    auto* bar = new QHBoxLayout;
    bar->addWidget(rankButton_);
    bar->addWidget(new QLabel(tr("Neighbours voting"), this));
    bar->addWidget(k_);
    bar->addWidget(summary_, 1);
    bar->addWidget(makeExportButton(this, {[this] { return table_; }, [this] { return service_->dataset(); },
                                           [this] { return gallery_->selectedRows(); },
                                           [this] { return gallery_->rows(); }, tr("Suspicious labels (CSV)…"),
                                           [this] { return csvText(); }}));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(gallery_, 1);
    gallery_->setPlaceholderText(tr("Rank the images by how many of their neighbours carry another class."));
    connect(rankButton_, &QPushButton::clicked, this, &LabelsView::rank);
    connect(service_, &InferenceService::labelsRanked, this, &LabelsView::onRanked);
    connect(service_, &InferenceService::failed, this, [this](RequestKind kind, quint64 id, const QString& message) {
        if (kind == RequestKind::Labels && ticket_.take(id)) summary_->setText(message);
    });
}

void LabelsView::setTable(const ScoreTable* table) {
    table_ = table;
    gallery_->setTable(table);
    result_ = LabelsResult();
    gallery_->setRows({}, {});
    const bool labelled = table && std::any_of(table->result().label.begin(), table->result().label.end(),
                                               [](int l) { return l >= 0; });
    rankButton_->setEnabled(labelled);
    summary_->setText(table && !table->isEmpty() && !labelled ? tr("The data set has no classes to check.") : QString());
}

void LabelsView::rank() {
    if (!table_ || table_->isEmpty()) return;
    LabelsRequest request;
    request.pinned = table_->result().from.snapshot;
    request.client = reinterpret_cast<quintptr>(this);
    request.codes = table_->result().means;
    request.latent = table_->result().latent;
    request.labels = table_->result().label;
    request.k = k_->value();
    summary_->setText(tr("Searching every image's neighbours…"));
    ticket_.sent(service_->labels(request));
}

void LabelsView::onRanked(const LabelsResult& result) {
    if (!ticket_.take(result.id) || !table_) return;
    result_ = result;
    QVector<int> rows;
    QStringList captions;
    const QStringList& names = table_->result().classNames;
    int disagreeing = 0;
    for (int i = 0; i < result.rows.size(); ++i) {
        if (result.disagreement[i] > 0.5) ++disagreeing;
        rows.append(static_cast<int>(result.rows[i]));
        captions.append(tr("%1 → %2 (%3% disagree)\n%4")
                            .arg(names.value(result.label[i]), names.value(result.vote[i]))
                            .arg(qRound(100 * result.disagreement[i]))
                            .arg(table_->label(rows.last())));
    }
    summary_->setText(tr("%1 images have most of their %2 neighbours in another class.").arg(disagreeing).arg(k_->value()));
    gallery_->setRows(rows, captions);
    Q_EMIT ranked();
}

QString LabelsView::csvText() const {
    CsvWriter csv({"rank", "split", "index", "file", "class", "neighbours_vote", "disagreement"});
    if (!table_) return QString::fromStdString(csv.text());
    const QStringList& names = table_->result().classNames;
    for (int i = 0; i < result_.rows.size(); ++i) {
        const int row = static_cast<int>(result_.rows[i]);
        csv << i + 1 << std::string(table_->result().test[row] ? "test" : "train")
            << static_cast<int64_t>(table_->result().index[row]) << table_->result().files[row].toStdString()
            << names.value(result_.label[i]).toStdString() << names.value(result_.vote[i]).toStdString()
            << result_.disagreement[i];
        csv.end_row();
    }
    return QString::fromStdString(csv.text());
}

}  // namespace latentlab
