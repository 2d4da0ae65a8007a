// latentlab: the window.

#include "app/lessons/lesson.h"
#include "model/base/threads.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QByteArray>
#include <QCoreApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QStringList>

#include <cstdio>

namespace {

struct Options {
    QCommandLineOption run{QStringLiteral("run"),
                           QStringLiteral("Open a saved run folder (with its data set) to look at it or continue it."),
                           QStringLiteral("folder")};
    QCommandLineOption lesson{
        QStringLiteral("lesson"),
        QStringLiteral("Start a lesson: its data set, its seed-locked run and its panel (see --list-lessons)."),
        QStringLiteral("name")};
    QCommandLineOption listLessons{QStringLiteral("list-lessons"),
                                   QStringLiteral("Print the lessons' names and titles, then exit.")};
};

void describe(QCommandLineParser& parser, const Options& options) {
    parser.setApplicationDescription(QStringLiteral("Train variational autoencoders on your own images."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("dataset"),
        QStringLiteral("An image folder, or \"fashion-mnist\". Without it, the data set of the last session."),
        QStringLiteral("[dataset]"));
    parser.addOption(options.run);
    parser.addOption(options.lesson);
    parser.addOption(options.listLessons);
}

// --help and --list-lessons print and exit: they are answered before a
// QApplication needs a display, so they work over ssh and in scripts.
bool printsOnly(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "--list-lessons" || arg == "--help" || arg == "-h" || arg == "--help-all" || arg == "-?")
            return true;
    }
    return false;
}

int printOnly(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("latentlab"));
    const Options options;
    QCommandLineParser parser;
    describe(parser, options);
    parser.process(app);  // prints --help and exits
    std::fputs(qPrintable(latentlab::lessonListText()), stdout);
    return 0;
}

// Qt's X11 and Wayland platforms abort the process (SIGABRT, a core dump)
// when they find no display: say why instead, before a QApplication tries.
bool noDisplay() {
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland")) return false;
    return qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

}  // namespace

int main(int argc, char* argv[]) {
    if (printsOnly(argc, argv)) return printOnly(argc, argv);
    if (noDisplay()) {
        std::fputs("latentlab: there is no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set).\n"
                   "Start it in a desktop session or over ssh -X; latentlab-cli does the same work without one.\n",
                   stderr);
        return 1;
    }
    latentlab::configure_process_threads();
    QApplication app(argc, argv);
    // QSettings takes its file name from these two.
    QApplication::setOrganizationName(QStringLiteral("LatentLab"));
    QApplication::setApplicationName(QStringLiteral("LatentLab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/latentlab-256.png")));
    // Ties the window to the installed .desktop file (its icon and name in the dock).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.latentlab.LatentLab"));

    const Options options;
    QCommandLineParser parser;
    describe(parser, options);
    parser.process(app);

    const latentlab::Lesson* lesson = nullptr;
    if (parser.isSet(options.lesson)) {
        lesson = latentlab::findLesson(parser.value(options.lesson));
        if (!lesson) {
            std::fprintf(stderr, "latentlab: %s\n",
                         qPrintable(latentlab::unknownLessonMessage(parser.value(options.lesson))));
            return 2;
        }
    }

    latentlab::MainWindow window;
    window.show();
    const QStringList arguments = parser.positionalArguments();
    if (!arguments.isEmpty())
        window.openDataset(arguments.first());
    else if (!parser.isSet(options.run) && !lesson)  // a run and a lesson load their own data set
        window.openLastDataset();
    if (parser.isSet(options.run)) window.openRun(parser.value(options.run));
    if (lesson) window.startLesson(*lesson);
    return app.exec();
}
