#include "ui/compare/comparison_gallery.h"

#include "ui/widgets/pixel_image.h"

#include <QGridLayout>
#include <QLabel>

namespace latentlab {

ComparisonGallery::ComparisonGallery(QWidget* parent) : QTabWidget(parent) {
    // Short enough to stand whole beside the plots at 1024 px ("Pr…" was all of the third).
    const QString titles[PageCount] = {tr("Reconstructions"), tr("Samples of p(x|z)"), tr("Prior samples")};
    setElideMode(Qt::ElideNone);
    const QString tips[PageCount] = {
        tr("E[x|z] at z = E[z|x] for the same 8 test images: how sharp each decoder's reconstructions are"),
        tr("One draw of p(x|z) at the same z: a fixed-σ Gaussian's noise and the continuous Bernoulli's "
           "mean-versus-λ difference show here"),
        tr("The mean images of the same 8 draws of z ~ N(0, I) for every decoder")};
    for (int p = 0; p < PageCount; ++p) {
        auto* page = new QWidget(this);
        grids_[p] = new QGridLayout(page);
        grids_[p]->setColumnStretch(1, 1);
        addTab(page, titles[p]);
        setTabToolTip(p, tips[p]);
    }
    reset({});
}

void ComparisonGallery::clearPage(Page page) {
    for (const Slot& slot : rows_[page]) {
        delete slot.label;
        delete slot.image;
    }
    rows_[page].clear();
}

ComparisonGallery::Slot ComparisonGallery::addRow(Page page, const QString& caption) {
    QWidget* owner = widget(page);
    Slot slot;
    slot.label = new QLabel(caption, owner);
    slot.label->setWordWrap(true);
    slot.label->setMaximumWidth(170);
    QFont font = slot.label->font();
    font.setBold(true);
    slot.label->setFont(font);
    slot.image = new PixelImage(owner);
    slot.image->setPlaceholderText(tr("after its run"));
    const int row = static_cast<int>(rows_[page].size());
    grids_[page]->addWidget(slot.label, row, 0, Qt::AlignRight | Qt::AlignVCenter);
    grids_[page]->addWidget(slot.image, row, 1);
    grids_[page]->setRowStretch(row, 1);
    rows_[page].append(slot);
    return slot;
}

void ComparisonGallery::reset(const QStringList& decoders) {
    for (int p = 0; p < PageCount; ++p) {
        const Page page = static_cast<Page>(p);
        clearPage(page);
        if (page != Prior) addRow(page, tr("Test images"));
        for (const QString& decoder : decoders) addRow(page, decoder);
    }
}

void ComparisonGallery::setOriginals(const QImage& strip) {
    rows_[Reconstructions][0].image->setImage(strip);
    rows_[Samples][0].image->setImage(strip);
}

void ComparisonGallery::setRun(int index, const QImage& reconstructions, const QImage& samples, const QImage& prior) {
    if (index < 0 || index + 1 >= rows_[Reconstructions].size()) return;
    rows_[Reconstructions][index + 1].image->setImage(reconstructions);
    rows_[Samples][index + 1].image->setImage(samples);
    rows_[Prior][index].image->setImage(prior);
}

QImage ComparisonGallery::image(Page page, int row) const {
    return row >= 0 && row < rows_[page].size() ? rows_[page][row].image->image() : QImage();
}

int ComparisonGallery::rowCount(Page page) const { return static_cast<int>(rows_[page].size()); }

}  // namespace latentlab
