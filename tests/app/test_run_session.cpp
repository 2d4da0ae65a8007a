// RunSession without a window: where runs go and what their folders are
// called, that a run failing before its first epoch leaves no folder, that
// the device used is recorded, that config.json keeps the starting values
// beside the changes, and that another data set leaves the shown run.

#include "app/runs/run_folder.h"
#include "app/workspace/dataset_loader.h"
#include "app/workspace/run_session.h"
#include "app/workspace/training_controller.h"
#include "bar_folder.h"
#include "model/base/threads.h"
#include "tiny_run_config.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include "test_registry.h"

using latentlab::DatasetLoader;
using latentlab::LoadedDataset;
using latentlab::RunConfig;
using latentlab::RunSession;

namespace {

constexpr int kTimeoutMs = 60000;

RunConfig tinyConfig(qint64 epochs) { return latentlab::testing::tinyRunConfig(epochs); }

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

}  // namespace

class TestRunSession : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void folderNamesTellDataAndModel();
    void failureBeforeFirstEpochLeavesNoFolder();
    void recordsDeviceAndStartingValues();
    void anotherDatasetLeavesTheRun();

private:
    LoadedDataset load(const QString& name);
    QTemporaryDir dir_;
};

void TestRunSession::initTestCase() {
    latentlab::configure_process_threads();
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
}

LoadedDataset TestRunSession::load(const QString& name) {
    const QString root = dir_.filePath(name);
    QString failure;
    if (!QDir(root).exists() && !latentlab::testing::writeBarFolder(root, 8, 40, 8, &failure)) return {};
    DatasetLoader loader;
    QSignalSpy loaded(&loader, &DatasetLoader::loaded);
    loader.load(root, 8, 1);
    if (!loaded.wait(kTimeoutMs)) return {};
    return loaded.first().first().value<LoadedDataset>();
}

void TestRunSession::folderNamesTellDataAndModel() {
    const QDateTime when(QDate(2026, 12, 2), QTime(14, 12));
    RunConfig config;
    QCOMPARE(RunSession::newRunFolder(dir_.path(), config, QStringLiteral("fashion-mnist"), when),
             dir_.filePath(QStringLiteral("2026-12-02_1412_fashion-mnist_mlp-bernoulli")));
    config.model.architecture = latentlab::Architecture::Conv;
    config.model.likelihood = latentlab::LikelihoodKind::GaussianLearned;
    QCOMPARE(RunSession::newRunFolder(dir_.path(), config, QStringLiteral("/home/me/My Pets/"), when),
             dir_.filePath(QStringLiteral("2026-12-02_1412_my-pets_conv-gaussian-learned")));
    // A second run of the same minute gets its own folder.
    QVERIFY(QDir().mkpath(dir_.filePath(QStringLiteral("2026-12-02_1412_pets_mlp-ae"))));
    config.model.architecture = latentlab::Architecture::Mlp;
    config.model.kind = latentlab::ModelKind::Autoencoder;
    QCOMPARE(RunSession::newRunFolder(dir_.path(), config, QStringLiteral("pets"), when),
             dir_.filePath(QStringLiteral("2026-12-02_1412_pets_mlp-ae_2")));
}

void TestRunSession::failureBeforeFirstEpochLeavesNoFolder() {
    RunSession session;
    session.setDataset(load(QStringLiteral("bars")));
    QSignalSpy failed(&session, &RunSession::failed);
    QSignalSpy finished(&session, &RunSession::finished);
    RunConfig config = tinyConfig(3);
    config.train.learning_rate = 10.0;  // Adam's steps of 10 overflow the posterior's variances
    QVERIFY(session.start(config));
    const QString folder = session.runFolder();
    QVERIFY(folder.startsWith(RunSession::runsRoot()));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QCOMPARE(failed.count(), 1);
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("not a number")) ||
                 failed.first().first().toString().contains(QStringLiteral("infinite")),
             qPrintable(failed.first().first().toString()));
    QVERIFY(!QFileInfo::exists(folder));
    QVERIFY(!session.hasRun());
}

void TestRunSession::recordsDeviceAndStartingValues() {
    RunSession session;
    session.setDataset(load(QStringLiteral("bars")));
    QSignalSpy finished(&session, &RunSession::finished);
    QSignalSpy changed(&session, &RunSession::settingChanged);
    QSignalSpy epochs(&session, &RunSession::epochFinished);
    RunConfig config = tinyConfig(100000);  // a run that ends when stopped
    config.train.device = "cuda";  // on a machine without one: trains on the CPU and says so
    bool asked = false;
    connect(&session, &RunSession::stepReported, this, [&] {
        if (!asked) session.setBeta(0.5);
        asked = true;
    });
    QVERIFY(session.start(config));
    // Stopped after an epoch that saved the change.
    QTRY_COMPARE_WITH_TIMEOUT(changed.count(), 1, kTimeoutMs);
    const int before = static_cast<int>(epochs.count());
    QTRY_VERIFY_WITH_TIMEOUT(epochs.count() > before, kTimeoutMs);
    session.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    const QJsonObject saved = readJson(latentlab::RunFolder(session.runFolder()).configPath());
    const QJsonObject train = saved.value(QStringLiteral("train")).toObject();
    if (session.deviceNotice().isEmpty()) {
        QCOMPARE(train.value(QStringLiteral("device")).toString(), QStringLiteral("cuda"));
    } else {
        QCOMPARE(train.value(QStringLiteral("device")).toString(), QStringLiteral("cpu"));
        QVERIFY(session.deviceNotice().contains(QStringLiteral("CUDA")));
    }
    QCOMPARE(train.value(QStringLiteral("beta")).toDouble(), 1.0);  // as the run started
    const QJsonArray changes = saved.value(QStringLiteral("changes")).toArray();
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("beta"));
    QCOMPARE(changes.first().toObject().value(QStringLiteral("value")).toDouble(), 0.5);
    QCOMPARE(train.value(QStringLiteral("epochs")).toInt(), 100000);
}

void TestRunSession::anotherDatasetLeavesTheRun() {
    RunSession session;
    const LoadedDataset bars = load(QStringLiteral("bars"));
    session.setDataset(bars);
    QSignalSpy finished(&session, &RunSession::finished);
    QVERIFY(session.start(tinyConfig(1)));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
    QVERIFY(session.hasRun());
    QVERIFY(session.datasetMatchesRun());
    QSignalSpy left(&session, &RunSession::runLeft);
    session.setDataset(bars);  // the same data set again: the run stays
    QCOMPARE(left.count(), 0);
    session.setDataset(load(QStringLiteral("other bars")));
    QCOMPARE(left.count(), 1);
    QVERIFY(!session.hasRun());
}

LATENTLAB_TEST_MAIN(TestRunSession)
#include "test_run_session.moc"
