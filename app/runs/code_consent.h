#pragma once

// Opening a run whose model is a TorchScript module (latentlab-cli import
// --torchscript) runs code its author wrote. The window asks before the first
// time; a folder under the window's own runs, or one the user agreed to open
// before (remembered in QSettings), is opened without asking. Free of LibTorch.

#include <QString>

namespace latentlab {

class CodeConsent {
public:
    // True when `folder`'s checkpoint holds a TorchScript module (its own
    // configuration says so), `folder` is not under `runsRoot` and was not
    // agreed to before. A checkpoint that cannot be read needs no question:
    // opening it fails with the reader's message.
    static bool needsQuestion(const QString& folder, const QString& runsRoot);
    // The user agreed: `folder` opens without asking from now on.
    static void remember(const QString& folder);
    // The question, for the window's dialog.
    static QString question(const QString& folder);
};

}  // namespace latentlab
