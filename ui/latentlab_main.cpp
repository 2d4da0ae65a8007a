// latentlab: the window.

#include "app/lesson.h"
#include "model/threads.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QStringList>

#include <cstdio>

int main(int argc, char* argv[]) {
    latentlab::configure_process_threads();
    QApplication app(argc, argv);
    // QSettings takes its file name from these two.
    QApplication::setOrganizationName(QStringLiteral("LatentLab"));
    QApplication::setApplicationName(QStringLiteral("LatentLab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/latentlab-256.png")));
    // Ties the window to the installed .desktop file (its icon and name in the dock).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.latentlab.LatentLab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Train variational autoencoders on your own images."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("dataset"),
        QStringLiteral(
            "An image folder, or \"fashion-mnist\". Without it, the data set of the last session."),
        QStringLiteral("[dataset]"));
    const QCommandLineOption runOption(
        QStringLiteral("run"),
        QStringLiteral("Open a saved run folder (with its data set) to look at it or continue it."),
        QStringLiteral("folder"));
    parser.addOption(runOption);
    const QCommandLineOption lessonOption(
        QStringLiteral("lesson"),
        QStringLiteral("Start a lesson: its data set, its seed-locked run and its panel (see --list-lessons)."),
        QStringLiteral("name"));
    parser.addOption(lessonOption);
    const QCommandLineOption listLessonsOption(QStringLiteral("list-lessons"),
                                               QStringLiteral("Print the lessons' names and titles, then exit."));
    parser.addOption(listLessonsOption);
    parser.process(app);

    if (parser.isSet(listLessonsOption)) {
        std::fputs(qPrintable(latentlab::lessonListText()), stdout);
        return 0;
    }
    const latentlab::Lesson* lesson = nullptr;
    if (parser.isSet(lessonOption)) {
        lesson = latentlab::findLesson(parser.value(lessonOption));
        if (!lesson) {
            std::fprintf(stderr, "latentlab: %s\n", qPrintable(latentlab::unknownLessonMessage(parser.value(lessonOption))));
            return 2;
        }
    }

    latentlab::MainWindow window;
    window.show();
    const QStringList arguments = parser.positionalArguments();
    if (!arguments.isEmpty())
        window.openDataset(arguments.first());
    else if (!parser.isSet(runOption) && !lesson)  // a run and a lesson load their own data set
        window.openLastDataset();
    if (parser.isSet(runOption)) window.openRun(parser.value(runOption));
    if (lesson) window.startLesson(*lesson);
    return app.exec();
}
