#include "ui/explore/traversal_view.h"

#include "app/inference/inference_service.h"
#include "ui/explore/traversal_grid.h"
#include "ui/widgets/frame_export.h"
#include "ui/widgets/image_slot.h"

#include <QButtonGroup>
#include <QDir>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace latentlab {

TraversalView::TraversalView(InferenceService* service, QWidget* parent) : ExplorerPane(service, parent) {
    auto* layout = new QVBoxLayout(this);
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Around:"), this));
    origin_ = new QRadioButton(tr("origin (&z = 0)"), this);
    origin_->setToolTip(tr("Vary each dimension of z = 0, the prior's mean"));
    image_ = new QRadioButton(tr("an image's code"), this);
    image_->setToolTip(tr("Vary each dimension of the chosen image's posterior mean"));
    origin_->setChecked(true);
    auto* around = new QButtonGroup(this);
    around->addButton(origin_);
    around->addButton(image_);
    controls->addWidget(origin_);
    controls->addWidget(image_);
    controls->addSpacing(16);
    auto* rangeLabel = new QLabel(tr("Ran&ge ±"), this);
    range_ = new QDoubleSpinBox(this);
    range_->setRange(0.25, 10.0);
    range_->setSingleStep(0.5);
    range_->setDecimals(2);
    range_->setValue(3.0);
    range_->setSuffix(QStringLiteral(" σ"));
    range_->setToolTip(tr("The columns go from -range to +range prior standard deviations"));
    rangeLabel->setBuddy(range_);
    auto* columnsLabel = new QLabel(tr("Col&umns"), this);
    columns_ = new QSpinBox(this);
    columns_->setRange(2, 25);
    columns_->setValue(9);
    columns_->setToolTip(tr("Images per row; an odd count has a column at the centre itself"));
    columnsLabel->setBuddy(columns_);
    export_ = new QPushButton(tr("E&xport PNG…"), this);
    export_->setToolTip(tr("Save the grid of images as a PNG"));
    export_->setEnabled(false);
    controls->addWidget(rangeLabel);
    controls->addWidget(range_);
    controls->addSpacing(16);
    controls->addWidget(columnsLabel);
    controls->addWidget(columns_);
    controls->addSpacing(16);
    controls->addWidget(export_);
    controls->addStretch(1);
    layout->addLayout(controls);

    auto* body = new QHBoxLayout;
    around_ = new ImageSlot(tr("Image"), this);
    around_->setToolTip(tr("Choose or drop an image to vary its code instead of the origin"));
    around_->setMaximumWidth(180);
    body->addWidget(around_);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    grid_ = new TraversalGrid(scroll);
    grid_->setPlaceholderText(noModelText());
    scroll->setWidget(grid_);
    body->addWidget(scroll, 1);
    layout->addLayout(body, 1);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(status_);

    connect(origin_, &QRadioButton::toggled, this, &TraversalView::refresh);
    // Choosing an image means traversing around it.
    connect(around_, &ImageSlot::changed, this, [this] {
        if (image_->isChecked())
            refresh();
        else
            image_->setChecked(true);  // refreshes through origin_'s toggled
    });
    connect(range_, &QDoubleSpinBox::valueChanged, this, &TraversalView::refresh);
    connect(columns_, &QSpinBox::valueChanged, this, &TraversalView::refresh);
    connect(export_, &QPushButton::clicked, this, &TraversalView::chooseExport);
    connect(service, &InferenceService::traversed, this, &TraversalView::onTraversed);
    connect(service, &InferenceService::failed, this, &TraversalView::onFailed);
}

void TraversalView::setRange(double range) { range_->setValue(range); }
void TraversalView::setColumns(int columns) { columns_->setValue(columns); }
void TraversalView::setAroundImage(bool aroundImage) { (aroundImage ? image_ : origin_)->setChecked(true); }

void TraversalView::request() {
    if (!hasModel()) {
        grid_->clear();
        grid_->setPlaceholderText(noModelText());
        status_->clear();
        export_->setEnabled(false);
        return;
    }
    TraverseRequest request;
    options().applyTo(request, this);
    if (image_->isChecked()) request.around = around_->image();
    request.range = range_->value();
    request.columns = columns_->value();
    lastId_ = service()->traverse(request);
    status_->setText(tr("Decoding…"));
}

