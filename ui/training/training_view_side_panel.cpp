// The Training tab's left side: the data set line, the settings form (which
// scrolls on a short screen), the run folder, and Train, Pause and Stop
// below, always in view.

#include "ui/training/training_view.h"

#include "ui/training/run_buttons.h"
#include "ui/training/training_settings_panel.h"
#include "ui/widgets/wheel_guard.h"

#include <QEvent>
#include <QFrame>
#include <QGroupBox>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace latentlab {

namespace {

// Keeps a scroll area as wide as its contents want, plus its vertical scroll
// bar, whenever they are laid out again: after View → Larger Text the form
// grew and was cut, with a horizontal scroll bar.
class WidthFollower : public QObject {
public:
    WidthFollower(QScrollArea* scroll, QWidget* contents) : QObject(contents), scroll_(scroll), contents_(contents) {
        contents->installEventFilter(this);
        follow();
    }

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == contents_ && (event->type() == QEvent::LayoutRequest || event->type() == QEvent::FontChange))
            follow();
        return false;
    }

private:
    void follow() {
        const int scrollBar = scroll_->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
        scroll_->setMinimumWidth(contents_->sizeHint().width() + scrollBar + 12);
    }

    QScrollArea* scroll_;
    QWidget* contents_;
};

}  // namespace

QWidget* TrainingView::createSidePanel() {
    // Scrolls rather than squeezing the form on a short screen.
    auto* scroll = new QScrollArea(splitter_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* side = new QWidget(scroll);
    auto* layout = new QVBoxLayout(side);
    layout->setContentsMargins(0, 0, 6, 0);

    datasetLabel_ = new QLabel(side);
    datasetLabel_->setObjectName(QStringLiteral("trainingDataset"));
    datasetLabel_->setWordWrap(true);
    layout->addWidget(datasetLabel_);

    settings_ = new TrainingSettingsPanel(side);
    settings_->setObjectName(QStringLiteral("trainingSettings"));
    auto* box = new QGroupBox(tr("Settings"), side);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->setContentsMargins(6, 6, 6, 6);
    settings_->setParent(box);
    boxLayout->addWidget(settings_);
    layout->addWidget(box);

    layout->addWidget(new QLabel(tr("Run folder:"), side));
    runFolderLabel_ = new QLabel(side);
    runFolderLabel_->setObjectName(QStringLiteral("runFolder"));
    runFolderLabel_->setWordWrap(true);
    runFolderLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(runFolderLabel_);
    newRunButton_ = new QToolButton(side);
    newRunButton_->setObjectName(QStringLiteral("newRunButton"));
    newRunButton_->setText(tr("Start a new run instead"));
    newRunButton_->setToolTip(tr("Leave the shown run as it is saved; Train then starts a new run with "
                                 "these settings in a new folder."));
    newRunButton_->setAutoRaise(false);
    newRunButton_->hide();
    connect(newRunButton_, &QToolButton::clicked, this, &TrainingView::startNewRun);
    layout->addWidget(newRunButton_);
    layout->addStretch(1);

    scroll->setWidget(side);
    // Room for the vertical scroll bar too, so a short window never needs a
    // horizontal one, at every text size.
    new WidthFollower(scroll, side);
    new WheelGuard(settings_);

    // Train, Pause and Stop below the scrolling form: always in view.
    auto* panel = new QWidget(splitter_);
    auto* panelLayout = new QVBoxLayout(panel);
    panelLayout->setContentsMargins(0, 0, 0, 0);
    scroll->setParent(panel);
    panelLayout->addWidget(scroll, 1);
    buttons_ = new RunButtons(panel);
    connect(buttons_, &RunButtons::trainClicked, this, &TrainingView::startTraining);
    connect(buttons_, &RunButtons::pauseClicked, this, &TrainingView::togglePause);
    connect(buttons_, &RunButtons::stopClicked, this, &TrainingView::stopTraining);
    panelLayout->addWidget(buttons_);
    return panel;
}

}  // namespace latentlab
