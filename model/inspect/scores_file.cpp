#include "model/inspect/scores_file.h"

#include "model/base/error.h"
#include "model/store/csv_reader.h"
#include "model/store/csv_writer.h"

namespace latentlab {

namespace {

std::vector<std::string> scores_columns(int64_t latent, bool iw) {
    std::vector<std::string> columns = {"split", "index", "file", "label", "class", "epoch", "step",
                                        "elbo",  "recon", "kl"};
    if (iw) columns.insert(columns.end(), {"log_px", "iw_samples"});
    columns.push_back("mse");
    for (int64_t k = 0; k < latent; ++k) columns.push_back("z" + std::to_string(k));
    return columns;
}

// Rows [begin, end) into `csv`; `means` holds those rows' means.
void write_rows(CsvWriter& csv, const DatasetScores& d, const ImageScores& s, const torch::Tensor& means, int64_t begin,
                int64_t end) {
    const bool iw = !s.log_px.empty();
    const int64_t latent = means.defined() && means.dim() == 2 ? means.size(1) : 0;
    const auto z_rows = latent > 0 ? means.to(torch::kFloat).contiguous() : torch::Tensor();
    for (int64_t r = begin; r < end; ++r) {
        const auto i = static_cast<size_t>(r);
        const int64_t label = d.label[i];
        const std::string name = label >= 0 && label < static_cast<int64_t>(d.class_names.size())
                                     ? d.class_names[static_cast<size_t>(label)]
                                     : std::string();
        csv << std::string(d.test[i] ? "test" : "train") << d.index[i] << d.file[i] << label << name << d.epoch
            << d.step << s.elbo[i] << s.recon[i] << s.kl[i];
        if (iw) csv << s.log_px[i] << s.iw_samples;
        csv << s.mse[i];
        const float* z = latent > 0 ? z_rows.data_ptr<float>() + (r - begin) * latent : nullptr;
        for (int64_t k = 0; k < latent; ++k) csv << static_cast<double>(z[k]);
        csv.end_row();
    }
}

}  // namespace

std::string scores_csv(const DatasetScores& d) {
    const ImageScores& s = d.scores;
    const int64_t latent = s.means.defined() ? s.means.size(1) : 0;
    CsvWriter csv(scores_columns(latent, !s.log_px.empty()));
    write_rows(csv, d, s, s.means, 0, d.size());
    return csv.text();
}

std::string scores_csv_header(int64_t latent, bool iw) { return CsvWriter(scores_columns(latent, iw)).text(); }

std::string scores_csv_rows(const DatasetScores& where, const ImageScores& scores, const torch::Tensor& means,
                            int64_t begin, int64_t end) {
    CsvWriter csv({});
    const size_t header = csv.text().size();  // an empty header line
    write_rows(csv, where, scores, means, begin, end);
    return csv.text().substr(header);
}

DatasetScores parse_scores_csv(const std::string& text) {
    const CsvTable table = parse_csv(text);
    const auto need = [&](const std::string& name) {
        const int c = table.column(name);
        if (c < 0) throw Error("the scores file has no '" + name + "' column");
        return static_cast<size_t>(c);
    };
    const size_t split = need("split"), index = need("index"), file = need("file"), label = need("label"),
                 klass = need("class"), epoch = need("epoch"), step = need("step"), elbo = need("elbo"),
                 recon = need("recon"), kl = need("kl"), mse = need("mse");
    const int logPx = table.column("log_px"), iwSamples = table.column("iw_samples");
    std::vector<size_t> zs;
    for (int k = 0; table.column("z" + std::to_string(k)) >= 0; ++k)
        zs.push_back(static_cast<size_t>(table.column("z" + std::to_string(k))));
    DatasetScores d;
    ImageScores& s = d.scores;
    std::vector<float> means;
    for (const auto& row : table.rows) {
        if (row[split] != "train" && row[split] != "test") throw Error("'" + row[split] + "' is not a split");
        d.test.push_back(row[split] == "test" ? 1 : 0);
        d.index.push_back(static_cast<int64_t>(csv_number(row[index])));
        d.file.push_back(row[file]);
        const auto l = static_cast<int64_t>(csv_number(row[label]));
        d.label.push_back(l);
        if (l >= 0) {
            if (d.class_names.size() <= static_cast<size_t>(l)) d.class_names.resize(static_cast<size_t>(l) + 1);
            d.class_names[static_cast<size_t>(l)] = row[klass];
        }
        d.epoch = static_cast<int64_t>(csv_number(row[epoch]));
        d.step = static_cast<int64_t>(csv_number(row[step]));
        s.elbo.push_back(csv_number(row[elbo]));
        s.recon.push_back(csv_number(row[recon]));
        s.kl.push_back(csv_number(row[kl]));
        if (logPx >= 0) s.log_px.push_back(csv_number(row[static_cast<size_t>(logPx)]));
        if (iwSamples >= 0) s.iw_samples = static_cast<int64_t>(csv_number(row[static_cast<size_t>(iwSamples)]));
        s.mse.push_back(csv_number(row[mse]));
        for (size_t z : zs) means.push_back(static_cast<float>(csv_number(row[z])));
    }
    s.means = torch::tensor(means, torch::kFloat).view({d.size(), static_cast<int64_t>(zs.size())}).clone();
    return d;
}

bool scores_match(const DatasetScores& cached, int64_t epoch, int64_t step, const Dataset& data, int64_t iw_samples) {
    if (cached.epoch != epoch || cached.step != step) return false;
    if (cached.size() != data.train.size() + data.test.size()) return false;
    if (iw_samples > 0 && (cached.scores.log_px.empty() || cached.scores.iw_samples < iw_samples)) return false;
    // The same files in the same order (folders); IDX data has none to compare.
    for (int64_t r = 0; r < cached.size(); ++r) {
        const auto i = static_cast<size_t>(r);
        const ImageSet& set = cached.test[i] ? data.test : data.train;
        const auto at = static_cast<size_t>(cached.index[i]);
        const std::string file = at < set.paths.size() ? set.paths[at] : std::string();
        if (file != cached.file[i]) return false;
    }
    return true;
}

}  // namespace latentlab
