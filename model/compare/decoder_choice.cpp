#include "model/compare/decoder_choice.h"

#include "model/base/error.h"
#include "model/store/csv_writer.h"

#include <set>
#include <sstream>

namespace latentlab {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream stream(text);
    while (std::getline(stream, part, separator)) parts.push_back(part);
    if (!text.empty() && text.back() == separator) parts.emplace_back();
    return parts;
}

double parse_sigma(const std::string& text, const std::string& decoder) {
    size_t used = 0;
    double value = 0.0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !(value >= limits::kSigmaMin && value <= limits::kSigmaMax))
        throw Error("decoder " + decoder + ": '" + text + "' is not a sigma between 1e-06 and 100");
    return value;
}

bool has_sigma(LikelihoodKind kind) { return kind != LikelihoodKind::Bernoulli && kind != LikelihoodKind::ContinuousBernoulli; }

bool has_min_sigma(LikelihoodKind kind) {
    return kind == LikelihoodKind::GaussianLearned || kind == LikelihoodKind::LaplaceLearned ||
           kind == LikelihoodKind::GaussianPredicted;
}

}  // namespace

std::vector<DecoderChoice> parse_decoder_choices(const std::string& text, const VaeConfig& base) {
    std::vector<DecoderChoice> choices;
    std::set<std::string> seen;
    for (const auto& item : split(text, ',')) {
        const auto fields = split(item, ':');
        DecoderChoice choice;
        choice.sigma = base.sigma;
        choice.min_sigma = base.min_sigma;
        choice.variance = base.decoder_variance;
        if (fields.empty() || !parse_likelihood_kind(fields[0], &choice.likelihood))
            throw Error("unknown decoder '" + (fields.empty() ? std::string() : fields[0]) + "' in the list '" + text + "'");
        for (size_t i = 1; i < fields.size(); ++i) {
            const auto& field = fields[i];
            if (choice.likelihood == LikelihoodKind::GaussianPredicted && parse_decoder_variance(field, &choice.variance))
                continue;
            if (field.rfind("min=", 0) == 0 && has_min_sigma(choice.likelihood)) {
                choice.min_sigma = parse_sigma(field.substr(4), fields[0]);
            } else if (has_sigma(choice.likelihood)) {
                choice.sigma = parse_sigma(field, fields[0]);
            } else {
                throw Error("decoder " + fields[0] + " has no setting '" + field + "'");
            }
        }
        if (has_min_sigma(choice.likelihood) && choice.sigma < choice.min_sigma)
            throw Error("decoder " + fields[0] + ": its initial sigma is below its lower bound");
        if (!seen.insert(decoder_label(choice)).second) throw Error("the decoder " + decoder_label(choice) + " is listed twice");
        choices.push_back(choice);
    }
    if (static_cast<int>(choices.size()) < kMatchedRunsMin || static_cast<int>(choices.size()) > kMatchedRunsMax)
        throw Error("a comparison takes 2 to 7 decoders, not " + std::to_string(choices.size()));
    return choices;
}

std::string decoder_label(const DecoderChoice& c) {
    std::string label = to_string(c.likelihood);
    if (c.likelihood == LikelihoodKind::Gaussian || c.likelihood == LikelihoodKind::Laplace)
        label += (c.likelihood == LikelihoodKind::Laplace ? " b=" : " σ=") + CsvWriter::number(c.sigma);
    if (c.likelihood == LikelihoodKind::GaussianPredicted) label += " (" + to_string(c.variance) + ")";
    if (has_min_sigma(c.likelihood)) label += " σ≥" + CsvWriter::number(c.min_sigma);
    return label;
}

std::string decoder_folder_name(const DecoderChoice& c, int index) {
    std::string name = std::to_string(index) + "-" + to_string(c.likelihood);
    if (c.likelihood == LikelihoodKind::Gaussian || c.likelihood == LikelihoodKind::Laplace)
        name += "-sigma" + CsvWriter::number(c.sigma);
    if (c.likelihood == LikelihoodKind::GaussianPredicted) name += "-" + to_string(c.variance);
    return name;
}

RunConfig matched_config(const RunConfig& base, const DecoderChoice& choice) {
    RunConfig config = base;
    config.model.likelihood = choice.likelihood;
    config.model.sigma = choice.sigma;
    config.model.min_sigma = choice.min_sigma;
    config.model.decoder_variance = choice.variance;
    return config;
}

}  // namespace latentlab
