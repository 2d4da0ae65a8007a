// What a checkpoint's archive may ask LibTorch to resolve
// (model/store/checkpoint_archive.h). Each refused case is refused with a message
// that names what is wrong; handed to LibTorch unchecked, LibTorch 1.13 throws
// an exception of its own for each (the reader turns those into "cannot be
// opened"), and crashes only on a malformed declaration (the fuzz corpus's
// crash-parse-class-constant). The archives are a real checkpoint's,
// rewritten record by record and sealed with a valid checksum, as a hand-made
// file would be.

#include "model/base/error.h"
#include "model/base/threads.h"
#include "model/store/bytes_reader.h"
#include "model/store/checkpoint_file.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"
#include "synthetic_data.h"

#include <caffe2/serialize/inline_container.h>

#include <QtTest/QtTest>
#include "test_registry.h"

#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <regex>

using namespace latentlab;

namespace {

using Records = std::map<std::string, std::string>;

Records recordsOf(const std::string& archive) {
    caffe2::serialize::PyTorchStreamReader reader(std::make_shared<BytesReader>(archive));
    Records records;
    for (const std::string& name : reader.getAllRecords()) {
        const auto [data, size] = reader.getRecord(name);
        records[name] = std::string(static_cast<const char*>(data.get()), size);
    }
    return records;
}

std::string archiveOf(const Records& records) {
    std::string out;
    caffe2::serialize::PyTorchStreamWriter writer([&](const void* data, size_t size) {
        out.append(static_cast<const char*>(data), size);
        return size;
    });
    for (const auto& [name, bytes] : records) {
        if (name == "version" || name == ".data/version")
            writer.setMinVersion(std::stoull(bytes));
        else
            writer.writeRecord(name, bytes.data(), bytes.size());
    }
    writer.writeEndOfFile();
    return out;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const size_t at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("the checkpoint lacks \"" + from + "\"");
    return text.replace(at, from.size(), to);
}

std::string pickleString(const std::string& s) {
    std::string out = "X";
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((s.size() >> (8 * i)) & 0xFF));
    return out + s;
}

// restore_type_tag({}, tag): the shape LibTorch 2.x writes for each tensor's math bits.
std::string taggedDict(const std::string& tag) {
    return "ctorch.jit._pickle\nrestore_type_tag\n}" + pickleString(tag) + "\x86R";
}

const std::string kChangesValue = pickleString("[]");  // the "changes" entry of a new run

}  // namespace

class TestCheckpointArchive : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    Records records_;
    std::string parent_, child_;  // a class file and one class its attributes use

    // The message load_snapshot and Trainer::load give for these records, or
    // empty when both loaded them.
    QString refusal(const Records& records) {
        const std::string path = dir_.filePath("edited.pt").toStdString();
        std::ofstream(path, std::ios::binary | std::ios::trunc) << seal_checkpoint(archiveOf(records));
        QString message;
        try {
            load_snapshot(path, "cpu");
        } catch (const Error& e) {
            message = QString::fromUtf8(e.what());
        }
        try {
            Trainer::load(path, "cpu", 1);
            if (!message.isEmpty()) return "load_snapshot refused what Trainer::load took: " + message;
        } catch (const Error& e) {
            if (message.isEmpty()) return "Trainer::load refused what load_snapshot took";
        }
        return message;
    }

