#include "model/measure/factor_scores.h"

#include "model/base/error.h"
#include "model/nn/evaluation_scope.h"

namespace latentlab {

namespace {

// Posterior means and factor values of `max_images` rows spread evenly over
// `set`, as flat row-major vectors.
struct CodedSample {
    std::vector<float> codes, factors;
    int64_t dims = 0;
};

CodedSample coded_sample(Vae& model, const ImageSet& set, const std::vector<std::string>& factor_names,
                         torch::Device device, int64_t max_images) {
    if (!set.factors.defined() || set.factors.size(1) != static_cast<int64_t>(factor_names.size()))
        throw Error("these images have no known factors (factors.csv) to measure MIG against");
    // Rows spread evenly over the split: folders list their images class by
    // class, so the first rows alone would see only some shapes.
    const int64_t n = std::min(set.size(), max_images);
    const auto chosen = torch::div(torch::arange(n, torch::kLong) * set.size(), n, "floor");
    const EvaluationScope scope(model);
    std::vector<torch::Tensor> means;
    const auto images = set.source();
    for (int64_t begin = 0; begin < n; begin += 1000) {
        const auto rows = chosen.slice(0, begin, std::min(n, begin + 1000));
        means.push_back(model->encode(to_float_batch(*images, rows).to(device)).mean.to(torch::kCPU));
    }
    const auto codes = torch::cat(means).to(torch::kFloat).contiguous();
    const auto factors = set.factors.index_select(0, chosen).to(torch::kFloat).contiguous();
    CodedSample sample;
    sample.codes.assign(codes.data_ptr<float>(), codes.data_ptr<float>() + codes.numel());
    sample.factors.assign(factors.data_ptr<float>(), factors.data_ptr<float>() + factors.numel());
    sample.dims = codes.size(1);
    return sample;
}

}  // namespace

MigResult latent_mig(Vae& model, const ImageSet& set, const std::vector<std::string>& factor_names,
                     torch::Device device, int64_t max_images) {
    const CodedSample sample = coded_sample(model, set, factor_names, device, max_images);
    return mutual_information_gap(sample.codes, sample.dims, sample.factors, factor_names);
}

std::vector<DimensionFactor> dimension_factors(Vae& model, const ImageSet& set,
                                               const std::vector<std::string>& factor_names, torch::Device device,
                                               int64_t max_images) {
    const CodedSample sample = coded_sample(model, set, factor_names, device, max_images);
    const auto columns = static_cast<int64_t>(factor_names.size());
    return best_factor_of_each_dimension(
        normalised_information(sample.codes, sample.dims, sample.factors, factor_names), sample.dims, columns);
}

}  // namespace latentlab
