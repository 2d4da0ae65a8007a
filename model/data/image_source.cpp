#include "model/data/image_source.h"

#include "model/base/error.h"

#include <algorithm>

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

JoinedImages::JoinedImages(std::shared_ptr<const ImageSource> first, std::shared_ptr<const ImageSource> second)
    : first_(std::move(first)), second_(std::move(second)) {
    if (first_->device() != second_->device()) throw Error("joined images must be on one device");
}

torch::Tensor JoinedImages::range(int64_t begin, int64_t end) const {
    const int64_t split = first_->size();
    begin = std::clamp<int64_t>(begin, 0, size());
    end = std::clamp<int64_t>(end, begin, size());
    if (end <= split) return first_->range(begin, end);
    if (begin >= split) return second_->range(begin - split, end - split);
    return torch::cat({first_->range(begin, split), second_->range(0, end - split)});
}

torch::Tensor JoinedImages::gather(const torch::Tensor& rows) const {
    const int64_t split = first_->size();
    const auto cpu = rows.to(torch::kCPU, torch::kLong);
    const auto in_first = cpu.lt(split);
    if (in_first.all().item<bool>()) return first_->gather(cpu);
    if (!in_first.any().item<bool>()) return second_->gather(cpu - split);
    // Each part read from its own source, then put back in the asked order.
    const auto first_at = in_first.nonzero().flatten();
    const auto second_at = in_first.logical_not().nonzero().flatten();
    const auto a = first_->gather(cpu.index_select(0, first_at));
    const auto b = second_->gather(cpu.index_select(0, second_at) - split);
    auto out = torch::empty({cpu.numel(), a.size(1), a.size(2), a.size(3)}, a.options());
    out.index_copy_(0, first_at.to(out.device()), a);
    out.index_copy_(0, second_at.to(out.device()), b);
    return out;
}

std::shared_ptr<const ImageSource> JoinedImages::copy_to(const torch::Device& device) const {
    return std::make_shared<JoinedImages>(first_->copy_to(device), second_->copy_to(device));
}

bool JoinedImages::same_images(const ImageSource& other) const {
    const auto* joined = dynamic_cast<const JoinedImages*>(&other);
    return joined && joined->first_->same_images(*first_) && joined->second_->same_images(*second_);
}

}  // namespace latentlab
