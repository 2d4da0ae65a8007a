#pragma once

// An axis ticker that always labels both ends of its range: a colour bar
// reads from its lowest value to its highest, not from the first round
// number inside. Round ticks too close to an end to be read beside its
// label are left out.

#include <qcustomplot.h>

namespace latentlab {

class EndsLabelledTicker : public QCPAxisTicker {
protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;

private:
    QCPRange range_;  // of the last ticks made
    double step_ = 1.0;
};

}  // namespace latentlab
