#pragma once

#include "app/workspace/comparison_signals.h"
#include "app/workspace/loaded_dataset.h"
#include "app/workspace/training_signals.h"
#include "model/base/run_config.h"
#include "ui/compare/comparison_curves.h"

#include <QStringList>
#include <QVector>
#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTimer;

namespace latentlab {

class ComparisonGallery;
class ComparisonResults;
class CurvesPlot;
class DecoderChooser;
class ErrorBanner;
class Workspace;

// The Compare tab: 2 to 7 decoders trained as matched runs (everything but
// the likelihood from the Training tab's settings panel), one after another
// on a training thread, each into its own run folder under
// <runs>/compare-<time>/ (1-bernoulli, 2-…, as `latentlab-cli compare`
// writes them, so each opens on its own). While they train: the curves of
// every run overlaid, one colour per decoder, each normalised to its own
// range or in nats. After each run: its row of the table (the CLI's
// numbers, with units and the comparability note) and its pictures.
// Exports the table (CSV) and the report (HTML, PDF) of latentlab_report.
//
// For a lesson that drives it: setDecoders() then startComparison(). A
// comparison saved earlier (by the window or the CLI) opens again with
// openComparison().
class CompareView : public QWidget {
    Q_OBJECT

public:
    // Reads the base config; false with the reason when it cannot.
    using ConfigSource = std::function<bool(RunConfig* config, QString* problem)>;

    // Comparisons start through `workspace`, on its training thread.
    explicit CompareView(Workspace* workspace, QWidget* parent = nullptr);
    ~CompareView() override;

    // The data the runs train on (the loaded data set).
    void setDataset(const LoadedDataset& dataset);
    // Where the base config comes from (the Training tab's panel).
    void setConfigSource(ConfigSource source) { configSource_ = std::move(source); }
    // The folder under which each comparison gets its compare-<time> folder
    // (RunSession::runsRoot() unless set).
    void setRunsRoot(const QString& root) { runsRoot_ = root; }

    bool isRunning() const;
    // Every run of the last comparison trained and measured.
    bool isComplete() const;
    // The folder of the comparison shown; empty before the first.
    QString comparisonFolder() const { return folder_; }
    qint64 iwSamples() const;
    void setIwSamples(qint64 k);

    // The parts, for tests and the window.
    CurvesPlot* curves() const { return curves_; }
    ComparisonResults* results() const { return results_; }
    ComparisonGallery* gallery() const { return gallery_; }
    DecoderChooser* chooser() const { return chooser_; }
    const ComparisonCurves& curveData() const { return curveData_; }

    // Each writes the whole file or nothing; false with the reason.
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    bool exportHtml(const QString& path, QString* error = nullptr) const;
    bool exportPdf(const QString& path, QString* error = nullptr) const;

public Q_SLOTS:
    // Checks exactly these decoders, given as `latentlab-cli compare
    // --decoders` takes them ({"bernoulli", "gaussian-predicted:single",
    // "gaussian:1"}). False, with the reason shown, when one cannot be read.
    bool setDecoders(const QStringList& specs);
    // Starts the comparison of the checked decoders. False, with the reason
    // shown, when it cannot start (no data set, a bad setting, a run going).
    bool startComparison();
    void stopComparison();
    // The plain-words paragraph on which numbers compare.
    void explainComparability();
    // Shows a saved comparison's folder again (compare_view_open.cpp): its
    // table, curves and pictures. False, with the reason shown, when it
    // cannot be read or a comparison is running.
    bool openComparison(const QString& folder);
    // Asks for the folder, then opens it.
    void chooseComparison();

Q_SIGNALS:
    // A run folder of the comparison should be opened in the window.
    void openRunRequested(const QString& folder);
    void runningChanged(bool running);
    // The whole comparison has ended (finished, stopped or failed).
    void comparisonEnded();

private:
    QWidget* createSidePanel();
    void onPlanned(const ComparisonPlan& plan);
    void onStep(int index, const StepStats& step);
    void onEpoch(int index, const EpochStats& epoch);
    void onMeasuring(int index, int percent);
    void onRow(const ComparisonRow& row);
    void onFinished();
    void showProblem(const QString& message);
    void updateControls();
    void replotCurves();
    void askExport(const QString& format);
    QString newComparisonFolder() const;
    void writeSettings() const;

    Workspace* workspace_;
    LoadedDataset dataset_;
    ConfigSource configSource_;
    QString runsRoot_;

    DecoderChooser* chooser_;
    QSpinBox* iwSpin_;
    QPushButton* compareButton_;
    QPushButton* stopButton_;
    QPushButton* exportButton_;
    QLabel* statusLabel_;
    QLabel* busyLabel_;  // why Compare waits, while another training holds the thread
    QProgressBar* progress_;
    ErrorBanner* banner_;
    QCheckBox* normaliseBox_;
    QLabel* scaleNote_;
    CurvesPlot* curves_;
    ComparisonGallery* gallery_;
    ComparisonResults* results_;
    QTimer* replotTimer_;

    // The comparison shown.
    QString folder_;
    ComparisonPlan plan_;
    ComparisonCurves curveData_;
    QVector<ComparisonRow> rows_;
    QString tableCsv_;
    qint64 epochs_ = 0;
    bool stopped_ = false;
};

}  // namespace latentlab
