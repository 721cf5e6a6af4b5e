// open_image: which kind of file it is, its images, and the index pass of each.
#include <memory>

#include "image/blob_store.h"
#include "image/image.h"
#include "image/image_impl.h"
#include "image/manifests.h"

namespace trustready::image {
namespace {

/// Every layer's index pass; an error when a layer cannot be read at all.
Result<std::unique_ptr<ImageTree>> build(std::unique_ptr<ImageTree::Impl> impl) {
  const bool whiteouts = impl->format != ImageFormat::RootfsTarball;
  for (std::uint32_t layer = 0; layer < impl->layers.size(); ++layer)
    if (auto done = index_layer(*impl, layer, whiteouts); !done) return make_error(done.error());
  return std::make_unique<ImageTree>(std::move(impl));
}

Result<OpenedImages> open_store(const BlobStore& store, const OpenOptions& options) {
  OpenedImages out;
  if (store.is_rootfs()) {
    auto impl = std::make_unique<ImageTree::Impl>();
    impl->root = impl->name = store.name();
    impl->format = ImageFormat::RootfsTarball;
    impl->options = options;
    impl->layers.push_back(Layer{store.whole(), "root file system tarball"});
    auto tree = build(std::move(impl));
    if (!tree) return make_error(tree.error());
    out.images.push_back(std::move(*tree));
    return out;
  }
  auto found = find_images(store, options);
  if (!found) return make_error(found.error());
  out.failed = std::move(found->failed);
  const bool several = found->images.size() + out.failed.size() > 1;
  for (auto& spec : found->images) {
    auto impl = std::make_unique<ImageTree::Impl>();
    impl->root = several ? store.name() + "@" + spec.name : store.name();
    impl->name = spec.name;
    impl->platform = spec.platform;
    impl->format = spec.format;
    impl->options = options;
    bool ok = true;
    for (const auto& layer : spec.layers) {
      auto blob = store.blob(layer.blob);
      if (!blob) {
        out.failed.push_back(ImageNote{store.name() + "@" + spec.name, blob.error()});
        ok = false;
        break;
      }
      impl->layers.push_back(Layer{*blob, layer.label});
    }
    if (!ok) continue;
    if (!store.index_note().empty()) impl->notes.push_back(ImageNote{store.name(), store.index_note()});
    auto tree = build(std::move(impl));
    if (tree) out.images.push_back(std::move(*tree));
    else out.failed.push_back(ImageNote{store.name() + "@" + spec.name, tree.error()});
  }
  if (out.images.empty()) {
    std::string why;
    for (const auto& f : out.failed) why += (why.empty() ? "" : "; ") + f.where + ": " + f.what;
    return make_error(why.empty() ? store.name() + ": no image in it" : why);
  }
  return out;
}

}  // namespace

const char* to_string(ImageFormat format) {
  switch (format) {
    case ImageFormat::DockerArchive: return "docker-archive";
    case ImageFormat::OciArchive: return "oci-archive";
    case ImageFormat::OciLayout: return "oci-layout";
    case ImageFormat::RootfsTarball: return "rootfs-tarball";
  }
  return "unknown";
}

Result<OpenedImages> open_image(const std::string& file, const OpenOptions& options) {
  auto store = BlobStore::open(file);
  if (!store) return make_error(store.error());
  return open_store(**store, options);
}

Result<OpenedImages> open_image_bytes(std::string bytes, const std::string& name, const OpenOptions& options) {
  auto store = BlobStore::open_bytes(std::move(bytes), name);
  if (!store) return make_error(store.error());
  return open_store(**store, options);
}

}  // namespace trustready::image
