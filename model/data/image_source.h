#pragma once

#include <torch/torch.h>

#include <memory>

namespace latentlab {

// Where a set of images is read from, a batch at a time. Training, the
// evaluation, the scorer and the map read their images through this, so a
// source may keep them in memory, on a GPU or in a mapped file without any of
// them knowing. Batches come as stored: uint8 grey levels [b, C, H, W], or a
// dequantized float copy (dequantize.h); to_unit_float() makes either [0, 1].
// Every method may be called from several threads at once.
class ImageSource {
public:
    virtual ~ImageSource() = default;

    virtual int64_t size() const = 0;
    // Rows [begin, end), in order.
    virtual torch::Tensor range(int64_t begin, int64_t end) const = 0;
    // The given rows (int64 [b], on the CPU or on device()), in their order.
    virtual torch::Tensor gather(const torch::Tensor& rows) const = 0;
    // Where the batches it gives are.
    virtual torch::Device device() const = 0;
    // The same images with their batches on `device`; may copy every image once.
    virtual std::shared_ptr<const ImageSource> copy_to(const torch::Device& device) const = 0;
    // Whether `other` reads the very same images (not equal ones): a copy
    // made for one source can then serve the other.
    virtual bool same_images(const ImageSource& other) const = 0;
};

// Every image in one tensor, in the computer's memory or on a GPU: what
// Fashion-MNIST and the folders read whole give.
class InMemoryImages final : public ImageSource {
public:
    explicit InMemoryImages(torch::Tensor images);

    int64_t size() const override { return images_.size(0); }
    torch::Tensor range(int64_t begin, int64_t end) const override { return images_.slice(0, begin, end); }
    torch::Tensor gather(const torch::Tensor& rows) const override;
    torch::Device device() const override { return images_.device(); }
    std::shared_ptr<const ImageSource> copy_to(const torch::Device& device) const override;
    bool same_images(const ImageSource& other) const override;

private:
    torch::Tensor images_;
};

// Two sources read as one, `first`'s images then `second`'s: a data set's
// training and test images, for the views that score or encode them all.
class JoinedImages final : public ImageSource {
public:
    JoinedImages(std::shared_ptr<const ImageSource> first, std::shared_ptr<const ImageSource> second);

    int64_t size() const override { return first_->size() + second_->size(); }
    torch::Tensor range(int64_t begin, int64_t end) const override;
    torch::Tensor gather(const torch::Tensor& rows) const override;
    torch::Device device() const override { return first_->device(); }
    std::shared_ptr<const ImageSource> copy_to(const torch::Device& device) const override;
    bool same_images(const ImageSource& other) const override;

private:
    std::shared_ptr<const ImageSource> first_;
    std::shared_ptr<const ImageSource> second_;
};

}  // namespace latentlab
