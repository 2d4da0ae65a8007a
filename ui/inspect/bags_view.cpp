#include "ui/inspect/bags_view.h"

#include "app/inference/inference_service.h"
#include "model/store/csv_writer.h"
#include "ui/inspect/image_gallery.h"
#include "ui/inspect/inspect_export.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace latentlab {

BagsView::BagsView(InferenceService* service, QWidget* parent)
    : QWidget(parent),
      grouping_(new QComboBox(this)),
      aggregate_(new QComboBox(this)),
      k_(new QSpinBox(this)),
      score_(new QComboBox(this)),
      leaveOut_(new QPushButton(tr("Leave selected out"), this)),
      includeAll_(new QPushButton(tr("Include all"), this)),
      summary_(new QLabel(this)),
      list_(new QTableWidget(this)),
      gallery_(new ImageGallery(service, this)) {
    grouping_->addItems({tr("Bag = subfolder"), tr("Bag = class")});
    aggregate_->addItems({tr("Mean"), tr("Max"), tr("Top-k mean")});
    k_->setRange(1, 1000);
    k_->setValue(5);
    k_->setPrefix(tr("k = "));
    for (ScoreKind kind : {ScoreKind::NegElbo, ScoreKind::NegRecon, ScoreKind::Mse, ScoreKind::Kl})
        score_->addItem(ScoreTable::name(kind), static_cast<int>(kind));
    leaveOut_->setToolTip(tr("Ctrl+click images of the open bag, then leave them out of every bag's score"));
    // Two rows, so the view fits beside the lesson pane on a small screen:
    // what makes the bags and their score, then what is left out and the summary.
    auto* scoring = new QHBoxLayout;
    scoring->addWidget(grouping_);
    scoring->addWidget(new QLabel(tr("Score"), this));
    scoring->addWidget(score_);
    scoring->addWidget(aggregate_);
    scoring->addWidget(k_);
    scoring->addStretch(1);
    auto* bar = new QHBoxLayout;
    bar->addWidget(leaveOut_);
    bar->addWidget(includeAll_);
    bar->addWidget(summary_, 1);
    bar->addWidget(makeExportButton(this, {[this] { return table_; }, [service] { return service->dataset(); },
                                           [this] { return gallery_->selectedRows(); },
                                           [this] { return gallery_->rows(); }, tr("Bags (CSV)…"),
                                           [this] { return csvText(); }}));
    list_->setColumnCount(3);
    list_->setHorizontalHeaderLabels({tr("Bag"), tr("Images used"), tr("Score")});
    list_->horizontalHeader()->setStretchLastSection(true);
    list_->setWordWrap(false);
    list_->setSelectionBehavior(QAbstractItemView::SelectRows);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list_->verticalHeader()->hide();
    auto* splitter = new QSplitter(this);
    splitter->addWidget(list_);
    splitter->addWidget(gallery_);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(scoring);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    gallery_->setPlaceholderText(tr("Pick a bag to see its images."));
    connect(grouping_, &QComboBox::activated, this, &BagsView::rebuildBags);
    for (QComboBox* box : {aggregate_, score_}) connect(box, &QComboBox::activated, this, &BagsView::rank);
    connect(k_, &QSpinBox::valueChanged, this, &BagsView::rank);
    connect(list_, &QTableWidget::currentCellChanged, this, [this](int row) { openBag(row); });
    connect(leaveOut_, &QPushButton::clicked, this, &BagsView::leaveSelectedOut);
    connect(includeAll_, &QPushButton::clicked, this, &BagsView::includeAll);
}

void BagsView::setTable(const ScoreTable* table) {
    table_ = table;
    gallery_->setTable(table);
    mask_.assign(table ? static_cast<size_t>(table->size()) : 0, true);
    const bool files = table && std::any_of(table->result().files.begin(), table->result().files.end(),
                                            [](const QString& f) { return !f.isEmpty(); });
    // IDX data has no folders: bags are classes.
    if (!files) grouping_->setCurrentIndex(1);
    grouping_->setEnabled(files);
    rebuildBags();
}

void BagsView::setGrouping(bool byFolder) {
    grouping_->setCurrentIndex(byFolder ? 0 : 1);
    rebuildBags();
}

void BagsView::setAggregate(BagAggregate how, int k) {
    aggregate_->setCurrentIndex(static_cast<int>(how));
    k_->setValue(k);
    rank();
}

void BagsView::setScore(ScoreKind kind) {
    score_->setCurrentIndex(std::max(0, score_->findData(static_cast<int>(kind))));
    rank();
}

