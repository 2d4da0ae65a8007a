#include "model/store/csv_writer.h"

#include <charconv>
#include <cmath>

namespace latentlab {

CsvWriter::CsvWriter(const std::vector<std::string>& columns) {
    for (const auto& column : columns) *this << column;
    end_row();
}

std::string CsvWriter::number(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::string CsvWriter::quoted(const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string text = "\"";
    for (char c : field) {
        if (c == '"') text += '"';
        text += c;
    }
    return text + '"';
}

void CsvWriter::separate() {
    if (row_started_) text_ += ',';
    row_started_ = true;
}

CsvWriter& CsvWriter::operator<<(double value) {
    separate();
    text_ += number(value);
    return *this;
}

CsvWriter& CsvWriter::operator<<(int64_t value) {
    separate();
    text_ += std::to_string(value);
    return *this;
}

CsvWriter& CsvWriter::operator<<(const std::string& value) {
    separate();
    text_ += quoted(value);
    return *this;
}

void CsvWriter::end_row() {
    text_ += '\n';
    row_started_ = false;
}

}  // namespace latentlab
