#include "model/store/csv_reader.h"

#include "model/base/error.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace latentlab {

int CsvTable::column(const std::string& name) const {
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name) return static_cast<int>(i);
    return -1;
}

CsvTable parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string field;
    bool quoted = false, any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"', ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            record.push_back(std::move(field)), field.clear(), any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            if (any || !field.empty()) record.push_back(std::move(field));
            if (!record.empty()) records.push_back(std::move(record));
            record.clear(), field.clear(), any = false;
        } else {
            field += c, any = true;
        }
    }
    if (quoted) throw Error("the CSV file ends inside a quoted field");
    if (any || !field.empty()) record.push_back(std::move(field));
    if (!record.empty()) records.push_back(std::move(record));
    CsvTable table;
    if (records.empty()) return table;
    table.columns = std::move(records.front());
    for (size_t r = 1; r < records.size(); ++r) {
        if (records[r].size() != table.columns.size())
            throw Error("row " + std::to_string(r + 1) + " of the CSV file has " + std::to_string(records[r].size()) +
                        " fields; the header has " + std::to_string(table.columns.size()));
        table.rows.push_back(std::move(records[r]));
    }
    return table;
}

double csv_number(const std::string& field) {
    if (field == "nan") return std::numeric_limits<double>::quiet_NaN();
    if (field == "inf") return std::numeric_limits<double>::infinity();
    if (field == "-inf") return -std::numeric_limits<double>::infinity();
    double value = 0.0;
    const auto result = std::from_chars(field.data(), field.data() + field.size(), value);
    if (result.ec != std::errc() || result.ptr != field.data() + field.size())
        throw Error("'" + field + "' in the CSV file is not a number");
    return value;
}

}  // namespace latentlab
