// The run folder's CSV files as Open Run and the recent-runs menu read them:
// steps.csv (RunFolder::parseStepsCsv) and history.csv
// (RunFolder::readHistorySummary).

#include "app/runs/run_folder.h"
#include "fuzz_input.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArray text(reinterpret_cast<const char*>(data), static_cast<int>(size));
    QVector<latentlab::StepStats> steps;
    QString error;
    const bool parsed = latentlab::RunFolder::parseStepsCsv(text, &steps, &error);
    // Refused means refused with a reason and nothing kept.
    if (!parsed && (error.isEmpty() || !steps.isEmpty())) std::abort();
    if (parsed) {
        // What was read is written back and read again the same.
        QVector<latentlab::StepStats> again;
        if (!latentlab::RunFolder::parseStepsCsv(latentlab::RunFolder::stepsCsv(steps), &again, &error) ||
            again.size() != steps.size())
            std::abort();
    }
    latentlab::RunSummary summary;
    latentlab::RunFolder::readHistorySummary(text, &summary);
    if (summary.epochsDone < 0) std::abort();
    return 0;
}
