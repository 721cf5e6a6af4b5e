// Container images read without Docker: a `docker save` archive (the legacy manifest.json
// layout, and the OCI layout current docker and buildx write), an OCI image layout folder,
// or a tarball of a root file system (plain, gzip or zstd). Each image is presented as an
// fs::FileTree (ImageTree), so discovery and the scanner run on it unchanged. Nothing is
// extracted to disk and nothing is written anywhere: layers are streamed, and only the
// contents asked for are kept in memory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fs/file_tree.h"
#include "util/result.h"

namespace trustready::image {

enum class ImageFormat {
  DockerArchive,  ///< `docker save` legacy: manifest.json, LAYER/layer.tar
  OciArchive,     ///< a tar holding an OCI layout (oci-layout, index.json, blobs/sha256/)
  OciLayout,      ///< an OCI image layout folder
  RootfsTarball,  ///< a tarball of a root file system, one layer
};
const char* to_string(ImageFormat format);

/// Something about one path or layer of an image that a reader should know: a name that
/// climbs out (`../etc/passwd`), a link pointing outside, a truncated layer. The image is
/// still read; the path is left out.
struct ImageNote {
  std::string where;  ///< "layer 2 (sha256:ab12...)", or a path inside the image
  std::string what;
};

struct OpenOptions {
  /// "linux/arm64", "linux/arm/v7": the image of a multi-platform index to read; empty:
  /// this machine's platform when the index has it, else the only one, else an error
  /// listing the platforms.
  std::string platform;
  /// Files larger than this are listed but their bytes are never kept (read_file fails
  /// with a one-line message naming the size).
  std::uint64_t max_file_bytes = 64u << 20;
  /// Bound on all bytes kept at once by load() across the image.
  std::uint64_t max_kept_bytes = 160u << 20;
};

class ImageTree;

/// What FILE holds: every image that could be read, and a note for each one named by its
/// manifest that could not (a missing blob, no image for --platform, a layer that is no tar).
struct OpenedImages {
  std::vector<std::unique_ptr<ImageTree>> images;
  std::vector<ImageNote> failed;  ///< where: "FILE@name:tag"; what: the one-line cause
};

/// Every image in FILE (a `docker save` of several images holds several), each with its
/// final file tree (layers applied, whiteouts honoured) indexed but no contents kept.
/// An error (naming FILE and the cause) only when FILE holds no image that can be read:
/// not an image, garbage, an empty file, or every image failed (their notes joined).
Result<OpenedImages> open_image(const std::string& file, const OpenOptions& options = {});
/// The same over an archive's bytes in memory (the fuzz target), called `name` in messages.
Result<OpenedImages> open_image_bytes(std::string bytes, const std::string& name, const OpenOptions& options = {});

/// A file's bytes as one pass over the layers hands them over.
struct StreamedFile {
  std::string_view path;  ///< inside the image, absolute
  std::uint64_t size = 0;
  std::string_view bytes;  ///< the whole file, or its first max_file_bytes
  bool truncated = false;
};

}  // namespace trustready::image
