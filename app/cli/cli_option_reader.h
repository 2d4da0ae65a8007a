#pragma once

// Typed reading of the CLI's options, for cli_options.cpp.

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <string>
#include <vector>

namespace latentlab {

// Reads typed option values, remembering the first problem.
class OptionReader {
public:
    explicit OptionReader(const QCommandLineParser& parser) : parser_(parser) {}

    void readInt(const char* name, int64_t* out, int64_t min, int64_t max) {
        if (!parser_.isSet(name)) return;
        bool ok = false;
        const auto value = parser_.value(name).toLongLong(&ok);
        if (!ok || value < min || value > max)
            fail(QString("--%1 expects a whole number from %2 to %3, not '%4'")
                     .arg(name).arg(min).arg(max).arg(parser_.value(name)));
        else
            *out = value;
    }

    void readDouble(const char* name, double* out, double min, double max) {
        if (!parser_.isSet(name)) return;
        bool ok = false;
        const auto value = parser_.value(name).toDouble(&ok);
        if (!ok || !(value >= min && value <= max))
            fail(QString("--%1 expects a number from %2 to %3, not '%4'")
                     .arg(name).arg(min).arg(max).arg(parser_.value(name)));
        else
            *out = value;
    }

    void readChoice(const char* name, std::string* out, const QStringList& choices) {
        if (!parser_.isSet(name)) return;
        const auto value = parser_.value(name);
        if (!choices.contains(value))
            fail(QString("--%1 expects one of %2, not '%3'").arg(name, choices.join('|'), value));
        else
            *out = value.toStdString();
    }

    void readWidths(const char* name, std::vector<int64_t>* out) {
        if (!parser_.isSet(name)) return;
        std::vector<int64_t> widths;
        for (const auto& part : parser_.value(name).split(',')) {
            bool ok = false;
            const auto width = part.trimmed().toLongLong(&ok);
            if (!ok || width < 1 || width > 65536) {
                fail(QString("--%1 expects comma-separated layer widths such as 512,256, not '%2'")
                         .arg(name, parser_.value(name)));
                return;
            }
            widths.push_back(width);
        }
        *out = widths;
    }

    void fail(const QString& message) {
        if (error_.isEmpty()) error_ = message;
    }
    const QString& error() const { return error_; }

private:
    const QCommandLineParser& parser_;
    QString error_;
};

inline void addOption(QCommandLineParser& parser, const char* name, const QString& description, const char* value) {
    parser.addOption(QCommandLineOption(name, description, value));
}

}  // namespace latentlab
