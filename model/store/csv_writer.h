#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

// Builds the text of a CSV file: a header, then rows, with one number format
// for every file LatentLab writes (the shortest text that reads back as the
// same double). Text fields are quoted when they hold a comma, a quote or a
// line break.
class CsvWriter {
public:
    explicit CsvWriter(const std::vector<std::string>& columns);

    CsvWriter& operator<<(double value);
    CsvWriter& operator<<(int64_t value);
    CsvWriter& operator<<(int value) { return *this << static_cast<int64_t>(value); }
    CsvWriter& operator<<(const std::string& value);
    // Ends the current row.
    void end_row();

    const std::string& text() const { return text_; }

    static std::string number(double value);
    static std::string quoted(const std::string& field);

private:
    void separate();

    std::string text_;
    bool row_started_ = false;
};

}  // namespace latentlab
