#include "model/data/pairs_file.h"

#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace latentlab {

namespace fs = std::filesystem;

std::string attach_pairs(Dataset& dataset, const std::string& root) {
    const fs::path file = fs::path(root) / "pairs.csv";
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return "";
    const fs::path base = fs::path(root).lexically_normal();
    std::unordered_map<std::string, int64_t> row_of;
    for (size_t i = 0; i < dataset.train.paths.size(); ++i)
        row_of[fs::path(dataset.train.paths[i]).lexically_normal().lexically_relative(base).generic_string()] =
            static_cast<int64_t>(i);

    std::ifstream in(file);
    std::string line;
    if (!std::getline(in, line) || line.rfind("first,second", 0) != 0)
        return "pairs.csv does not start with first,second";
    std::vector<int64_t> rows;
    for (int number = 2; std::getline(in, line); ++number) {
        if (line.empty()) continue;
        const size_t comma = line.find(',');
        const size_t second_end = comma == std::string::npos ? comma : line.find(',', comma + 1);
        if (comma == std::string::npos)
            return "pairs.csv line " + std::to_string(number) + " does not name two files";
        const auto first = row_of.find(line.substr(0, comma));
        const auto second = row_of.find(line.substr(comma + 1, second_end == std::string::npos
                                                                    ? std::string::npos
                                                                    : second_end - comma - 1));
        if (first == row_of.end() || second == row_of.end()) continue;  // an image in the test split
        rows.push_back(first->second);
        rows.push_back(second->second);
    }
    if (rows.empty()) return "no pair of pairs.csv has both images in the training split";
    dataset.train_pairs = torch::tensor(rows, torch::kLong).view({-1, 2});
    return "";
}

}  // namespace latentlab