void TraversalView::datasetChanged(const LoadedDataset& dataset) {
    const QSignalBlocker blocker(around_);
    around_->setDataset(dataset);
}

void TraversalView::onTraversed(const TraverseResult& result) {
    if (result.id != lastId_) return;  // an older request's answer
    result_ = result;
    grid_->setTraversal(result);
    int collapsed = 0;
    for (int r = 0; r < grid_->rowCount(); ++r) collapsed += grid_->isCollapsed(r) ? 1 : 0;
    const QString around = image_->isChecked() ? tr("around the image's code") : tr("around the origin");
    status_->setText(tr("%1 dimensions %2, %3 collapsed (test KL under %4 nats) · from %5")
                         .arg(grid_->rowCount())
                         .arg(around)
                         .arg(collapsed)
                         .arg(TraversalGrid::kCollapsedKl)
                         .arg(result.from.describe()));
    if (!result.rowFactors.isEmpty())
        status_->setText(status_->text() + tr(" · each row names the factor its dimension follows best, with their "
                                              "mutual information over the factor's entropy (0 none, 1 all)"));
    export_->setEnabled(!result.images.isEmpty());
}

void TraversalView::onFailed(RequestKind kind, quint64 id, const QString& message) {
    if (kind != RequestKind::Traverse || id != lastId_) return;
    status_->setText(tr("Cannot traverse: %1").arg(message));
}

// The grid as the window labels it: each row's dimension and KL (and the
// factor it follows) on the left, the offsets along the top; the images
// enlarged nearest-neighbour, so they stay crisp.
QString TraversalView::exportTo(const QString& path) const {
    if (result_.images.isEmpty() || result_.offsets.isEmpty()) return tr("There is no traversal to export yet.");
    const int columns = static_cast<int>(result_.offsets.size());
    const int rows = static_cast<int>(result_.images.size()) / columns;
    const QSize image = result_.images.first().size();
    const int scale = exportScale(image, 96);
    const int gap = 2 * kExportResolution;
    const QSize tile = image * scale;
    QFont font = this->font();
    font.setPixelSize(std::max(14, tile.height() / 6));
    const QFontMetrics metrics(font);
    int labelWidth = 0;
    for (int r = 0; r < rows; ++r) labelWidth = std::max(labelWidth, metrics.horizontalAdvance(grid_->rowLabel(r)));
    labelWidth += metrics.height();
    const int header = 2 * metrics.height();
    QImage picture(labelWidth + columns * tile.width() + (columns - 1) * gap,
                   header + rows * tile.height() + (rows - 1) * gap, QImage::Format_RGB32);
    picture.fill(Qt::white);
    QPainter painter(&picture);
    painter.setFont(font);
    painter.setPen(Qt::black);
    for (int c = 0; c < columns; ++c)
        painter.drawText(QRect(labelWidth + c * (tile.width() + gap), 0, tile.width(), header), Qt::AlignCenter,
                         grid_->columnLabel(c));
    for (int r = 0; r < rows; ++r) {
        const int top = header + r * (tile.height() + gap);
        painter.drawText(QRect(0, top, labelWidth - metrics.height() / 2, tile.height()),
                         Qt::AlignRight | Qt::AlignVCenter, grid_->rowLabel(r));
        for (int c = 0; c < columns; ++c)
            painter.drawImage(QRect(QPoint(labelWidth + c * (tile.width() + gap), top), tile),
                              result_.images.at(r * columns + c));
    }
    painter.end();
    if (!picture.save(path, "PNG")) return tr("Could not write %1.").arg(QDir::toNativeSeparators(path));
    return {};
}

void TraversalView::chooseExport() {
    const QString path =
        chooseExportFile(this, tr("Export Traversal"), QStringLiteral("traversal.png"), {tr("PNG image (*.png)")});
    if (path.isEmpty()) return;
    const QString failure = exportTo(path);
    if (!failure.isEmpty())
        QMessageBox::warning(this, tr("Export Traversal"), failure);
    else
        reportExported(this, path);
}

}  // namespace latentlab
