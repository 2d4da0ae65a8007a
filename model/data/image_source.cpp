#include "model/data/image_source.h"

#include "model/base/error.h"

namespace latentlab {

InMemoryImages::InMemoryImages(torch::Tensor images) : images_(std::move(images)) {
    // An empty split may have no tensor at all.
    if (!images_.defined()) images_ = torch::empty({0, 1, 1, 1}, torch::kUInt8);
    if (images_.dim() != 4) throw Error("images in memory must be one [N, C, H, W] tensor");
}

torch::Tensor InMemoryImages::gather(const torch::Tensor& rows) const {
    return images_.index_select(0, rows.to(images_.device()));
}

std::shared_ptr<const ImageSource> InMemoryImages::copy_to(const torch::Device& device) const {
    return std::make_shared<InMemoryImages>(images_.to(device));
}

bool InMemoryImages::same_images(const ImageSource& other) const {
    const auto* in_memory = dynamic_cast<const InMemoryImages*>(&other);
    return in_memory && in_memory->images_.is_same(images_);
}

}  // namespace latentlab
