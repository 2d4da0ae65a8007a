// The checkpoint's own checksum (model/store/checkpoint_file.h): any changed byte
// of a checkpoint file is refused, never loaded.

#include "model/base/error.h"
#include "model/base/threads.h"
#include "model/store/checkpoint_file.h"
#include "model/train/model_snapshot.h"
#include "model/train/trainer.h"
#include "synthetic_data.h"

#include <QtTest/QtTest>
#include "test_registry.h"

#include <fstream>
#include <sstream>

using namespace latentlab;

namespace {

RunConfig tinyConfig() {
    RunConfig config;
    config.model.channels = 1, config.model.height = 4, config.model.width = 4;
    config.model.hidden = {4};
    config.model.latent = 2;
    config.train.batch_size = 16;
    config.train.seed = 5;
    config.train.threads = 1;
    config.train.device = "cpu";
    return config;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeAll(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// The message a refused load gives, or empty when the file loaded.
template <typename Load>
QString refusal(const Load& load) {
    try {
        load();
        return {};
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
}

}  // namespace

class TestCheckpointIntegrity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { configure_process_threads(); }

    // zlib's CRC-32 of "123456789" is the standard check value 0xCBF43926;
    // the seal stores it little-endian after the magic, version and length.
    void sealHoldsTheCrcOfThePayload() {
        const std::string sealed = seal_checkpoint("123456789");
        QCOMPARE(sealed.size(), kCheckpointHeaderBytes + 9);
        QCOMPARE(sealed.substr(0, 8), std::string("LLCKPT\r\n"));
        QCOMPARE(static_cast<unsigned char>(sealed[12]), 9u);  // the length
        const unsigned char crc[4] = {0x26, 0x39, 0xF4, 0xCB};
        for (int i = 0; i < 4; ++i) QCOMPARE(static_cast<unsigned char>(sealed[20 + i]), crc[i]);
        const auto payload = unseal_checkpoint(sealed, "x");
        QVERIFY(payload.checked);
        QCOMPARE(payload.archive, std::string("123456789"));
    }

    // Every byte of a small checkpoint, changed in turn (a different
    // non-zero mask at each position, single bits among them), is refused by
    // the seal's check; and through the file readers, a dense sample (every
    // byte of the header and the first 512 of the archive, then every 16th):
    // Trainer::load refuses each as damaged, load_snapshot every 8th of
    // those. The untouched file loads, so the refusals are the bytes' doing.
    void everyChangedByteIsRefused() {
        QTemporaryDir dir;
        const auto data = testing::make_bars_dataset(32, 16, 4, 2);
        Trainer trainer(tinyConfig());
        trainer.train_epoch(data);
        const std::string good = dir.filePath("run.pt").toStdString();
        trainer.save(good);
        const std::string bytes = readAll(good);
        QVERIFY(bytes.size() > 1000);
        QVERIFY(refusal([&] { Trainer::load(good); }).isEmpty());
        QVERIFY(refusal([&] { load_snapshot(good, "cpu"); }).isEmpty());
        QVERIFY(unseal_checkpoint(bytes, "x").checked);

        const std::string bad = dir.filePath("bad.pt").toStdString();
        size_t refused = 0, throughFiles = 0;
        std::string changed = bytes;
        for (size_t pos = 0; pos < bytes.size(); ++pos) {
            const auto mask = static_cast<unsigned char>(pos % 9 < 8 ? 1u << (pos % 9) : 1 + pos % 255);
            changed[pos] = static_cast<char>(static_cast<unsigned char>(bytes[pos]) ^ mask);
            QVERIFY2(!refusal([&] { unseal_checkpoint(changed, "x"); }).isEmpty(), qPrintable(QString::number(pos)));
            ++refused;
            if (pos < kCheckpointHeaderBytes + 256 || pos % 32 == 0) {
                writeAll(bad, changed);
                const QString why = refusal([&] { Trainer::load(bad); });
                QVERIFY2(why.contains("damaged") || why.contains("not a LatentLab checkpoint"),
                         qPrintable(QString("byte %1 changed: %2").arg(pos).arg(why.isEmpty() ? "loaded" : why)));
                if (throughFiles % 8 == 0)
                    QVERIFY2(!refusal([&] { load_snapshot(bad, "cpu"); }).isEmpty(), qPrintable(QString::number(pos)));
                ++throughFiles;
            }
            changed[pos] = bytes[pos];
        }
        QCOMPARE(refused, bytes.size());
        qInfo("%zu of %zu changed bytes refused; %zu of them through Trainer::load", refused, bytes.size(),
              throughFiles);
    }

    void payloadChecksumMismatchIsNamed() {
        QTemporaryDir dir;
        Trainer trainer(tinyConfig());
        const std::string path = dir.filePath("run.pt").toStdString();
        trainer.save(path);
        std::string bytes = readAll(path);
        bytes[bytes.size() / 2] ^= 0x10;
        writeAll(path, bytes);
        const QString why = refusal([&] { Trainer::load(path); });
        QVERIFY2(why.contains("damaged: checksum mismatch"), qPrintable(why));
        QVERIFY2(why.contains(QString::fromStdString(path)), qPrintable(why));
    }

    // Cut short or grown: the header's length says so before any checksum.
    void wrongLengthIsRefused() {
        QTemporaryDir dir;
        Trainer trainer(tinyConfig());
        const std::string path = dir.filePath("run.pt").toStdString();
        trainer.save(path);
        const std::string bytes = readAll(path);
        writeAll(path, bytes + "x");
        QVERIFY(refusal([&] { Trainer::load(path); }).contains("damaged"));
        writeAll(path, bytes.substr(0, bytes.size() - 1));
        QVERIFY(refusal([&] { Trainer::load(path); }).contains("cut short"));
        writeAll(path, bytes.substr(0, 10));
        QVERIFY(refusal([&] { Trainer::load(path); }).contains("cut short"));
        // A header claiming an enormous payload is refused by the length
        // check, with nothing allocated for it.
        std::string huge = bytes.substr(0, kCheckpointHeaderBytes);
        for (int i = 12; i < 20; ++i) huge[i] = '\x7f';
        writeAll(path, huge);
        QVERIFY(refusal([&] { Trainer::load(path); }).contains("damaged"));
    }

    // Checkpoints written before the seal (a bare LibTorch archive) still
    // load, unchecked; the next save seals them.
    void checkpointWithoutSealLoadsUnchecked() {
        QTemporaryDir dir;
        const auto data = testing::make_bars_dataset(32, 16, 4, 2);
        Trainer trainer(tinyConfig());
        trainer.train_epoch(data);
        const std::string path = dir.filePath("run.pt").toStdString();
        trainer.save(path);
        const std::string archive = readAll(path).substr(kCheckpointHeaderBytes);
        QVERIFY(archive.rfind("PK", 0) == 0);
        writeAll(path, archive);
        QVERIFY(!read_checkpoint_file(path).checked);
        auto loaded = Trainer::load(path);
        QCOMPARE(loaded->history().back().test.loss.elbo, trainer.history().back().test.loss.elbo);
        loaded->save(path);
        QVERIFY(read_checkpoint_file(path).checked);
    }
};

LATENTLAB_TEST_APPLESS_MAIN(TestCheckpointIntegrity)
#include "test_checkpoint_integrity.moc"
