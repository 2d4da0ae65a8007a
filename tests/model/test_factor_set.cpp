// latentlab-make-shapes --factors: the files it writes, and the loader
// attaching factors.csv to the images it names.

#include "model/base/error.h"
#include "model/data/image_folder.h"
#include "model/measure/factor_scores.h"
#include "model/store/history.h"
#include "model/train/trainer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

#include <fstream>
#include <map>
#include <sstream>

using namespace latentlab;

namespace {

bool make_shapes(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(LATENTLAB_MAKE_SHAPES_PATH), arguments);
    return process.waitForFinished(60000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
}

std::vector<std::vector<std::string>> read_csv(const QString& file) {
    std::ifstream in(file.toStdString());
    std::vector<std::vector<std::string>> rows;
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> fields;
        std::stringstream stream(line);
        std::string field;
        while (std::getline(stream, field, ',')) fields.push_back(field);
        rows.push_back(fields);
    }
    return rows;
}

ImageFolderOptions grey(int64_t size) {
    ImageFolderOptions options;
    options.size = size;
    options.channels = 1;
    options.use_cache = false;
    return options;
}

// A small MLP for the 16 x 16 grey sets these tests generate.
RunConfig small_run(ModelKind kind, int64_t batch_size, int threads) {
    RunConfig config;
    config.model.kind = kind;
    config.model.channels = 1, config.model.height = 16, config.model.width = 16;
    config.model.hidden = {32};
    config.model.latent = 4;
    config.train.batch_size = batch_size;
    config.train.threads = threads;
    config.train.device = "cpu";
    return config;
}

}  // namespace

class TestFactorSet : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadedFactorsMatchTheFile() {
        QTemporaryDir dir;
        QVERIFY(make_shapes({"--factors", "--out", dir.path(), "--count", "60", "--size", "32", "--seed", "3"}));
        const auto rows = read_csv(dir.filePath("factors.csv"));
        QCOMPARE(rows.size(), size_t{61});
        QCOMPARE(rows[0], (std::vector<std::string>{"file", "shape", "scale", "rotation", "x", "y"}));
        std::map<std::string, std::vector<float>> by_file;
        for (size_t i = 1; i < rows.size(); ++i)
            for (size_t f = 1; f < rows[i].size(); ++f) by_file[rows[i][0]].push_back(std::stof(rows[i][f]));

