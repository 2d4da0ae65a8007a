#include "ui/training/settings_field.h"

#include "model/base/choice_settings.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleValidator>
#include <QLineEdit>
#include <QLocale>
#include <QStandardItemModel>
#include <QStringList>

#include <limits>

namespace latentlab {

namespace {

QString widthsText(const Widths& widths) {
    QStringList parts;
    for (int64_t width : widths) parts << QString::number(width);
    return parts.join(QLatin1Char(','));
}

// "512, 256" -> {512, 256}; false for anything that is not whole numbers
// separated by commas. Their range is validate()'s to check.
bool parseWidths(const QString& text, Widths* widths) {
    widths->clear();
    for (const QString& part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const qint64 width = part.trimmed().toLongLong(&ok);
        if (!ok) return false;
        widths->push_back(width);
    }
    return true;
}

// The fewest digits that read back as the same number, written as people
// type it: "0.0003", "1e-05".
QString numberText(double value) {
    QString text;
    for (int digits = 1; digits <= 17; ++digits) {
        text = QString::number(value, 'g', digits);
        if (text.toDouble() == value) break;
    }
    return text;
}

bool isItemEnabled(const QComboBox* box, int index) {
    const auto* model = qobject_cast<const QStandardItemModel*>(box->model());
    return !model || !model->item(index) || model->item(index)->isEnabled();
}

}  // namespace

SettingsField& SettingsField::describe(const QString& labelText, const QString& toolTip) {
    label = labelText;
    widget->setToolTip(toolTip);
    return *this;
}

SettingsField& SettingsField::editableWhen(unsigned when, std::function<bool(const RunConfig&)> appliesTo) {
    editable = when;
    applies = std::move(appliesTo);
    return *this;
}

void SettingsField::onEdited(QObject* context, const std::function<void()>& edited) const {
    if (auto* box = qobject_cast<QComboBox*>(widget))
        QObject::connect(box, &QComboBox::currentIndexChanged, context, edited);
    else if (auto* spin = qobject_cast<QSpinBox*>(widget))
        QObject::connect(spin, &QSpinBox::valueChanged, context, edited);
    else if (auto* real = qobject_cast<QDoubleSpinBox*>(widget))
        QObject::connect(real, &QDoubleSpinBox::valueChanged, context, edited);
    else if (auto* line = qobject_cast<QLineEdit*>(widget))
        QObject::connect(line, &QLineEdit::textChanged, context, edited);
}

SettingsField choiceField(QWidget* parent, const char* objectName, const QVector<SettingsChoice>& choices,
                          std::function<std::string(const RunConfig&)> get,
                          std::function<bool(RunConfig&, const std::string&)> set, const std::string& fallback) {
    auto* box = new QComboBox(parent);
    box->setObjectName(QLatin1String(objectName));
    for (const SettingsChoice& choice : choices) {
        box->addItem(choice.label, QString::fromStdString(choice.name));
        if (!choice.toolTip.isEmpty()) box->setItemData(box->count() - 1, choice.toolTip, Qt::ToolTipRole);
    }
    SettingsField field;
    field.widget = box;
    field.show = [box, get = std::move(get), fallback](const RunConfig& config) {
        int index = box->findData(QString::fromStdString(get(config)));
        if (index >= 0 && !isItemEnabled(box, index) && !fallback.empty())
            index = box->findData(QString::fromStdString(fallback));
        if (index >= 0) box->setCurrentIndex(index);
    };
    field.take = [box, set = std::move(set)](RunConfig& config) {
        return set(config, box->currentData().toString().toStdString());
    };
    return field;
}

SettingsField choiceField(QWidget* parent, const ChoiceSetting& setting, const std::string& fallback) {
    QVector<SettingsChoice> choices;
    for (const Choice& choice : setting.choices)
        choices.append({QString::fromStdString(choice.label), choice.name, QString::fromStdString(choice.help)});
    return choiceField(parent, setting.key.c_str(), choices, setting.get, setting.set, fallback)
        .describe(QString::fromStdString(setting.label), QString::fromStdString(setting.help));
}

SettingsField widthsField(QWidget* parent, const char* objectName, std::function<Widths(const RunConfig&)> get,
                          std::function<void(RunConfig&, const Widths&)> set,
                          std::function<Widths(const RunConfig&)> emptyMeans) {
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    SettingsField field;
    field.widget = edit;
    field.show = [edit, get = std::move(get), emptyMeans](const RunConfig& config) {
        const Widths widths = get(config);
        edit->setText(widths == emptyMeans(config) ? QString() : widthsText(widths));
    };
    field.take = [edit, set = std::move(set), emptyMeans](RunConfig& config) {
        Widths widths;
        if (edit->text().trimmed().isEmpty())
            widths = emptyMeans(config);
        else if (!parseWidths(edit->text(), &widths))
            return false;
        set(config, widths);
        return true;
    };
    field.refresh = [edit, emptyMeans](const RunConfig& config) {
        const Widths widths = emptyMeans(config);
        edit->setPlaceholderText(widths.empty() ? QCoreApplication::translate("TrainingSettingsPanel", "default")
                                                : widthsText(widths));
    };
    return field;
}

SettingsField numberTextField(QWidget* parent, const char* objectName, double low, double high,
                              std::function<double(const RunConfig&)> get,
                              std::function<void(RunConfig&, double)> set) {
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    auto* validator = new QDoubleValidator(low, high, 10, edit);
    validator->setNotation(QDoubleValidator::ScientificNotation);
    // "1e-3" must read the same whatever the desktop's decimal separator.
    validator->setLocale(QLocale::c());
    edit->setValidator(validator);
    SettingsField field;
    field.widget = edit;
    field.show = [edit, get = std::move(get)](const RunConfig& config) { edit->setText(numberText(get(config))); };
    field.take = [edit, set = std::move(set)](RunConfig& config) {
        bool ok = false;
        const double value = QLocale::c().toDouble(edit->text().trimmed(), &ok);
        if (!ok || !edit->hasAcceptableInput()) return false;
        set(config, value);
        return true;
    };
    return field;
}

QSpinBox* newSpinBox(QWidget* parent, const char* objectName, qint64 low, qint64 high) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(objectName));
    // A spin box holds an int; the config's bounds may be wider.
    const auto clampToInt = [](qint64 v) {
        return static_cast<int>(std::clamp<qint64>(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
    };
    box->setRange(clampToInt(low), clampToInt(high));
    return box;
}

QDoubleSpinBox* newDoubleSpinBox(QWidget* parent, const char* objectName, double low, double high, int decimals,
                                 double step) {
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(QLatin1String(objectName));
    box->setDecimals(decimals);
    box->setRange(low, high);
    box->setSingleStep(step);
    return box;
}

}  // namespace latentlab
