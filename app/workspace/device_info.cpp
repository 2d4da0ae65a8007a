#include "app/workspace/device_info.h"

#include <ATen/Context.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <QStringList>
#include <QtGlobal>

#include <dlfcn.h>

#include <algorithm>
#include <thread>

namespace latentlab {

namespace {

// LibTorch reaches the BLAS through libblas.so.3 on Debian: which one the
// alternatives system chose is only known from the symbols loaded.
QString blasInUse() {
    if (at::hasMKL()) return QStringLiteral("Intel MKL (in LibTorch)");
    using GetConfig = char* (*)();
    if (auto config = reinterpret_cast<GetConfig>(dlsym(RTLD_DEFAULT, "openblas_get_config")))
        return QString::fromLatin1(config()).trimmed();
    return QStringLiteral("the reference BLAS — about 15× slower; install libopenblas0-pthread");
}

}  // namespace

QString cudaUnavailableReason() {
    if (!at::hasCUDA()) return QStringLiteral("This LibTorch was built without CUDA.");
    if (!torch::cuda::is_available()) return QStringLiteral("No CUDA GPU was found on this machine.");
    return {};
}

QString latentlabVersion() { return QStringLiteral(LATENTLAB_VERSION); }

QString computePathSummary() {
    const QString cuda = cudaUnavailableReason();
    const int gpus = cuda.isEmpty() ? static_cast<int>(torch::cuda::device_count()) : 0;
    QStringList lines;
    lines << QStringLiteral("LatentLab: %1").arg(latentlabVersion())
          << QStringLiteral("Qt: %1").arg(QString::fromLatin1(qVersion()))
          << QStringLiteral("LibTorch: %1").arg(QStringLiteral(TORCH_VERSION))
          << QStringLiteral("Matrix products: %1").arg(blasInUse())
          << QStringLiteral("Convolutions: %1")
                 .arg(at::hasMKLDNN() ? QStringLiteral("oneDNN") : QStringLiteral("LibTorch's own kernels"))
          << QStringLiteral("CUDA: %1")
                 .arg(cuda.isEmpty() ? QStringLiteral("%1 GPU(s)").arg(gpus) : cuda)
          << QStringLiteral("CPU cores: %1").arg(std::max(1u, std::thread::hardware_concurrency()));
    return lines.join(QLatin1Char('\n'));
}

}  // namespace latentlab
