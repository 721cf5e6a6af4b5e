// Which images a BlobStore holds and the layers of each: docker's legacy manifest.json,
// or the OCI index.json (image index -> manifest -> config + layers), with one platform
// picked from a multi-platform index.
#pragma once

#include <string>
#include <vector>

#include "image/blob_store.h"
#include "image/image.h"

namespace trustready::image {

struct LayerSpec {
  std::string blob;   ///< its name in the store ("blobs/sha256/ab12...", "ID/layer.tar")
  std::string label;  ///< for messages: "layer 2 (sha256:ab12cd34ef56)"
};

struct ImageSpec {
  std::string name;      ///< "debian:12", or the config digest
  std::string platform;  ///< "linux/amd64" when the config says it
  ImageFormat format = ImageFormat::OciArchive;
  std::vector<LayerSpec> layers;
};

struct FoundImages {
  std::vector<ImageSpec> images;
  std::vector<ImageNote> failed;  ///< images named by the store that cannot be read
};

/// The images of `store` (not a root file system tarball). An error when its top-level
/// manifest cannot be read at all.
Result<FoundImages> find_images(const BlobStore& store, const OpenOptions& options);

/// "linux/amd64", "linux/arm64", "linux/arm/v7": this machine's platform as OCI names it.
std::string host_platform();

/// Picks one of `platforms` ("os/arch[/variant]") for `wanted` (empty: this machine's,
/// else the only one); its index, or an error listing them.
Result<std::size_t> pick_platform(const std::vector<std::string>& platforms, const std::string& wanted);

}  // namespace trustready::image
