#include "ui/window/lesson_panel.h"

#include "app/lessons/lesson.h"

#include <QApplication>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace latentlab {

namespace {

// Lesson text is read from across a room: larger than the window's own.
constexpr double kTextScale = 1.3;
constexpr double kTitleScale = 1.8;

QFont scaled(const QFont& base, double factor, bool bold = false) {
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

QLabel* wrappedLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

LessonPanel::LessonPanel(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll_ = scroll;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // The text wraps to the pane's width: never a horizontal scroll bar.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* inner = new QWidget(scroll);
    auto* layout = new QVBoxLayout(inner);
    layout->setContentsMargins(10, 8, 10, 8);

    title_ = wrappedLabel(inner, "lessonTitle");
    text_ = wrappedLabel(inner, "lessonText");
    steps_ = wrappedLabel(inner, "lessonSteps");
    steps_->setTextFormat(Qt::RichText);
    what_ = new QLabel(tr("What to look at"), inner);
    layout->addWidget(title_);
    layout->addWidget(text_);
    layout->addSpacing(6);
    layout->addWidget(what_);
    layout->addWidget(steps_);
    measuredTitle_ = new QLabel(tr("What this run measured"), inner);
    measured_ = wrappedLabel(inner, "lessonMeasured");
    measuredTitle_->hide();
    measured_->hide();
    layout->addSpacing(6);
    layout->addWidget(measuredTitle_);
    layout->addWidget(measured_);
    layout->addStretch(1);
    scroll->setWidget(inner);
    outer->addWidget(scroll, 1);

    // What the run does and the buttons stay in view below the text, which
    // scrolls: on a short screen or in presentation mode the next part's
    // button and the status were below the fold.
    auto* footer = new QWidget(this);
    footer->setObjectName(QStringLiteral("lessonFooter"));
    auto* bottom = new QVBoxLayout(footer);
    bottom->setContentsMargins(10, 4, 10, 8);
    status_ = wrappedLabel(footer, "lessonStatus");
    status_->setFrameShape(QFrame::StyledPanel);
    status_->setMargin(6);
    progress_ = new QProgressBar(footer);
    progress_->setObjectName(QStringLiteral("lessonProgress"));
    progress_->hide();
    bottom->addWidget(status_);
    bottom->addWidget(progress_);
    buttons_ = new QVBoxLayout();
    bottom->addLayout(buttons_);
    auto* close = new QPushButton(tr("Close the Lesson"), footer);
    close->setObjectName(QStringLiteral("closeLesson"));
    close->setToolTip(tr("Hide this pane; a run that trains goes on"));
    bottom->addWidget(close);
    connect(close, &QPushButton::clicked, this, &LessonPanel::closeRequested);
    outer->addWidget(footer);

    applyFonts();
}

void LessonPanel::applyFonts() {
    const QFont base = QApplication::font();
    title_->setFont(scaled(base, kTitleScale, true));
    what_->setFont(scaled(base, kTextScale, true));
    measuredTitle_->setFont(scaled(base, kTextScale, true));
    for (QWidget* widget : {static_cast<QWidget*>(text_), static_cast<QWidget*>(steps_),
                            static_cast<QWidget*>(measured_), static_cast<QWidget*>(status_)})
        widget->setFont(scaled(base, kTextScale));
    for (QPushButton* button : partButtons_)
        if (button) button->setFont(scaled(base, kTextScale));
}


void LessonPanel::showLesson(const Lesson& lesson) {
    title_->setText(lesson.title);
    text_->setText(lesson.text);
    QString steps = QStringLiteral("<ol style=\"margin-left: 0px; -qt-list-indent: 1;\">");
    for (const QString& step : lesson.steps) steps += QStringLiteral("<li>%1</li>").arg(step.toHtmlEscaped());
    steps_->setText(steps + QStringLiteral("</ol>"));
    status_->clear();
    setMeasured({});
    setProgress(0, 0);

    for (QPushButton* button : partButtons_) delete button;
    partButtons_.clear();
    for (int i = 0; i < lesson.parts.size(); ++i) {
        if (i == 0) {
            partButtons_.append(nullptr);
            continue;
        }
        auto* button = new QPushButton(lesson.parts.at(i).button, this);
        button->setObjectName(QStringLiteral("lessonPart%1").arg(i));
        button->setProperty("explanation", lesson.parts.at(i).explanation);
        button->setFont(scaled(QApplication::font(), kTextScale));
        connect(button, &QPushButton::clicked, this, [this, i] { Q_EMIT partRequested(i); });
        buttons_->addWidget(button);
        partButtons_.append(button);
    }
    current_ = 0;
    reachable_ = 1;
    updateButtons();
}

QString LessonPanel::title() const { return title_->text(); }

QString LessonPanel::text() const { return text_->text(); }

void LessonPanel::setStatus(const QString& status) { status_->setText(status); }

QString LessonPanel::status() const { return status_->text(); }

void LessonPanel::setMeasured(const QString& measured) {
    measured_->setText(measured);
    measured_->setVisible(!measured.isEmpty());
    measuredTitle_->setVisible(!measured.isEmpty());
    // Scrolled into view once laid out: it is what the class looks at next.
    if (!measured.isEmpty())
        QTimer::singleShot(0, this, [this] { scroll_->ensureWidgetVisible(measured_, 0, 0); });
}

QString LessonPanel::measured() const { return measured_->text(); }

void LessonPanel::setProgress(qint64 done, qint64 total) {
    progress_->setVisible(total > 0);
    if (total <= 0) return;
    // QProgressBar counts in int: show per mille.
    progress_->setRange(0, 1000);
    progress_->setValue(static_cast<int>(1000 * done / total));
}

void LessonPanel::setCurrentPart(int index) {
    current_ = index;
    updateButtons();
}

void LessonPanel::setReachableParts(int count) {
    reachable_ = count;
    updateButtons();
}

void LessonPanel::updateButtons() {
    for (int i = 0; i < partButtons_.size(); ++i) {
        QPushButton* button = partButtons_.at(i);
        if (!button) continue;
        button->setEnabled(i != current_ && i < reachable_);
        const QString waits = tr("Available once the run before it has finished.");
        const QString tip = button->property("explanation").toString();
        button->setToolTip(i < reachable_ ? tip : tip + QStringLiteral("\n") + waits);
    }
}

QPushButton* LessonPanel::partButton(int index) const {
    return index >= 0 && index < partButtons_.size() ? partButtons_.at(index) : nullptr;
}

}  // namespace latentlab
