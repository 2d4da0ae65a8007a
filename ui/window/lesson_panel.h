#pragma once

#include <QString>
#include <QVector>
#include <QWidget>

class QLabel;
class QProgressBar;
class QScrollArea;
class QPushButton;
class QVBoxLayout;

namespace latentlab {

struct Lesson;

// The side pane of a lesson: its title, a few sentences of what it shows,
// the steps of what to look at, what the run now training is, and a button
// for each further run of the lesson. Large text, for the back of a room.
class LessonPanel : public QWidget {
    Q_OBJECT

public:
    explicit LessonPanel(QWidget* parent = nullptr);

    void showLesson(const Lesson& lesson);
    QString title() const;
    QString text() const;
    // What happens now ("Generating the shapes…", a part's explanation).
    void setStatus(const QString& status);
    QString status() const;
    // What the lesson's finished runs measured, under its steps in the text
    // that scrolls (the footer stays short enough for the buttons); empty hides it.
    void setMeasured(const QString& measured);
    QString measured() const;
    // Generation or loading progress; total <= 0 hides the bar.
    void setProgress(qint64 done, qint64 total);
    // Marks the part that trains or trained last; its button is disabled.
    void setCurrentPart(int index);
    // Parts from `count` on wait for the one before them to finish: their
    // buttons are disabled, with a tooltip that says so.
    void setReachableParts(int count);
    QPushButton* partButton(int index) const;  // nullptr for part 0 or out of range
    // The pane's larger fonts, from the application's: called again when
    // presentation mode changes that.
    void applyFonts();

Q_SIGNALS:
    void partRequested(int index);
    void closeRequested();

private:

    QLabel* title_;
    QLabel* text_;
    QLabel* steps_;
    QLabel* what_;
    QLabel* measuredTitle_;
    QLabel* measured_;
    QScrollArea* scroll_;
    QLabel* status_;
    QProgressBar* progress_;
    QVBoxLayout* buttons_;
    QVector<QPushButton*> partButtons_;  // index 0 is null: the first part starts with the lesson
    int current_ = 0;
    int reachable_ = 1;
    void updateButtons();
};

}  // namespace latentlab
