#include "ui/explore/latent_map_csv.h"

#include "model/store/csv_writer.h"

#include <QDir>

namespace latentlab {

QString latentMapCsv(const MapResult& map, const LoadedDataset& data) {
    const bool files = !data.isEmpty() && !data.sourcePath(Split::Test, 0).isEmpty();
    std::vector<std::string> columns = {"index", "x", "y", "class"};
    for (const QString& factor : map.factorNames) columns.push_back(factor.toStdString());
    if (files) columns.push_back("file");
    CsvWriter csv(columns);
    for (int i = 0; i < map.points.size(); ++i) {
        const int label = map.labels.value(i, -1);
        const QString name = label >= 0 && label < map.classNames.size() ? map.classNames[label]
                             : label >= 0                                ? QString::number(label)
                                                                         : QString();
        csv << int64_t(i) << map.points[i].x() << map.points[i].y() << name.toStdString();
        for (const QVector<float>& values : map.factorValues) csv << static_cast<double>(values.value(i));
        if (files) csv << QDir::toNativeSeparators(data.sourcePath(Split::Test, i)).toStdString();
        csv.end_row();
    }
    return QString::fromStdString(csv.text());
}

}  // namespace latentlab
