#include "app/lessons/lesson_outcome.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace latentlab {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("LessonOutcome", text); }

QString nats(double value) { return QLocale().toString(value, 'f', 1); }

const PartOutcome* outcomeOf(const QVector<PartOutcome>& runs, int part) {
    for (auto run = runs.rbegin(); run != runs.rend(); ++run)
        if (run->part == part) return &*run;
    return nullptr;
}

QString claimNumber(ClaimQuantity quantity, double value) {
    switch (quantity) {
    case ClaimQuantity::UsedDimensions:
    case ClaimQuantity::UsedDimensionsGain:
        return QString::number(value, 'f', 0);
    case ClaimQuantity::Mig:
    case ClaimQuantity::MigGain:
        return QString::number(value, 'f', 3);
    default:
        return nats(value);
    }
}

}  // namespace

int usedDimensions(const EpochStats& epoch) {
    const auto& kl = epoch.test.kl_per_dim;
    return static_cast<int>(std::count_if(kl.begin(), kl.end(), [](double v) { return v > kUnusedDimensionNats; }));
}

QString claimQuantityWords(ClaimQuantity quantity) {
    switch (quantity) {
    case ClaimQuantity::UsedDimensions: return tr("code numbers in use");
    case ClaimQuantity::UsedDimensionsGain: return tr("code numbers in use, compared with the run before");
    case ClaimQuantity::TestKl: return tr("test KL in nats");
    case ClaimQuantity::Mig: return tr("MIG");
    case ClaimQuantity::MigGain: return tr("MIG, compared with the run before");
    case ClaimQuantity::NearestCodeSameClass: return tr("share of test images whose nearest code is of their class");
    case ClaimQuantity::MidpointNormRatio: return tr("|z| of slerp's middle over the line's");
    case ClaimQuantity::MidpointContrastRatio: return tr("pixel spread of slerp's middle over the line's");
    case ClaimQuantity::ReconstructionSpread: return tr("reconstruction spread");
    case ClaimQuantity::ReconstructionSpreadGain: return tr("reconstruction spread, compared with the run before");
    case ClaimQuantity::TestNegativeElbo: return tr("test −ELBO in nats");
    }
    return {};
}

std::optional<double> epochClaimValue(const LessonClaim& claim, const QVector<PartOutcome>& runs) {
    const PartOutcome* run = outcomeOf(runs, claim.part);
    if (!run) return std::nullopt;
    const PartOutcome* before = outcomeOf(runs, claim.part - 1);
    switch (claim.quantity) {
    case ClaimQuantity::UsedDimensions:
        return usedDimensions(run->last);
    case ClaimQuantity::UsedDimensionsGain:
        if (!before) return std::nullopt;
        return usedDimensions(run->last) - usedDimensions(before->last);
    case ClaimQuantity::TestKl:
        return run->last.test.loss.kl;
    case ClaimQuantity::Mig:
        return run->last.mig;
    case ClaimQuantity::MigGain:
        if (!before || !before->last.mig || !run->last.mig) return std::nullopt;
        return *run->last.mig - *before->last.mig;
    case ClaimQuantity::TestNegativeElbo:
        return -run->last.test.loss.elbo;
    default:
        return std::nullopt;
    }
}

QString describeClaims(const Lesson& lesson, const QVector<PartOutcome>& runs) {
    if (runs.isEmpty()) return {};
    QStringList lines;
    for (const LessonClaim& claim : lesson.claims) {
        if (claim.part != runs.last().part) continue;
        const std::optional<double> value = epochClaimValue(claim, runs);
        if (!value) continue;
        const bool holds = *value >= claim.low && *value <= claim.high;
        lines << tr("%1 %2 — %3: %4 (the lesson expects %5 to %6)")
                     .arg(holds ? QStringLiteral("✓") : QStringLiteral("✗"), claim.statement, claimQuantityWords(claim.quantity),
                          claimNumber(claim.quantity, *value), claimNumber(claim.quantity, claim.low),
                          claimNumber(claim.quantity, claim.high));
    }
    if (lines.isEmpty()) return {};
    return tr("What the lesson said, on this run:") + QLatin1Char('\n') + lines.join(QLatin1Char('\n'));
}

QString describeOutcome(const QVector<PartOutcome>& runs) {
    if (runs.isEmpty()) return {};
    const PartOutcome& run = runs.last();
    const LossTerms& test = run.last.test.loss;
    QString text = tr("Measured on this run after epoch %1: test −ELBO %2 nats (reconstruction %3 + KL %4).")
                       .arg(run.last.epoch)
                       .arg(nats(-test.elbo), nats(-test.recon), nats(test.kl));
    const int dims = static_cast<int>(run.last.test.kl_per_dim.size());
    if (dims > 0) {
        const int used = usedDimensions(run.last);
        text += QLatin1Char(' ') + tr("%1 of %2 code numbers carry information (KL above %3 nats); %4 unused.")
                                       .arg(used)
                                       .arg(dims)
                                       .arg(kUnusedDimensionNats)
                                       .arg(dims - used == 1 ? tr("1 is") : tr("%1 are").arg(dims - used));
        // A comparison with the run before it, when both have the same code size.
        for (int i = runs.size() - 2; i >= 0; --i) {
            if (static_cast<int>(runs[i].last.test.kl_per_dim.size()) != dims) continue;
            text += QLatin1Char(' ') + tr("The run before this one (β = %1) had %2 in use.")
                                           .arg(runs[i].beta)
                                           .arg(usedDimensions(runs[i].last));
            break;
        }
    }
    if (run.last.mig) {
        text += QLatin1Char(' ') + tr("MIG %1").arg(*run.last.mig, 0, 'f', 3);
        const auto earlier = std::find_if(runs.rbegin() + 1, runs.rend(), [](const PartOutcome& r) { return r.last.mig.has_value(); });
        if (earlier != runs.rend()) {
            const double before = *earlier->last.mig;
            const char* change = *run.last.mig > before ? "up from" : *run.last.mig < before ? "down from" : "the same as";
            text += QStringLiteral(", %1 %2 in the run with β = %3")
                        .arg(tr(change))
                        .arg(before, 0, 'f', 3)
                        .arg(earlier->beta);
        }
        text += QLatin1Char('.');
    }
    return text;
}

}  // namespace latentlab