void BagsView::rebuildBags() {
    bags_.clear();
    if (table_) {
        const ScoreResult& s = table_->result();
        if (grouping_->currentIndex() == 0) {
            std::vector<std::string> files;
            for (const QString& f : s.files) files.push_back(f.toStdString());
            bags_ = bags_by_folder(files);
        } else {
            std::vector<int64_t> labels(s.label.begin(), s.label.end());
            std::vector<std::string> names;
            for (const QString& n : s.classNames) names.push_back(n.toStdString());
            bags_ = bags_by_class(labels, names);
        }
    }
    open_ = -1;
    rank();
}

void BagsView::rank() {
    k_->setEnabled(aggregate_->currentIndex() == 2);
    ranking_.clear();
    if (table_) {
        const auto kind = static_cast<ScoreKind>(score_->currentData().toInt());
        const QVector<double> values = table_->values(kind);
        ranking_ = rank_bags(std::vector<double>(values.begin(), values.end()), bags_, mask_,
                             static_cast<BagAggregate>(aggregate_->currentIndex()), k_->value());
    }
    const int keepOpen = open_;
    list_->blockSignals(true);
    list_->setRowCount(static_cast<int>(ranking_.size()));
    int openRank = -1;
    for (size_t r = 0; r < ranking_.size(); ++r) {
        const Bag& bag = bags_[static_cast<size_t>(ranking_[r].bag)];
        const int row = static_cast<int>(r);
        list_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(bag.name)));
        list_->setItem(row, 1, new QTableWidgetItem(QStringLiteral("%1 of %2").arg(ranking_[r].used).arg(bag.members.size())));
        list_->setItem(row, 2, new QTableWidgetItem(std::isnan(ranking_[r].score) ? tr("none") : QString::number(ranking_[r].score, 'f', 2)));
        if (ranking_[r].bag == keepOpen) openRank = row;
    }
    list_->blockSignals(false);
    // Wide enough for the names ("Pullover", "Ankle boot" were cut), up to
    // half the view; the gallery keeps the rest.
    list_->resizeColumnsToContents();
    const int wanted = list_->horizontalHeader()->length() + list_->verticalScrollBar()->sizeHint().width() +
                       2 * list_->frameWidth();
    list_->setMinimumWidth(std::min(wanted, width() / 2));
    const size_t left = static_cast<size_t>(std::count(mask_.begin(), mask_.end(), false));
    summary_->setText(tr("%1 bags, %2 images left out").arg(bags_.size()).arg(left));
    if (openRank >= 0) {
        list_->setCurrentCell(openRank, 0);
        openBag(openRank);
    }
}

void BagsView::openBag(int rank) {
    if (!table_ || rank < 0 || rank >= static_cast<int>(ranking_.size())) return;
    open_ = static_cast<int>(ranking_[static_cast<size_t>(rank)].bag);
    const auto kind = static_cast<ScoreKind>(score_->currentData().toInt());
    QVector<int> rows;
    for (int64_t row : bags_[static_cast<size_t>(open_)].members) rows.append(static_cast<int>(row));
    std::stable_sort(rows.begin(), rows.end(), [&](int a, int b) { return table_->value(kind, a) > table_->value(kind, b); });
    QStringList captions;
    for (int row : rows)
        captions.append(QStringLiteral("%1%2 %3\n%4")
                            .arg(mask_[static_cast<size_t>(row)] ? QString() : tr("[left out] "), ScoreTable::name(kind))
                            .arg(table_->value(kind, row), 0, 'f', 2)
                            .arg(table_->label(row)));
    gallery_->setRows(rows, captions);
}

void BagsView::leaveSelectedOut() {
    for (int row : gallery_->selectedRows())
        if (row >= 0 && row < static_cast<int>(mask_.size())) mask_[static_cast<size_t>(row)] = false;
    rank();
}

void BagsView::includeAll() {
    std::fill(mask_.begin(), mask_.end(), true);
    rank();
}

QString BagsView::csvText() const {
    CsvWriter csv({"rank", "bag", "images", "used", "score"});
    for (size_t r = 0; r < ranking_.size(); ++r) {
        const Bag& bag = bags_[static_cast<size_t>(ranking_[r].bag)];
        csv << static_cast<int64_t>(r) + 1 << bag.name << static_cast<int64_t>(bag.members.size()) << ranking_[r].used
            << ranking_[r].score;
        csv.end_row();
    }
    return QString::fromStdString(csv.text());
}

}  // namespace latentlab
