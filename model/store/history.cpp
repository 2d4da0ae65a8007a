#include "model/store/history.h"

#include "model/base/error.h"
#include "model/store/atomic_file.h"
#include "model/store/csv_reader.h"
#include "model/store/csv_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>


namespace latentlab {

namespace {

nlohmann::json to_json(const LossTerms& loss) {
    return {{"elbo", loss.elbo}, {"recon", loss.recon}, {"kl", loss.kl}};
}

LossTerms loss_from_json(const nlohmann::json& j) {
    LossTerms loss;
    loss.elbo = j.at("elbo").get<double>();
    loss.recon = j.at("recon").get<double>();
    loss.kl = j.at("kl").get<double>();
    return loss;
}

}  // namespace

std::string history_csv(const std::vector<EpochStats>& history) {
    const size_t dims = history.empty() ? 0 : history.front().test.kl_per_dim.size();
    std::vector<std::string> columns{"epoch",   "train_elbo", "train_recon", "train_kl",         "test_elbo",
                                     "test_recon", "test_kl", "seconds",     "images_per_second"};
    for (size_t d = 0; d < dims; ++d) columns.push_back("test_kl_z" + std::to_string(d));
    const bool mig = std::any_of(history.begin(), history.end(), [](const EpochStats& e) { return e.mig.has_value(); });
    if (mig) columns.push_back("mig");
    CsvWriter csv(columns);
    for (const auto& e : history) {
        csv << e.epoch << e.train.elbo << e.train.recon << e.train.kl << e.test.loss.elbo << e.test.loss.recon
            << e.test.loss.kl << e.seconds << e.images_per_second;
        for (size_t d = 0; d < dims; ++d) csv << (d < e.test.kl_per_dim.size() ? e.test.kl_per_dim[d] : 0.0);
        if (mig) csv << e.mig.value_or(std::nan(""));
        csv.end_row();
    }
    return csv.text();
}

std::vector<EpochStats> history_from_csv(const std::string& text) {
    const CsvTable table = parse_csv(text);
    const auto column = [&](const std::string& name) {
        const int index = table.column(name);
        if (index < 0) throw Error("history.csv has no column " + name);
        return static_cast<size_t>(index);
    };
    const size_t epoch = column("epoch"), trainElbo = column("train_elbo"), trainRecon = column("train_recon"),
                 trainKl = column("train_kl"), testElbo = column("test_elbo"), testRecon = column("test_recon"),
                 testKl = column("test_kl"), seconds = column("seconds"), rate = column("images_per_second");
    std::vector<size_t> perDim;
    for (size_t d = 0; table.column("test_kl_z" + std::to_string(d)) >= 0; ++d)
        perDim.push_back(static_cast<size_t>(table.column("test_kl_z" + std::to_string(d))));
    const int mig = table.column("mig");
    std::vector<EpochStats> history;
    for (const auto& row : table.rows) {
        EpochStats e;
        e.epoch = static_cast<int64_t>(csv_number(row[epoch]));
        e.train.elbo = csv_number(row[trainElbo]);
        e.train.recon = csv_number(row[trainRecon]);
        e.train.kl = csv_number(row[trainKl]);
        e.test.loss.elbo = csv_number(row[testElbo]);
        e.test.loss.recon = csv_number(row[testRecon]);
        e.test.loss.kl = csv_number(row[testKl]);
        e.seconds = csv_number(row[seconds]);
        e.images_per_second = csv_number(row[rate]);
        for (size_t d : perDim) e.test.kl_per_dim.push_back(csv_number(row[d]));
        if (mig >= 0 && std::isfinite(csv_number(row[static_cast<size_t>(mig)])))
            e.mig = csv_number(row[static_cast<size_t>(mig)]);
        history.push_back(std::move(e));
    }
    return history;
}

void write_history_csv(const std::string& path, const std::vector<EpochStats>& history) {
    write_file_atomically(path, history_csv(history));
}

std::string history_to_json(const std::vector<EpochStats>& history) {
    auto j = nlohmann::json::array();
    for (const auto& e : history) {
        j.push_back({{"epoch", e.epoch},
                     {"train", to_json(e.train)},
                     {"test", to_json(e.test.loss)},
                     {"test_images", e.test.images},
                     {"test_kl_per_dim", e.test.kl_per_dim},
                     {"seconds", e.seconds},
                     {"images_per_second", e.images_per_second}});
        if (e.mig) j.back()["mig"] = *e.mig;
    }
    return j.dump();
}

std::vector<EpochStats> history_from_json(const std::string& text) {
    std::vector<EpochStats> history;
    try {
        for (const auto& j : nlohmann::json::parse(text)) {
            EpochStats e;
            e.epoch = j.at("epoch").get<int64_t>();
            e.train = loss_from_json(j.at("train"));
            e.test.loss = loss_from_json(j.at("test"));
            e.test.images = j.at("test_images").get<int64_t>();
            e.test.kl_per_dim = j.at("test_kl_per_dim").get<std::vector<double>>();
            e.seconds = j.at("seconds").get<double>();
            e.images_per_second = j.at("images_per_second").get<double>();
            if (j.contains("mig")) e.mig = j.at("mig").get<double>();
            history.push_back(std::move(e));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed training history: ") + e.what());
    }
    return history;
}

}  // namespace latentlab
