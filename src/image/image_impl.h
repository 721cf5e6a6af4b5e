// What an ImageTree holds (image_tree.h keeps it behind a pointer): its layers, the index
// of its final tree, and the contents load() kept.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "image/image_tree.h"
#include "image/tar_reader.h"
#include "image/tree_index.h"

namespace trustready::image {

struct Layer {
  BlobRef blob;
  std::string label;  ///< "layer 2 (sha256:ab12cd34ef56)"
};

struct ImageTree::Impl {
  std::string root;  ///< "FILE" or "FILE@name"
  std::string name;
  std::string platform;
  ImageFormat format = ImageFormat::RootfsTarball;
  OpenOptions options;
  std::vector<Layer> layers;
  TreeIndex index;
  std::vector<ImageNote> notes;

  mutable std::mutex mutex;  ///< guards wanted and kept: const readers run on several threads
  mutable std::set<std::string> wanted;
  std::map<std::uint32_t, std::shared_ptr<const std::string>> kept;  ///< by content index
  std::uint64_t kept_bytes = 0;
};

/// Applies one layer to `index` (entries of `layer`, whiteouts honoured when `whiteouts`):
/// names that climb out, links out of the image and a cut stream become notes. An error
/// when the layer cannot be read at all.
Status index_layer(ImageTree::Impl& image, std::uint32_t layer, bool whiteouts);

/// One pass over each layer holding one of `wanted` (content indexes), in layer order,
/// handing each to `take` with the reader positioned at its data. The first failure is
/// returned after every layer was tried.
Status read_contents(const ImageTree::Impl& image, const std::vector<std::uint32_t>& wanted,
                     const std::function<Status(std::uint32_t content, TarReader& reader)>& take);

/// Reads the current entry's data: keeps at most `keep` bytes in `out`, skips the rest.
Status read_data(TarReader& reader, std::uint64_t keep, std::string& out);

}  // namespace trustready::image
