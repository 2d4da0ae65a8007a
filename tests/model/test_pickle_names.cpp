// The pickle walker (model/store/pickle_names.h) on hand-built pickles: the names of
// what LibTorch writes come out, anything else and every truncation is
// refused with an Error, and hostile shapes (deep nesting, a memo entry
// fetched many times, a memo index far ahead) cost little.

#include "model/base/error.h"
#include "model/store/pickle_names.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <string>

using namespace latentlab;

namespace {

std::string u32(uint32_t n) {
    std::string out;
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
    return out;
}

std::string text(const std::string& s) { return "X" + u32(static_cast<uint32_t>(s.size())) + s; }
std::string global(const std::string& module, const std::string& name) { return "c" + module + "\n" + name + "\n"; }

// BINPUT and BINGET of memo entry n (one byte: "q\x00" as a literal would end at the NUL).
std::string put(char n) { return std::string("q") + n; }
std::string get(char n) { return std::string("h") + n; }

const std::string kProto = std::string("\x80\x02", 2);
const std::string kTuple2 = "\x86";
const std::string kNewObj = "\x81";

// A module object as LibTorch writes one: class, NEWOBJ, its attributes, BUILD.
std::string modulePickle() {
    return kProto + global("__torch__", "Module") + put(0) + ")" + kNewObj + "}(" + text("format") + put(1) +
           text("latentlab-checkpoint") + "K\x01" + text("step") + "M\x10\x27" + "ub.";
}

// 2.x's tagged dict, twice, the second through the memo.
std::string taggedPickle() {
    return kProto + global("torch.jit._pickle", "restore_type_tag") + put(0) + "}" + text("Dict[int, bool]") + put(1) +
           kTuple2 + "R" + get(0) + "]" + get(1) + kTuple2 + "R" + kTuple2 + ".";
}

QString refusal(const std::string& pickle) {
    try {
        pickle_names(pickle);
        return {};
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
}

}  // namespace

class TestPickleNames : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modulesNamesComeOut() {
        const PickleNames names = pickle_names(modulePickle());
        QCOMPARE(names.globals.size(), size_t{1});
        QCOMPARE(QString::fromStdString(names.globals[0].module), QString("__torch__"));
        QCOMPARE(QString::fromStdString(names.globals[0].name), QString("Module"));
        QVERIFY(names.type_tags.empty());
    }

    void typeTagsAreFoundThroughTheMemo() {
        const PickleNames names = pickle_names(taggedPickle());
        QCOMPARE(names.globals.size(), size_t{1});  // the same global once
        QCOMPARE(names.type_tags.size(), size_t{2});
        QCOMPARE(QString::fromStdString(names.type_tags[0]), QString("Dict[int, bool]"));
        QCOMPARE(QString::fromStdString(names.type_tags[1]), QString("Dict[int, bool]"));
    }

    void everyTruncationIsRefused() {
        for (const std::string& whole : {modulePickle(), taggedPickle()}) {
            for (size_t n = 0; n < whole.size(); ++n) {
                const QString why = refusal(whole.substr(0, n));
                QVERIFY2(!why.isEmpty(), qPrintable(QString("prefix of %1 bytes accepted").arg(n)));
                QVERIFY2(why.contains("pickle is damaged"), qPrintable(why));
            }
        }
    }

    void refused_data() {
        QTest::addColumn<QByteArray>("pickle");
        QTest::addColumn<QString>("reason");
        const auto row = [](const char* name, const std::string& pickle, const char* reason) {
            QTest::newRow(name) << QByteArray::fromStdString(pickle) << QString(reason);
        };
        // STACK_GLOBAL: Python's protocol 4 form, which LibTorch never writes.
        row("stack global", kProto + text("os") + text("system") + "\x93" + ")R.", "opcode 0x93");
        row("INST", kProto + "(ios\nsystem\n.", "opcode 0x69");
        row("name with a bracket", kProto + global("__torch__.m", "Mod[ule") + ".", "not a class");
        row("name with a space", kProto + global("__torch__ m", "Module") + ".", "not a class");
        row("empty name", kProto + global("", "Module") + ".", "not a class");
        row("type tag not a string", kProto + global("torch.jit._pickle", "restore_type_tag") + "}K\x05" + kTuple2 + "R.",
            "without a type name");
        row("memo never stored", kProto + "h\x07.", "never stored");
        // LibTorch would grow its memo table to 1.4 billion entries (16 GB and more).
        row("memo index far ahead", kProto + "K\x01r" + u32(1378423400u) + ".", "stores memo entry 1378423400");
        row("memo index skipping one", kProto + "K\x01" + put(1) + ".", "the next one is 0");
        row("APPENDS without MARK", kProto + "]K\x01" + "e.", "MARK");
        row("SETITEMS on nothing", kProto + "(K\x01K\x02u.", "not there");
        row("STOP on nothing", kProto + ".", "nothing to return");
        row("string longer than the pickle", kProto + "X" + u32(0xFFFFFFF0u) + "ab.", "cut short");
    }

    void refused() {
        QFETCH(QByteArray, pickle);
        QFETCH(QString, reason);
        const QString why = refusal(pickle.toStdString());
        QVERIFY2(why.contains(reason), qPrintable("got: " + why));
    }

    // A chain of 200,000 nested tuples and a 1 MB string fetched from the
    // memo 100,000 times: neither recursion nor copies (a copy each would take
    // minutes and 100 GB; the walk takes well under a second).
    void hostileShapesCostLittle() {
        QElapsedTimer clock;
        clock.start();
        std::string deep = kProto + ")" + std::string(200000, '\x85') + ".";
        QVERIFY(refusal(deep).isEmpty());
        std::string repeated = kProto + "(" + text(std::string(1 << 20, 'a')) + put(0);
        for (int i = 0; i < 100000; ++i) repeated += get(0);
        repeated += "t.";
        QVERIFY(refusal(repeated).isEmpty());
        QVERIFY2(clock.elapsed() < 30000, qPrintable(QString("%1 ms").arg(clock.elapsed())));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestPickleNames)
#include "test_pickle_names.moc"
