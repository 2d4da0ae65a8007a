#include "model/measure/disentanglement.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace latentlab {

namespace {

// State index of every row: distinct values of a factor, in sorted order.
std::vector<int> factor_states(const std::vector<float>& factors, size_t count, size_t columns, size_t column,
                               int& states) {
    std::map<float, int> index;
    for (size_t row = 0; row < count; ++row) index.emplace(factors[row * columns + column], 0);
    int next = 0;
    for (auto& entry : index) entry.second = next++;
    states = next;
    std::vector<int> result(count);
    for (size_t row = 0; row < count; ++row) result[row] = index[factors[row * columns + column]];
    return result;
}

std::vector<int> code_bins(const std::vector<float>& codes, size_t count, size_t dims, size_t dim, int bins) {
    float low = codes[dim];
    float high = codes[dim];
    for (size_t row = 0; row < count; ++row) {
        low = std::min(low, codes[row * dims + dim]);
        high = std::max(high, codes[row * dims + dim]);
    }
    std::vector<int> result(count, 0);
    if (!(high > low)) return result;  // a constant dimension is one bin
    const double width = (static_cast<double>(high) - low) / bins;
    for (size_t row = 0; row < count; ++row) {
        const int bin = static_cast<int>((codes[row * dims + dim] - low) / width);
        result[row] = std::min(bin, bins - 1);  // the maximum falls in the last bin
    }
    return result;
}

double entropy(const std::vector<int>& states, int count) {
    std::vector<double> counts(static_cast<size_t>(count), 0.0);
    for (int s : states) counts[static_cast<size_t>(s)] += 1;
    double h = 0;
    for (double c : counts)
        if (c > 0) {
            const double p = c / static_cast<double>(states.size());
            h -= p * std::log(p);
        }
    return h;
}

double mutual_information(const std::vector<int>& a, int a_states, const std::vector<int>& b, int b_states) {
    const double n = static_cast<double>(a.size());
    std::vector<double> joint(static_cast<size_t>(a_states) * b_states, 0.0);
    std::vector<double> pa(static_cast<size_t>(a_states), 0.0);
    std::vector<double> pb(static_cast<size_t>(b_states), 0.0);
    for (size_t i = 0; i < a.size(); ++i) {
        joint[static_cast<size_t>(a[i]) * b_states + b[i]] += 1;
        pa[static_cast<size_t>(a[i])] += 1;
        pb[static_cast<size_t>(b[i])] += 1;
    }
    double mi = 0;
    for (int i = 0; i < a_states; ++i)
        for (int j = 0; j < b_states; ++j) {
            const double c = joint[static_cast<size_t>(i) * b_states + j];
            if (c > 0) mi += c / n * std::log(c * n / (pa[static_cast<size_t>(i)] * pb[static_cast<size_t>(j)]));
        }
    return std::max(mi, 0.0);
}

// The rows' count after checking that codes and factors agree.
size_t checked_rows(const std::vector<float>& codes, int64_t dims, const std::vector<float>& factors, size_t columns,
                    int bins) {
    if (dims <= 0 || columns == 0 || bins < 1 || codes.size() % static_cast<size_t>(dims) != 0)
        throw std::invalid_argument("MIG: codes do not form whole rows");
    const size_t count = codes.size() / static_cast<size_t>(dims);
    if (factors.size() != count * columns || count == 0)
        throw std::invalid_argument("MIG: codes and factors have different numbers of rows");
    return count;
}

std::vector<std::vector<int>> binned_codes(const std::vector<float>& codes, size_t count, int64_t dims, int bins) {
    std::vector<std::vector<int>> binned;
    for (size_t d = 0; d < static_cast<size_t>(dims); ++d) binned.push_back(code_bins(codes, count, dims, d, bins));
    return binned;
}

}  // namespace

MigResult mutual_information_gap(const std::vector<float>& codes, int64_t dims, const std::vector<float>& factors,
                                 const std::vector<std::string>& factor_names, int bins) {
    const size_t columns = factor_names.size();
    const size_t count = checked_rows(codes, dims, factors, columns, bins);
    const std::vector<std::vector<int>> binned = binned_codes(codes, count, dims, bins);

    MigResult result;
    for (size_t f = 0; f < columns; ++f) {
        int states = 0;
        const std::vector<int> factor = factor_states(factors, count, columns, f, states);
        if (states < 2) continue;
        FactorGap gap;
        gap.factor = factor_names[f];
        gap.entropy = entropy(factor, states);
        for (size_t d = 0; d < binned.size(); ++d) {
            const double mi = mutual_information(binned[d], bins, factor, states);
            if (mi > gap.best_information) {
                gap.second_information = gap.best_information;
                gap.best_information = mi;
                gap.best_dimension = static_cast<int>(d);
            } else {
                gap.second_information = std::max(gap.second_information, mi);
            }
        }
        gap.gap = (gap.best_information - gap.second_information) / gap.entropy;
        result.factors.push_back(gap);
    }
    for (const FactorGap& gap : result.factors) result.mig += gap.gap;
    if (!result.factors.empty()) result.mig /= static_cast<double>(result.factors.size());
    return result;
}

std::vector<double> normalised_information(const std::vector<float>& codes, int64_t dims,
                                           const std::vector<float>& factors,
                                           const std::vector<std::string>& factor_names, int bins) {
    const size_t columns = factor_names.size();
    const size_t count = checked_rows(codes, dims, factors, columns, bins);
    const std::vector<std::vector<int>> binned = binned_codes(codes, count, dims, bins);
    std::vector<double> result(static_cast<size_t>(dims) * columns, 0.0);
    for (size_t f = 0; f < columns; ++f) {
        int states = 0;
        const std::vector<int> factor = factor_states(factors, count, columns, f, states);
        if (states < 2) continue;
        const double h = entropy(factor, states);
        for (size_t d = 0; d < binned.size(); ++d)
            result[d * columns + f] = std::min(1.0, mutual_information(binned[d], bins, factor, states) / h);
    }
    return result;
}

std::vector<DimensionFactor> best_factor_of_each_dimension(const std::vector<double>& information, int64_t dims,
                                                           int64_t factors) {
    if (dims < 0 || factors < 0 || information.size() != static_cast<size_t>(dims * factors))
        throw std::invalid_argument("the information matrix is not dims x factors");
    std::vector<DimensionFactor> result(static_cast<size_t>(dims));
    for (int64_t d = 0; d < dims; ++d)
        for (int64_t f = 0; f < factors; ++f) {
            const double value = information[static_cast<size_t>(d * factors + f)];
            if (value > result[static_cast<size_t>(d)].information) result[static_cast<size_t>(d)] = {static_cast<int>(f), value};
        }
    return result;
}

}  // namespace latentlab
