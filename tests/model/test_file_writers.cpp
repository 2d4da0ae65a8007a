// The one atomic file writer, the one CSV writer and the one exception-to-
// message function.

#include "model/base/error.h"
#include "model/store/atomic_file.h"
#include "model/store/csv_writer.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <c10/util/Exception.h>

#include <cstdlib>
#include <new>

using namespace latentlab;

class TestFileWriters : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesWholeFileAndLeavesNoTemporary() {
        QTemporaryDir dir;
        const QString path = dir.filePath("a.txt");
        write_file_atomically(path.toStdString(), "first");
        write_file_atomically(path.toStdString(), "second, longer");
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("second, longer"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"a.txt"});
    }

    void failureKeepsThePreviousFile() {
        QTemporaryDir dir;
        const QString path = dir.filePath("kept.txt");
        write_file_atomically(path.toStdString(), "old");
        // A folder that does not exist: the write fails and says which file.
        try {
            write_file_atomically(dir.filePath("missing/kept.txt").toStdString(), "new");
            QFAIL("the write succeeded");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("missing/kept.txt"), e.what());
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("old"));
    }

    void csvNumbersReadBackExactly() {
        for (double value : {0.1, -243.98765432101234, 1e-300, 3.0, 6.02214076e23}) {
            const std::string text = CsvWriter::number(value);
            QCOMPARE(std::strtod(text.c_str(), nullptr), value);
        }
        QCOMPARE(CsvWriter::number(3.0), std::string("3"));
        QCOMPARE(CsvWriter::number(std::nan("")), std::string("nan"));
    }

    void csvRowsAndQuoting() {
        CsvWriter csv({"name", "value"});
        csv << std::string("a,b") << 1.5;
        csv.end_row();
        csv << std::string("say \"hi\"") << int64_t{7};
        csv.end_row();
        QCOMPARE(csv.text(), std::string("name,value\n\"a,b\",1.5\n\"say \"\"hi\"\"\",7\n"));
    }

    void exceptionsBecomeMessages() {
        const auto message = [](auto exception) {
            try {
                throw exception;
            } catch (...) {
                return user_message(std::current_exception(), "training");
            }
        };
        QCOMPARE(message(Error("the folder is empty")), std::string("the folder is empty"));
        QVERIFY(message(std::bad_alloc()).find("Not enough memory for training") == 0);
        QCOMPARE(message(std::runtime_error("boom")), std::string("Unexpected error while training: boom"));
        const std::string torch = message(c10::Error("shape mismatch", "backtrace that means nothing"));
        QVERIFY2(torch.find("shape mismatch") != std::string::npos, torch.c_str());
        QVERIFY2(torch.find("backtrace") == std::string::npos, torch.c_str());
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestFileWriters)
#include "test_file_writers.moc"
