#include "model/measure/comparability.h"

namespace latentlab {

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
        c.note = "density on k/255 pixels (not dequantized, unbounded in principle): ELBO, log p(x) compare "
                 "only with the other density rows of this table";
    }
    return c;
}

std::string comparability_explained() {
    return "Mean squared error, SSIM, active units and training time measure the same thing for every decoder, "
           "so they compare across all rows. The ELBO, the reconstruction term and log p(x) do not: each is "
           "measured in the decoder's own likelihood. Gaussian, Laplace and continuous-Bernoulli decoders give "
           "densities, which compare with each other only on the same data; on grey levels stored as k/255 a "
           "density can pile up on those exact values and its log p(x) has no upper limit, so --dequantize adds "
           "one grey level of uniform noise to every image (as density-model papers do) and the table then "
           "gives bits per dimension on the 0-255 scale, the figure the literature reports (lower is better). "
           "A Bernoulli decoder on grey pixels is not a density at all: its log-likelihood is a cross-entropy "
           "of soft targets and compares with no other row. The KL term is in nats of the same latent space for "
           "all rows.";
}

}  // namespace latentlab
