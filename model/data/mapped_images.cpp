#include "model/data/mapped_images.h"

#include "model/base/error.h"

#include <cstring>

namespace latentlab {

MappedImages::MappedImages(std::shared_ptr<const MappedFile> file, uint64_t offset, int64_t channels,
                           int64_t height, int64_t width, torch::Tensor rows, torch::Device device)
    : file_(std::move(file)),
      offset_(offset),
      channels_(channels),
      height_(height),
      width_(width),
      row_bytes_(static_cast<uint64_t>(channels * height * width)),
      rows_(rows.to(torch::kCPU, torch::kLong).contiguous()),
      device_(device) {
    if (rows_.dim() != 1) throw Error("mapped images need one row number per image");
    const uint64_t file_rows = file_->size() >= offset_ ? (file_->size() - offset_) / row_bytes_ : 0;
    if (rows_.numel() > 0) {
        const int64_t low = rows_.min().item<int64_t>();
        const int64_t high = rows_.max().item<int64_t>();
        if (low < 0 || static_cast<uint64_t>(high) >= file_rows)
            throw Error("the image rows lie outside " + file_->path());
    }
}

torch::Tensor MappedImages::copy_rows(const int64_t* index, int64_t n) const {
    auto out = torch::empty({n, channels_, height_, width_}, torch::kUInt8);
    auto* to = out.data_ptr<uint8_t>();
    const int64_t* file_row = rows_.data_ptr<int64_t>();
    const uint8_t* pixels = file_->data() + offset_;
    const int64_t size = this->size();
    for (int64_t i = 0; i < n; ++i) {
        if (index[i] < 0 || index[i] >= size)
            throw Error("image " + std::to_string(index[i]) + " asked of a set of " + std::to_string(size));
        std::memcpy(to + static_cast<uint64_t>(i) * row_bytes_,
                    pixels + static_cast<uint64_t>(file_row[index[i]]) * row_bytes_, row_bytes_);
    }
    return device_.is_cpu() ? out : out.to(device_);
}

torch::Tensor MappedImages::range(int64_t begin, int64_t end) const {
    begin = std::clamp<int64_t>(begin, 0, size());
    end = std::clamp<int64_t>(end, begin, size());
    const auto index = torch::arange(begin, end, torch::kLong);
    return copy_rows(index.data_ptr<int64_t>(), end - begin);
}

torch::Tensor MappedImages::gather(const torch::Tensor& rows) const {
    const auto index = rows.to(torch::kCPU, torch::kLong).contiguous();
    return copy_rows(index.data_ptr<int64_t>(), index.numel());
}

std::shared_ptr<const ImageSource> MappedImages::copy_to(const torch::Device& device) const {
    return std::make_shared<MappedImages>(file_, offset_, channels_, height_, width_, rows_, device);
}

bool MappedImages::same_images(const ImageSource& other) const {
    const auto* mapped = dynamic_cast<const MappedImages*>(&other);
    return mapped && mapped->file_ == file_ && mapped->offset_ == offset_ && mapped->rows_.is_same(rows_);
}

}  // namespace latentlab
