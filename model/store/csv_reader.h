#pragma once

// Reads back what CsvWriter writes: a header row, then rows of fields,
// quoted fields holding commas, quotes or line breaks.

#include <string>
#include <vector>

namespace latentlab {

struct CsvTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;

    // The index of a column; -1 when absent.
    int column(const std::string& name) const;
};

// Throws latentlab::Error when a row's field count differs from the header's.
CsvTable parse_csv(const std::string& text);

// A field as a number, as CsvWriter::number writes it (nan, inf, -inf
// included). Throws latentlab::Error naming the field.
double csv_number(const std::string& field);

}  // namespace latentlab
