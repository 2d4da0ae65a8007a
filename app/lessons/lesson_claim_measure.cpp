#include "app/lessons/lesson_claim_measure.h"

#include "app/lessons/lesson_outcome.h"
#include "app/runs/run_previews.h"
#include "model/base/error.h"
#include "model/explore/latent_explorer.h"

#include <torch/torch.h>

#include <algorithm>
#include <limits>

namespace latentlab {

namespace {

constexpr int64_t kNeighbourRows = 1024;  // rows of the distance matrix at a time

const LessonRun& runAt(const QVector<LessonRun>& runs, int index, const LessonClaim& claim) {
    if (index < 0 || index >= runs.size())
        throw Error("claim \"" + claim.statement.toStdString() + "\" needs run " + std::to_string(index + 1) +
                    " of a lesson with " + std::to_string(runs.size()));
    return runs.at(index);
}

void requireMig(const LessonRun& run) {
    if (!run.last.mig) throw Error("MIG needs a data set with known factors");
}

// The first test image of `label`, uint8 [1, C, H, W].
torch::Tensor firstOfClass(const Dataset& data, int label) {
    const torch::Tensor rows = (data.test.labels == label).nonzero();
    if (rows.size(0) == 0) throw Error("the test set has no image of class " + std::to_string(label));
    const int64_t row = rows[0][0].item<int64_t>();
    return data.test.images.narrow(0, row, 1);
}

// The middle code of the path between the lesson's pair, linear or spherical.
torch::Tensor midpoint(const ModelSnapshot& model, const Lesson& lesson, const Dataset& data, bool spherical) {
    const torch::Tensor a = encode_images(model, firstOfClass(data, lesson.fromClass)).mean[0];
    const torch::Tensor b = encode_images(model, firstOfClass(data, lesson.toClass)).mean[0];
    return interpolate_codes(a.cpu(), b.cpu(), 3, spherical)[1];
}

double pixelSpread(const ModelSnapshot& model, const torch::Tensor& code) {
    return decode_codes(model, code.unsqueeze(0), false).std().item<double>();
}

double nearestCodeSameClass(const ModelSnapshot& model, const Dataset& data) {
    const torch::Tensor codes = encode_means(model, *data.test.source());
    const torch::Tensor labels = data.test.labels;
    const int64_t n = codes.size(0);
    int64_t same = 0;
    for (int64_t start = 0; start < n; start += kNeighbourRows) {
        const int64_t rows = std::min(kNeighbourRows, n - start);
        torch::Tensor distances = torch::cdist(codes.narrow(0, start, rows), codes);
        // An image is not its own neighbour.
        distances.narrow(1, start, rows).fill_diagonal_(std::numeric_limits<float>::infinity());
        const torch::Tensor nearest = distances.argmin(1);
        same += (labels.index_select(0, nearest) == labels.narrow(0, start, rows)).sum().item<int64_t>();
    }
    return n > 0 ? static_cast<double>(same) / static_cast<double>(n) : 0.0;
}

}  // namespace

double measureClaim(const Lesson& lesson, const LessonClaim& claim, const QVector<LessonRun>& runs,
                    const Dataset& data) {
    const LessonRun& run = runAt(runs, claim.part, claim);
    // What the epoch figures tell, measured as the pane measures it.
    QVector<PartOutcome> outcomes;
    for (int i = 0; i < runs.size(); ++i) outcomes.append(PartOutcome{i, 1.0, runs[i].last.epoch, runs[i].last});
    if (const std::optional<double> value = epochClaimValue(claim, outcomes)) return *value;
    switch (claim.quantity) {
    case ClaimQuantity::NearestCodeSameClass:
        return nearestCodeSameClass(*run.model, data);
    case ClaimQuantity::MidpointNormRatio:
        return midpoint(*run.model, lesson, data, true).norm().item<double>() /
               midpoint(*run.model, lesson, data, false).norm().item<double>();
    case ClaimQuantity::MidpointContrastRatio:
        return pixelSpread(*run.model, midpoint(*run.model, lesson, data, true)) /
               pixelSpread(*run.model, midpoint(*run.model, lesson, data, false));
    case ClaimQuantity::ReconstructionSpread:
        return makePreviews(*run.model, data).reconstructionSpread;
    case ClaimQuantity::ReconstructionSpreadGain:
        return makePreviews(*run.model, data).reconstructionSpread -
               makePreviews(*runAt(runs, claim.part - 1, claim).model, data).reconstructionSpread;
    case ClaimQuantity::Mig:
    case ClaimQuantity::MigGain:
        requireMig(run);  // throws: the data set has no known factors
        break;
    default:
        break;
    }
    // An epoch figure without a value: the run it is compared with is missing.
    runAt(runs, claim.part - 1, claim);
    throw Error("claim \"" + claim.statement.toStdString() + "\" cannot be measured on these runs");
}

}  // namespace latentlab
