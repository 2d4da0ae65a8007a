#include "ui/inspect/image_detail.h"

#include "app/inference/score_table.h"
#include "ui/widgets/pixel_image.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace latentlab {

ImageDetail::ImageDetail(QWidget* parent)
    : QWidget(parent),
      original_(new PixelImage(this)),
      reconstruction_(new PixelImage(this)),
      heatmap_(new PixelImage(this)),
      path_(new QLabel(this)),
      scores_(new QLabel(this)),
      openFolder_(new QPushButton(tr("Open containing folder"), this)),
      copyPath_(new QPushButton(tr("Copy path"), this)),
      neighbours_(new QPushButton(tr("Neighbours"), this)) {
    original_->setPlaceholderText(tr("Click an image"));
    auto* images = new QGridLayout;
    const QString titles[] = {tr("Image"), tr("Reconstruction"), tr("Error")};
    PixelImage* views[] = {original_, reconstruction_, heatmap_};
    for (int i = 0; i < 3; ++i) {
        images->addWidget(new QLabel(titles[i], this), 0, i, Qt::AlignHCenter);
        views[i]->setMinimumSize(96, 96);
        images->addWidget(views[i], 1, i);
    }
    images->setRowStretch(2, 1);  // below the images: the spare height
    path_->setWordWrap(true);
    path_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    scores_->setWordWrap(true);
    // Word-wrapped labels get too little height beside stretching images: room for their lines.
    path_->setMinimumHeight(2 * path_->fontMetrics().lineSpacing() + 4);
    scores_->setMinimumHeight(3 * scores_->fontMetrics().lineSpacing() + 4);
    scores_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    path_->setAlignment(Qt::AlignLeft | Qt::AlignBottom);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(openFolder_);
    buttons->addWidget(copyPath_);
    buttons->addWidget(neighbours_);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(images, 1);
    layout->addWidget(path_);
    layout->addWidget(scores_);
    layout->addLayout(buttons);
    connect(openFolder_, &QPushButton::clicked, this, [this] {
        QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(pathText()).absolutePath()));
    });
    connect(copyPath_, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(pathText()); });
    connect(neighbours_, &QPushButton::clicked, this, [this] {
        if (row_ >= 0) Q_EMIT neighboursWanted(row_);
    });
    show(nullptr, -1, {});
}

void ImageDetail::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    const int side = std::max(96, (width() - 4 * layout()->spacing()) / 3);
    for (PixelImage* view : {original_, reconstruction_, heatmap_}) view->setMaximumHeight(side);
}

QString ImageDetail::pathText() const {
    return table_ && row_ >= 0 ? table_->result().files.value(row_) : QString();
}

void ImageDetail::show(const ScoreTable* table, int row, const TileImages& images) {
    table_ = table;
    row_ = table && row >= 0 && row < table->size() ? row : -1;
    original_->setImage(images.original);
    reconstruction_->setImage(images.reconstruction);
    heatmap_->setImage(images.heatmap);
    const bool file = !pathText().isEmpty();
    openFolder_->setEnabled(file);
    copyPath_->setEnabled(file);
    neighbours_->setEnabled(row_ >= 0);
    if (row_ < 0) {
        path_->clear();
        scores_->clear();
        return;
    }
    const ScoreResult& s = table->result();
    path_->setText(QStringLiteral("<b>%1</b>").arg(table->where(row_).toHtmlEscaped()));
    QString text = tr("%1, %2 split.").arg(table->className(row_).isEmpty() ? tr("No class") : table->className(row_),
                                           s.test[row_] ? tr("test") : tr("training"));
    text += tr(" ELBO %1 nats (recon %2, KL %3)").arg(s.elbo[row_], 0, 'f', 2).arg(s.recon[row_], 0, 'f', 2).arg(s.kl[row_], 0, 'f', 2);
    if (!s.logPx.isEmpty()) text += tr(", log p(x) %1 (K = %2)").arg(s.logPx[row_], 0, 'f', 2).arg(s.iwSamples);
    text += tr(", MSE %1.").arg(s.mse[row_], 0, 'g', 3);
    scores_->setText(text);
}

}  // namespace latentlab
