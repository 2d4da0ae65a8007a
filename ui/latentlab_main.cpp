// latentlab: the window.

#include "model/threads.h"
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QStringList>

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
    parser.process(app);

    latentlab::MainWindow window;
    window.show();
    const QStringList arguments = parser.positionalArguments();
    if (!arguments.isEmpty())
        window.openDataset(arguments.first());
    else if (!parser.isSet(runOption))  // a run loads its own data set
        window.openLastDataset();
    if (parser.isSet(runOption)) window.openRun(parser.value(runOption));
    return app.exec();
}
