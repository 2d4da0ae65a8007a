#pragma once

#include "app/workspace/load_rate.h"
#include "app/workspace/loaded_dataset.h"

#include <QByteArray>
#include <QString>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;

namespace latentlab {

class Workspace;
class DatasetSummary;
class ErrorBanner;
class ThumbnailBrowser;
class ThumbnailModel;

// The data set panel: where the images come from, how folders are decoded,
// loading progress, a summary of what was loaded (DatasetSummary) and a grid
// of thumbnails (ThumbnailBrowser); a click on a class in the summary shows
// only that class's thumbnails, a second click all of them again. A failed
// or cancelled load leaves the shown data set as it was.
class DatasetView : public QWidget {
    Q_OBJECT

public:
    // Shows the data set `workspace` holds and loads through it.
    explicit DatasetView(Workspace* workspace, QWidget* parent = nullptr);

    // `spec` is a folder or DatasetLoader::fashionMnistSpec(); folders are
    // decoded with the options shown in the panel.
    void load(const QString& spec);
    void cancelLoad();
    // Asked before every load, from the view's own buttons too: false keeps
    // the data set shown (the window asks first while a run trains).
    void setLoadGuard(std::function<bool(const QString& spec)> guard) { loadGuard_ = std::move(guard); }
    bool isLoading() const;

    LoadedDataset dataset() const;
    QString spec() const { return spec_; }  // of the data set shown; empty before the first load
    ThumbnailModel* thumbnailModel() const;
    ThumbnailBrowser* thumbnailBrowser() const { return browser_; }

    // The side asked for, or kFolderOwnSize (0) for the folder's own.
    int imageSize() const;
    int channels() const;
    void setLoadOptions(int imageSize, int channels);

    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

Q_SIGNALS:
    void datasetLoaded(const QString& spec);
    // A load failed (with the reason) or was canceled (an empty message).
    void loadFailed(const QString& message);
    void openFolderRequested();

private:
    QWidget* createSourceBox();
    QWidget* createOptionsBox();
    QWidget* createProgressRow();

    void onProgress(qint64 done, qint64 total);
    void onLoaded();
    void onFailed(const QString& message);
    void showLoading(bool loading);
    void showSource();
    void updateReloadButton();

    Workspace* workspace_;
    QString spec_;
    // What the running load was asked for, and what the shown set was loaded
    // with; the Reload button compares the latter with the panel's options.
    QString pendingSpec_;
    int pendingSize_ = 0;
    int pendingChannels_ = 0;
    int loadedSize_ = 0;
    int loadedChannels_ = 0;

    QSplitter* splitter_ = nullptr;
    QLabel* sourceName_ = nullptr;
    QLabel* sourcePath_ = nullptr;
    QSpinBox* sizeBox_ = nullptr;
    QCheckBox* ownSizeBox_ = nullptr;  // "the folder's own": sizeBox_ then shows the size found
    QComboBox* colourBox_ = nullptr;
    QPushButton* reloadButton_ = nullptr;
    QLabel* fashionMnistHint_ = nullptr;
    QWidget* progressRow_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    QProgressBar* progressBar_ = nullptr;
    LoadRate loadRate_;
    ErrorBanner* errorBanner_ = nullptr;
    DatasetSummary* summary_ = nullptr;
    ThumbnailBrowser* browser_ = nullptr;
    std::function<bool(const QString&)> loadGuard_;
};

}  // namespace latentlab
