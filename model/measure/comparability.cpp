#include "model/measure/comparability.h"

#include "model/base/number_settings.h"

#include <cmath>
#include <cstdio>

namespace latentlab {

namespace {

// What bounds a density's log p(x|z), hence its ELBO and log p(x), on pixels
// that are not dequantized: a Gaussian's density never exceeds that of its
// smallest σ at its mean, 1 / (σ √(2π)) a pixel, a Laplace's 1 / (2b); the
// continuous Bernoulli's has no bound (its normaliser grows without limit as
// the decoded probability goes to 0 or 1, at pixels of exactly 0 or 1).
std::string density_bound(const VaeConfig& model) {
    const double pi = 3.14159265358979323846;
    double scale = model.sigma;
    double per_pixel = 0.0;
    std::string what;
    switch (model.likelihood) {
        case LikelihoodKind::Gaussian:
            per_pixel = -std::log(scale * std::sqrt(2.0 * pi));
            what = "its fixed σ = " + format_number(scale);
            break;
        case LikelihoodKind::GaussianLearned:
        case LikelihoodKind::GaussianPredicted:
            scale = model.min_sigma;
            per_pixel = -std::log(scale * std::sqrt(2.0 * pi));
            what = "its lowest σ = " + format_number(scale);
            break;
        case LikelihoodKind::Laplace:
            per_pixel = -std::log(2.0 * scale);
            what = "its fixed b = " + format_number(scale);
            break;
        case LikelihoodKind::LaplaceLearned:
            scale = model.min_sigma;
            per_pixel = -std::log(2.0 * scale);
            what = "its lowest b = " + format_number(scale);
            break;
        default:
            return "unbounded: the continuous Bernoulli's density grows without limit on pixels of exactly 0 or 1";
    }
    char bound[64];
    std::snprintf(bound, sizeof bound, "%.1f", per_pixel * static_cast<double>(model.pixels()));
    return "bounded only by " + what + " (log p(x) ≤ " + bound + " nats per image)";
}

}  // namespace

Comparability comparability(const RunConfig& config) {
    Comparability c;
    c.density = config.model.likelihood != LikelihoodKind::Bernoulli;
    c.dequantized = config.data.dequantize;
    c.bits_per_dim = c.density && c.dequantized;
    if (!c.density) {
        c.note = "not a density: Bernoulli of grey pixels; ELBO and log p(x) compare with no other row";
    } else if (c.dequantized) {
        c.note = "density on dequantized pixels: ELBO, log p(x), bits/dim compare with the other density rows";
    } else {
        c.note = "density on k/255 pixels (not dequantized), " + density_bound(config.model) +
                 ": ELBO, log p(x) compare only with the other density rows of this table";
    }
    return c;
}

std::string comparability_explained() {
    return "Mean squared error, SSIM, active units and training time measure the same thing for every decoder, "
           "so they compare across all rows. The ELBO, the reconstruction term and log p(x) do not: each is "
           "measured in the decoder's own likelihood. Gaussian, Laplace and continuous-Bernoulli decoders give "
           "densities, which compare with each other only on the same data; on grey levels stored as k/255 a "
           "density can pile up on those exact values, limited only by its smallest σ or scale (the continuous "
           "Bernoulli not at all), so its log p(x) says more about that limit than about the model; --dequantize adds "
           "one grey level of uniform noise to every image (as density-model papers do) and the table then "
           "gives bits per dimension on the [0, 256) scale of dequantized grey levels, the figure the literature "
           "reports (lower is better). "
           "A Bernoulli decoder on grey pixels is not a density at all: its log-likelihood is a cross-entropy "
           "of soft targets and compares with no other row. The KL term is in nats of the same latent space for "
           "all rows.";
}

}  // namespace latentlab
