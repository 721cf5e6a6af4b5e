// One image's final file tree as an fs::FileTree: the index of every path (type, size,
// link target, which layer holds its bytes) is in memory; file contents are kept only
// after load() asked for them, and stream() hands every file's bytes to a callback
// without keeping them (the scanner).
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "image/image.h"

namespace trustready::image {

class ImageTree final : public fs::FileTree {
 public:
  // --- what the image is ---
  /// "FILE" for a single image, "FILE@name:tag" (or "FILE@sha256:12ab...") for one of several.
  const std::string& root() const override;
  bool is_host() const override { return false; }
  /// The image's name as its manifest tags it ("debian:12"), or its config digest.
  const std::string& name() const;
  ImageFormat format() const;
  /// "linux/amd64" when the image's config says it.
  const std::string& platform() const;
  /// Things that were not applied (a `..` name, a link out of the image, a truncated
  /// layer): each a one-line note, the rest of the image is read.
  const std::vector<ImageNote>& notes() const;

  // --- fs::FileTree over the index (symlinks resolve inside the image, `..` never climbs out) ---
  Result<Resolved> resolve(std::string_view path) const override;
  fs::FileType type(std::string_view path) const override;
  bool entry_exists(std::string_view path) const override;
  bool absent(std::string_view path) const override;
  /// The bytes when load()ed; otherwise an error saying the contents were not loaded, and
  /// the path is remembered in wanted() (so a caller can load() it and ask again).
  Result<fs::FileContent> read_file_keyed(std::string_view path, std::size_t max_bytes = kMaxFileBytes) const override;
  Result<fs::MappedFile> map_file(std::string_view path) const override;
  Result<fs::FileKey> file_key(std::string_view path) const override;
  Result<std::vector<std::string>> list_dir(std::string_view path) const override;
  Result<std::string> read_link(std::string_view path) const override;
  /// "ROOT:/path", ROOT as root() says (there is no such path on this machine).
  std::string host_path(std::string_view path) const override;
  using FileTree::read_file;

  // --- contents ---
  /// Regular files whose bytes were asked for but not loaded, resolved paths; cleared by load().
  std::set<std::string> wanted() const;
  /// One pass over the layers holding `paths` (resolved or not), keeping their bytes.
  /// Bounded by OpenOptions::max_kept_bytes: beyond it a file stays unloaded with a note.
  Status load(const std::set<std::string>& paths);
  /// One pass over every layer, handing each regular file of the final tree (the version
  /// that survives, hard links once) to `sink` in layer order. `want(path, size)` says
  /// whether its bytes are needed at all (false: skipped without copying).
  Status stream(const std::function<bool(std::string_view path, std::uint64_t size)>& want,
                const std::function<void(const StreamedFile&)>& sink) const;

  // Implementation details are the image helper's: a pimpl keeps libarchive out of here.
  struct Impl;
  explicit ImageTree(std::unique_ptr<Impl> impl);
  ~ImageTree() override;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace trustready::image
