#pragma once

// When a run stops because its folder cannot be written (a full disk, a
// folder made read-only), the model is kept in memory: this offers, in the
// view's error banner, to save it elsewhere ("Save model as…"), asks for the
// folder and says where it went.

#include <QObject>

class QWidget;

namespace latentlab {

class ErrorBanner;
class RunSession;

class KeptRunOffer : public QObject {
    Q_OBJECT

public:
    // `view` parents the folder dialog and this object.
    KeptRunOffer(RunSession* session, ErrorBanner* banner, QWidget* view);

private:
    void chooseFolder();

    RunSession* session_;
    ErrorBanner* banner_;
    QWidget* view_;
};

}  // namespace latentlab
