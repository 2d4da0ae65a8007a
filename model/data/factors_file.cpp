#include "model/data/factors_file.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace latentlab {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> split_commas(const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream stream(line);
    std::string field;
    while (std::getline(stream, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    return fields;
}

// Rows of `set` looked up by their file relative to `root`.
std::string fill(ImageSet& set, const fs::path& root, const std::unordered_map<std::string, std::vector<float>>& rows,
                 size_t columns) {
    if (set.size() == 0) return "";
    if (set.paths.size() != static_cast<size_t>(set.size())) return "the images have no file names";
    std::vector<float> values;
    values.reserve(set.paths.size() * columns);
    for (const std::string& path : set.paths) {
        const std::string relative = fs::path(path).lexically_normal().lexically_relative(root).generic_string();
        const auto row = rows.find(relative);
        if (row == rows.end()) return "factors.csv does not list " + relative;
        values.insert(values.end(), row->second.begin(), row->second.end());
    }
    set.factors = torch::tensor(values, torch::kFloat).reshape({set.size(), static_cast<int64_t>(columns)});
    return "";
}

}  // namespace

std::string attach_factors(Dataset& dataset, const std::string& root) {
    const fs::path file = fs::path(root) / "factors.csv";
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return "";
    std::ifstream in(file);
    std::string line;
    if (!std::getline(in, line)) return "factors.csv is empty";
    std::vector<std::string> header = split_commas(line);
    if (header.size() < 2 || header.front() != "file") return "factors.csv does not start with file,<factor>,...";
    const size_t columns = header.size() - 1;

    std::unordered_map<std::string, std::vector<float>> rows;
    for (int number = 2; std::getline(in, line); ++number) {
        if (line.empty()) continue;
        const std::vector<std::string> fields = split_commas(line);
        if (fields.size() != header.size())
            return "factors.csv line " + std::to_string(number) + " has " + std::to_string(fields.size()) +
                   " fields, not " + std::to_string(header.size());
        std::vector<float> values;
        for (size_t i = 1; i < fields.size(); ++i) {
            char* end = nullptr;
            const float value = std::strtof(fields[i].c_str(), &end);
            if (fields[i].empty() || *end != '\0' || !std::isfinite(value))
                return "factors.csv line " + std::to_string(number) + ": '" + fields[i] + "' is not a number";
            values.push_back(value);
        }
        rows[fields[0]] = std::move(values);
    }
    const fs::path base = fs::path(root).lexically_normal();
    for (ImageSet* set : {&dataset.train, &dataset.test}) {
        if (std::string problem = fill(*set, base, rows, columns); !problem.empty()) {
            dataset.train.factors = torch::Tensor();
            dataset.test.factors = torch::Tensor();
            return problem;
        }
    }
    dataset.factor_names.assign(header.begin() + 1, header.end());
    return "";
}

}  // namespace latentlab