private Q_SLOTS:
    void initTestCase() {
        configure_process_threads();
        QVERIFY(dir_.isValid());
        RunConfig config;
        config.model.channels = 1, config.model.height = 8, config.model.width = 8;
        config.model.hidden = {4};
        config.model.latent = 2;
        config.train.batch_size = 16;
        config.train.threads = 1;
        config.train.device = "cpu";
        Trainer trainer(config);
        trainer.train_epoch(testing::make_bars_dataset(64, 16, 8, 3));
        const std::string path = dir_.filePath("genuine.pt").toStdString();
        trainer.save(path);
        records_ = recordsOf(read_checkpoint_file(path).archive);
        // A module file whose attribute is another archive class.
        static const std::regex use(R"(__torch__\.(___torch_mangle_[0-9]+)\.Module)");
        for (const auto& [name, text] : records_) {
            std::smatch m;
            if (name.rfind("code/__torch__/", 0) == 0 && name.size() > 3 && name.substr(name.size() - 3) == ".py" &&
                std::regex_search(text, m, use)) {
                parent_ = name.substr(15, name.size() - 18);
                child_ = m[1];
                break;
            }
        }
        QVERIFY2(!parent_.empty(), "no module file uses another");
    }

    // The rewriting itself changes nothing LibTorch cares about.
    void rewrittenGenuineArchiveLoads() { QCOMPARE(refusal(records_), QString()); }

    // LibTorch 2.x tags each tensor's math bits as a Dict[int, bool].
    void typeTagOfLibTorch2Loads() {
        Records r = records_;
        r["data.pkl"] = replaced(r["data.pkl"], kChangesValue, taggedDict("Dict[int, bool]"));
        QCOMPARE(refusal(r), QString());
    }

    void refused_data() {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("edit");
        QTest::newRow("attribute of an undeclared class") << "undeclared class" << 0;
        QTest::newRow("module containing itself") << "contains itself" << 1;
        QTest::newRow("two modules containing each other") << "contains itself" << 2;
        QTest::newRow("declaration missing") << "undeclared class" << 3;
        QTest::newRow("data of an undeclared class") << "which it does not declare" << 4;
        QTest::newRow("data calling os.system") << "which no checkpoint does" << 5;
        QTest::newRow("type tag LibTorch cannot parse") << "type tag" << 6;
        QTest::newRow("STACK_GLOBAL") << "opcode 0x93" << 7;
        QTest::newRow("data.pkl cut short") << "pickle is damaged" << 8;
        // LibTorch throws std::out_of_range when data.pkl sets an attribute
        // the declaration does not name (fuzz_checkpoint found it).
        QTest::newRow("attribute renamed in its declaration") << "cannot be opened as one" << 9;
    }

    void refused() {
        QFETCH(QString, reason);
        QFETCH(int, edit);
        Records r = records_;
        const std::string parentFile = "code/__torch__/" + parent_ + ".py";
        const std::string childFile = "code/__torch__/" + child_ + ".py";
        const std::string childType = "__torch__." + child_ + ".Module";
        switch (edit) {
        case 0: r[parentFile] = replaced(r[parentFile], childType, "__torch__.___torch_mangle_999.Module"); break;
        case 1: r[parentFile] = replaced(r[parentFile], childType, "__torch__." + parent_ + ".Module"); break;
        case 2: r[childFile] += "  back : __torch__." + parent_ + ".Module\n"; break;
        case 3: r.erase(childFile); break;
        case 4:
            r["data.pkl"] = replaced(r["data.pkl"], "__torch__." + child_ + "\nModule\n",
                                     "__torch__.___torch_mangle_999\nModule\n");
            break;
        case 5: r["data.pkl"] = replaced(r["data.pkl"], "collections\nOrderedDict\n", "os\nsystem\n"); break;
        case 6: r["data.pkl"] = replaced(r["data.pkl"], kChangesValue, taggedDict("Dict[int, ")); break;
        case 7:
            r["data.pkl"] = replaced(r["data.pkl"], kChangesValue,
                                     pickleString("collections") + pickleString("OrderedDict") + "\x93)R");
            break;
        case 8: r["data.pkl"].resize(r["data.pkl"].size() / 2); break;
        case 9: r[parentFile] = std::regex_replace(r[parentFile], std::regex("\n  [a-z_]+ :"), "\n  renamed :",
                                                   std::regex_constants::format_first_only);
            break;
        }
        const QString why = refusal(r);
        QVERIFY2(why.contains("not a LatentLab checkpoint or is damaged"), qPrintable("got: " + why));
        QVERIFY2(why.contains(reason), qPrintable("got: " + why));
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestCheckpointArchive)
#include "test_checkpoint_archive.moc"
