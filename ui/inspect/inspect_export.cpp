#include "ui/inspect/inspect_export.h"

#include "app/inference/score_table.h"
#include "model/base/error.h"
#include "model/store/atomic_file.h"
#include "ui/widgets/frame_export.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QToolButton>

namespace latentlab {

QStringList copyRowsToFolder(const ScoreTable& table, const LoadedDataset& dataset, const QVector<int>& rows,
                             const QString& folder) {
    if (!QDir().mkpath(folder)) throw Error("cannot create the folder " + folder.toStdString());
    QStringList written;
    const int digits = QString::number(rows.size()).size();
    for (int i = 0; i < rows.size(); ++i) {
        const int row = rows[i];
        const QString prefix = QStringLiteral("%1_").arg(i + 1, digits, 10, QLatin1Char('0'));
        const QString source = table.result().files.value(row);
        QString target;
        if (!source.isEmpty()) {
            target = QDir(folder).filePath(prefix + QFileInfo(source).fileName());
            QFile::remove(target);
            if (!QFile::copy(source, target))
                throw Error("cannot copy " + source.toStdString() + " to " + target.toStdString());
        } else {
            const ImageRef ref = table.result().ref(row);
            target = QDir(folder).filePath(prefix + QStringLiteral("%1-%2.png")
                                                        .arg(ref.split == Split::Test ? "test" : "train")
                                                        .arg(ref.index));
            const QImage image = dataset.image(ref.split, ref.index);
            if (image.isNull() || !image.save(target, "PNG")) throw Error("cannot write " + target.toStdString());
        }
        written.append(target);
    }
    return written;
}

QString pathList(const ScoreTable& table, const QVector<int>& rows) {
    QString text;
    for (int row : rows) text += table.where(row) + QLatin1Char('\n');
    return text;
}

namespace {

void saveText(QWidget* parent, const QString& title, const QString& name, const QString& filter,
              const std::function<QString()>& text) {
    const QString path = chooseExportFile(parent, title, name, {filter});
    if (path.isEmpty()) return;
    const QString problem = exportFailure([&] { write_file_atomically(path.toStdString(), text().toStdString()); });
    if (!problem.isEmpty())
        QMessageBox::warning(parent, title, problem);
    else
        reportExported(parent, path);
}

}  // namespace

QToolButton* makeExportButton(QWidget* parent, const ExportSources& s) {
    auto* button = new QToolButton(parent);
    button->setText(QObject::tr("Export"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    const auto table = [s]() -> const ScoreTable* { return s.table ? s.table() : nullptr; };
    if (s.selection) {
        menu->addAction(QObject::tr("Selection as a folder of copies…"), parent, [parent, s, table] {
            const ScoreTable* t = table();
            const QVector<int> rows = s.selection();
            if (!t || rows.isEmpty()) {
                QMessageBox::information(parent, QObject::tr("Export"), QObject::tr("Select images first (Ctrl+click)."));
                return;
            }
            const QString folder = chooseExportFolder(parent, QObject::tr("Copy the selection into"));
            if (folder.isEmpty()) return;
            const QString problem = exportFailure([&] { copyRowsToFolder(*t, s.dataset(), rows, folder); });
            if (!problem.isEmpty())
                QMessageBox::warning(parent, QObject::tr("Export"), problem);
            else
                reportExported(parent, folder);
        });
        menu->addAction(QObject::tr("Selection as a list of paths…"), parent, [parent, s, table] {
            if (const ScoreTable* t = table())
                saveText(parent, QObject::tr("Save the list of paths"), "paths.txt", QObject::tr("Text (*.txt)"),
                         [&] { return pathList(*t, s.selection()); });
        });
    }
    if (s.shown) {
        menu->addAction(QObject::tr("Scores of the images listed (CSV)…"), parent, [parent, s, table] {
            if (const ScoreTable* t = table())
                saveText(parent, QObject::tr("Save the scores"), "scores.csv", exportFilter("csv"),
                         [&] { return t->scoresCsv(s.shown()); });
        });
        menu->addAction(QObject::tr("Codes of the images listed (CSV)…"), parent, [parent, s, table] {
            if (const ScoreTable* t = table())
                saveText(parent, QObject::tr("Save the codes"), "codes.csv", exportFilter("csv"),
                         [&] { return t->codesCsv(s.shown()); });
        });
    }
    if (s.extraCsv)
        menu->addAction(s.extraTitle, parent, [parent, s] {
            saveText(parent, s.extraTitle, "table.csv", exportFilter("csv"), s.extraCsv);
        });
    button->setMenu(menu);
    return button;
}

}  // namespace latentlab
