#include "model/train/ada_gvae.h"

namespace latentlab {

torch::Tensor kl_per_dimension(const DiagonalGaussian& q1, const DiagonalGaussian& q2) {
    const auto var_ratio = (q1.log_var - q2.log_var).exp();
    const auto mean_term = (q1.mean - q2.mean).pow(2) / q2.log_var.exp();
    return 0.5 * (var_ratio + mean_term - 1 - (q1.log_var - q2.log_var));
}

torch::Tensor shared_dimensions(const DiagonalGaussian& q1, const DiagonalGaussian& q2) {
    // Which dimensions are shared is a guess made on the current posteriors; no
    // gradient flows through it.
    const torch::NoGradGuard no_grad;
    const auto kl = kl_per_dimension(q1, q2);
    const auto threshold = 0.5 * (std::get<0>(kl.max(1, true)) + std::get<0>(kl.min(1, true)));
    return kl < threshold;
}

std::pair<DiagonalGaussian, DiagonalGaussian> average_shared(const DiagonalGaussian& q1, const DiagonalGaussian& q2,
                                                             const torch::Tensor& shared) {
    const auto mean = 0.5 * (q1.mean + q2.mean);
    const auto log_var = (0.5 * (q1.log_var.exp() + q2.log_var.exp())).log();
    return {{torch::where(shared, mean, q1.mean), torch::where(shared, log_var, q1.log_var)},
            {torch::where(shared, mean, q2.mean), torch::where(shared, log_var, q2.log_var)}};
}

ElboTerms ada_gvae_elbo(Vae& model, const torch::Tensor& x1, const torch::Tensor& x2, const torch::Tensor& noise) {
    const auto q1 = model->encode(x1);
    const auto q2 = model->encode(x2);
    const auto [a, b] = average_shared(q1, q2, shared_dimensions(q1, q2));
    const DiagonalGaussian q{torch::cat({a.mean, b.mean}), torch::cat({a.log_var, b.log_var})};
    const auto both = torch::cat({noise.select(1, 0), noise.select(1, 1)});  // [2B, S, D]
    const auto target = torch::cat({x1, x2}).flatten(1).unsqueeze(1);     // [2B, 1, P]
    ElboTerms terms;
    terms.recon = model->likelihood().log_prob(target, model->decode(reparameterize(q, both))).mean(1);
    terms.kl_per_dim = kl_to_standard_normal(q);
    terms.kl = terms.kl_per_dim.sum(1);
    return terms;
}

}  // namespace latentlab
