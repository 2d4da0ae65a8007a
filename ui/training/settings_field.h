#pragma once

#include "model/base/run_config.h"

#include <QSpinBox>
#include <QString>
#include <QVector>

#include <algorithm>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

class QWidget;

namespace latentlab {

struct ChoiceSetting;

// When a field may be edited, as a set of these.
enum SettingsEditable : unsigned {
    kEditableNewRun = 1u << 0,      // nothing trains: the next run is a new one
    kEditableRunning = 1u << 1,     // a run is training
    kEditableContinuing = 1u << 2,  // an opened run that Train will continue
};

// One row of a settings form: its widget, the label in front of it, how it
// shows and takes its part of a RunConfig, and when it may be edited. A form
// is a table of these; creating, showing, reading, locking, blocking and
// remembering all walk the table, so a field is described once.
struct SettingsField {
    QString label;
    QWidget* widget = nullptr;
    // Shows the field's part of `config`, clamped to the widget's range.
    std::function<void(const RunConfig& config)> show;
    // Writes the widget's value into `config` (fields taken earlier in the
    // table are already there); false when the text cannot be read, e.g.
    // hidden sizes "16,". `unreadable` then says what is expected.
    std::function<bool(RunConfig& config)> take;
    QString unreadable;
    unsigned editable = kEditableNewRun;
    // Whether the field means anything for `config` (σ only for a fixed
    // scale); null: always. A field that does not apply is greyed out and
    // its unreadable text blocks nothing.
    std::function<bool(const RunConfig& config)> applies;
    // After every edit, with the form's config: e.g. a placeholder that
    // depends on another field. May be null.
    std::function<void(const RunConfig& config)> refresh;

    // For the table: the label and tooltip, then when it may be edited.
    SettingsField& describe(const QString& labelText, const QString& toolTip);
    SettingsField& editableWhen(unsigned when, std::function<bool(const RunConfig&)> appliesTo = {});

    bool appliesTo(const RunConfig& config) const { return !applies || applies(config); }
    // Calls `edited` whenever the user changes the widget's value.
    void onEdited(QObject* context, const std::function<void()>& edited) const;
};

// One entry of a choice field: what people read, the name stored in the
// config (as in config.json), and a tooltip.
struct SettingsChoice {
    QString label;
    std::string name;
    QString toolTip;
};

// A combo box of `choices`. When the entry to show is disabled (a CUDA GPU
// on a machine without one), `fallback` is shown instead.
SettingsField choiceField(QWidget* parent, const char* objectName, const QVector<SettingsChoice>& choices,
                          std::function<std::string(const RunConfig&)> get,
                          std::function<bool(RunConfig&, const std::string&)> set,
                          const std::string& fallback = {});

// The combo box of a named setting (model/base/choice_settings.h): its
// entries, label and tooltip come from the table the CLI and config.json use.
SettingsField choiceField(QWidget* parent, const ChoiceSetting& setting, const std::string& fallback = {});

// Comma-separated widths, e.g. "512,256". An empty field means `emptyMeans`
// of the config, which the placeholder text shows (or "default" when it is
// an empty list too); a config holding exactly that is shown empty.
using Widths = std::vector<int64_t>;
SettingsField widthsField(QWidget* parent, const char* objectName, std::function<Widths(const RunConfig&)> get,
                          std::function<void(RunConfig&, const Widths&)> set,
                          std::function<Widths(const RunConfig&)> emptyMeans);

// A number typed as text, read the same whatever the desktop's decimal
// separator ("1e-3"), within [low, high].
SettingsField numberTextField(QWidget* parent, const char* objectName, double low, double high,
                              std::function<double(const RunConfig&)> get, std::function<void(RunConfig&, double)> set);

QSpinBox* newSpinBox(QWidget* parent, const char* objectName, qint64 low, qint64 high);
QDoubleSpinBox* newDoubleSpinBox(QWidget* parent, const char* objectName, double low, double high, int decimals,
                                 double step);

// The fields below name their member of the config with `access`, a generic
// lambda that serves a const and a mutable config alike:
// [](auto& c) -> auto& { return c.model.latent; }.

template <typename Access>
SettingsField widthsField(QWidget* parent, const char* objectName, Access access,
                          std::function<Widths(const RunConfig&)> emptyMeans) {
    return widthsField(
        parent, objectName, [access](const RunConfig& config) { return access(config); },
        [access](RunConfig& config, const Widths& widths) { access(config) = widths; }, std::move(emptyMeans));
}

template <typename Access>
SettingsField numberTextField(QWidget* parent, const char* objectName, double low, double high, Access access) {
    return numberTextField(
        parent, objectName, low, high, [access](const RunConfig& config) { return access(config); },
        [access](RunConfig& config, double value) { access(config) = value; });
}

// A whole number in a spin box.
template <typename Access>
SettingsField integerField(QWidget* parent, const char* objectName, qint64 low, qint64 high, Access access) {
    using Value = std::decay_t<decltype(access(std::declval<RunConfig&>()))>;
    QSpinBox* box = newSpinBox(parent, objectName, low, high);
    SettingsField field;
    field.widget = box;
    field.show = [box, access](const RunConfig& config) {
        // long double holds every int64_t and uint64_t value exactly enough to clamp.
        const long double value = static_cast<long double>(access(config));
        box->setValue(static_cast<int>(std::clamp<long double>(value, box->minimum(), box->maximum())));
    };
    field.take = [box, access](RunConfig& config) {
        access(config) = static_cast<Value>(box->value());
        return true;
    };
    return field;
}

// A real number in a spin box.
template <typename Access>
SettingsField realField(QWidget* parent, const char* objectName, double low, double high, int decimals, double step,
                        Access access) {
    QDoubleSpinBox* box = newDoubleSpinBox(parent, objectName, low, high, decimals, step);
    SettingsField field;
    field.widget = box;
    field.show = [box, access](const RunConfig& config) { box->setValue(access(config)); };
    field.take = [box, access](RunConfig& config) {
        access(config) = box->value();
        return true;
    };
    return field;
}

}  // namespace latentlab
