#pragma once

#include "model/data/image_source.h"
#include "model/data/mapped_file.h"

#include <memory>

namespace latentlab {

// Images read from a mapped file (the folder cache's pixels): each batch is
// copied out of the mapping when asked for, so only the batches in use are in
// the program's own memory, whatever the size of the set. `rows` maps this
// set's image i to its row in the file (a split is a subset of the file's rows,
// in the split's order). Batches are uint8 [b, C, H, W], moved to `device`.
class MappedImages final : public ImageSource {
public:
    // `offset`: where row 0's bytes start in the file; rows are C*H*W bytes
    // each. Throws latentlab::Error when a row lies outside the file.
    MappedImages(std::shared_ptr<const MappedFile> file, uint64_t offset, int64_t channels, int64_t height,
                 int64_t width, torch::Tensor rows, torch::Device device = torch::kCPU);

    int64_t size() const override { return rows_.size(0); }
    torch::Tensor range(int64_t begin, int64_t end) const override;
    torch::Tensor gather(const torch::Tensor& rows) const override;
    torch::Device device() const override { return device_; }
    // Shares the mapping: nothing is copied, batches are moved as they are read.
    std::shared_ptr<const ImageSource> copy_to(const torch::Device& device) const override;
    bool same_images(const ImageSource& other) const override;

    const std::string& file() const { return file_->path(); }

private:
    // Copies this set's images `index[0..n)` into a new CPU tensor.
    torch::Tensor copy_rows(const int64_t* index, int64_t n) const;

    std::shared_ptr<const MappedFile> file_;
    uint64_t offset_;
    int64_t channels_, height_, width_;
    uint64_t row_bytes_;
    torch::Tensor rows_;  // int64 [N] on the CPU: the file row of each image
    torch::Device device_;
};

}  // namespace latentlab