        const Dataset dataset = open_dataset(dir.path().toStdString(), grey(32));
        QVERIFY(dataset.factors_note.empty());
        QCOMPARE(dataset.factor_names, (std::vector<std::string>{"shape", "scale", "rotation", "x", "y"}));
        QCOMPARE(dataset.train.size() + dataset.test.size(), int64_t{60});
        for (const ImageSet* set : {&dataset.train, &dataset.test}) {
            QCOMPARE(set->factors.sizes(), (torch::IntArrayRef{set->size(), 5}));
            for (int64_t i = 0; i < set->size(); ++i) {
                const std::string relative =
                    QDir(dir.path()).relativeFilePath(QString::fromStdString(set->paths[i])).toStdString();
                const std::vector<float>& expected = by_file.at(relative);
                for (int64_t f = 0; f < 5; ++f) QCOMPARE(set->factors[i][f].item<float>(), expected[f]);
                // The shape factor is the class folder's shape, and the image is not blank.
                QCOMPARE(relative.substr(0, relative.find('/')),
                         dataset.class_names[set->labels[i].item<int64_t>()]);
                QVERIFY(set->images[i].max().item<uint8_t>() > 200);
            }
        }
    }

    void pairsDifferInExactlyTheChangedFactors() {
        QTemporaryDir dir;
        QVERIFY(make_shapes({"--factors", "--pairs", "--changed", "2", "--channels", "3", "--out", dir.path(),
                             "--count", "25", "--size", "32"}));
        const auto factors = read_csv(dir.filePath("factors.csv"));
        QCOMPARE(factors[0].back(), std::string("hue"));
        std::map<std::string, std::vector<std::string>> by_file;
        for (size_t i = 1; i < factors.size(); ++i) by_file[factors[i][0]] = factors[i];
        const auto pairs = read_csv(dir.filePath("pairs.csv"));
        QCOMPARE(pairs.size(), size_t{26});
        for (size_t i = 1; i < pairs.size(); ++i) {
            const auto& a = by_file.at(pairs[i][0]);
            const auto& b = by_file.at(pairs[i][1]);
            std::string changed;
            for (size_t f = 1; f < a.size(); ++f)
                if (a[f] != b[f]) changed += (changed.empty() ? "" : "+") + factors[0][f];
            QCOMPARE(changed, pairs[i][2]);
            QCOMPARE(std::count(changed.begin(), changed.end(), '+'), 1L);
        }
    }

    void sameSeedSameFilesAndBadOptionsRefused() {
        QTemporaryDir one;
        QTemporaryDir two;
        for (QTemporaryDir* dir : {&one, &two})
            QVERIFY(make_shapes({"--factors", "--out", dir->path(), "--count", "12", "--size", "16"}));
        QCOMPARE(read_csv(one.filePath("factors.csv")), read_csv(two.filePath("factors.csv")));
        QVERIFY(!make_shapes({"--factors", "--pairs", "--changed", "5", "--out", one.path()}));  // none shared
        QVERIFY(!make_shapes({"--pairs", "--out", one.path()}));                                  // needs --factors
    }

    void trainingMeasuresMigEveryEpoch() {
        QTemporaryDir dir;
        QVERIFY(make_shapes({"--factors", "--out", dir.path(), "--count", "300", "--size", "16"}));
        const Dataset dataset = open_dataset(dir.path().toStdString(), grey(16));
        Trainer trainer(small_run(ModelKind::Vae, 32, 1));
        for (int epoch = 0; epoch < 2; ++epoch) {
            const auto stats = trainer.train_epoch(dataset);
            QVERIFY(stats && stats->mig);
            QVERIFY2(*stats->mig >= 0 && *stats->mig <= 1, qPrintable(QString::number(*stats->mig)));
        }
        // The same figure as measured directly, in history.csv's last column and the checkpoint's history.
        const double direct = latent_mig(trainer.model(), dataset.train, dataset.factor_names,
                                         torch::kCPU).mig;
        QCOMPARE(*trainer.history().back().mig, direct);
        const std::string csv = history_csv(trainer.history());
        const std::string header = csv.substr(0, csv.find('\n'));
        QVERIFY2(header.size() > 4 && header.substr(header.size() - 4) == ",mig", header.c_str());
        QCOMPARE(*history_from_json(history_to_json(trainer.history())).back().mig, direct);
    }

    void adaGvaeTrainsOnThePairs() {
        QTemporaryDir dir;
        QVERIFY(make_shapes({"--factors", "--pairs", "--out", dir.path(), "--count", "150", "--size", "16"}));
        const Dataset dataset = open_dataset(dir.path().toStdString(), grey(16));
        QVERIFY2(dataset.factors_note.empty(), dataset.factors_note.c_str());
        QVERIFY(dataset.train_pairs.defined());
        // Only pairs whose two images both train; each row names two different training images.
        QVERIFY(dataset.train_pairs.size(0) > 90 && dataset.train_pairs.size(0) <= 150);
        QVERIFY((dataset.train_pairs.select(1, 0) != dataset.train_pairs.select(1, 1)).all().item<bool>());
        QVERIFY(dataset.train_pairs.max().item<int64_t>() < dataset.train.size());

        const RunConfig config = small_run(ModelKind::AdaGvae, 16, 2);
        Trainer trainer(config);
        for (int epoch = 0; epoch < 2; ++epoch) {
            const auto stats = trainer.train_epoch(dataset);
            QVERIFY(stats && stats->mig);
            QVERIFY(std::isfinite(stats->train.elbo) && std::isfinite(stats->test.loss.elbo));
        }
        QCOMPARE(trainer.step(), 2 * ((dataset.train_pairs.size(0) + 15) / 16));

        Dataset unpaired = dataset;
        unpaired.train_pairs = torch::Tensor();
        Trainer without(config);
        try {
            without.train_epoch(unpaired);
            QFAIL("trained without pairs");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("pairs.csv") != std::string::npos);
        }
    }

    void malformedFactorsFileLeavesTheDataUsable() {
        QTemporaryDir dir;
        QVERIFY(make_shapes({"--factors", "--out", dir.path(), "--count", "20", "--size", "16"}));
        std::ofstream(dir.filePath("factors.csv").toStdString(), std::ios::app) << "square/none.png,1,x,2,3,4\n";
        const Dataset dataset = open_dataset(dir.path().toStdString(), grey(16));
        QVERIFY2(dataset.factors_note.find("not a number") != std::string::npos, dataset.factors_note.c_str());
        QVERIFY(!dataset.train.factors.defined());
        QVERIFY(dataset.factor_names.empty());
        QCOMPARE(dataset.train.size() + dataset.test.size(), int64_t{20});
    }
};

LATENTLAB_TEST_GUILESS_MAIN(TestFactorSet)
#include "test_factor_set.moc"
