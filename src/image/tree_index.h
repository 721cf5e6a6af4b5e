// The final file tree of an image, built by applying its layers in order: path -> what is
// there (type, size, mode, link target) and, for a regular file, which layer entry holds
// its bytes. Whiteouts remove lower-layer entries only (OCI image spec, "Whiteouts"), so
// the order of entries inside a layer does not matter; hard links share one content.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace trustready::image {

/// Where a regular file's bytes are: entry `entry` (0-based, in tar order) of layer `layer`.
struct Content {
  std::uint32_t layer = 0;
  std::uint64_t entry = 0;
  std::uint64_t size = 0;
};

struct Node {
  enum class Kind : std::uint8_t { File, Dir, Symlink, Other };
  Kind kind = Kind::Dir;
  std::uint32_t mode = 0755;
  std::uint32_t layer = 0;    ///< the layer that last wrote it (or a path below it)
  std::uint32_t content = 0;  ///< a File's index into TreeIndex::contents()
  std::uint32_t id = 0;       ///< unique per node: a FileKey for what is not a File
  std::string target;         ///< a Symlink's target as stored
};

/// How a lookup ended, as the kernel would say it.
enum class Lookup { Found, NoEntry, NotDir, Loop };

struct Walked {
  Lookup result = Lookup::Found;
  std::string path;  ///< absolute, no symlinks (when Found)
};

class TreeIndex {
 public:
  TreeIndex();

  // --- building, one layer after another (paths absolute and clean: "/etc/ssl") ---
  /// Puts `node` at `path` (its parent's symlinks followed inside the image); a folder
  /// over a folder keeps what is below. False when the parent is no folder, or the name
  /// is more than 256 folders deep.
  bool add(const std::string& path, Node node, std::uint32_t layer);
  /// A new content for a file of `layer` at entry `entry`; returns its index.
  std::uint32_t add_content(Content content);
  /// `.wh.NAME`: removes `path` and everything below it written by a layer below `layer`.
  void whiteout(const std::string& path, std::uint32_t layer);
  /// `.wh..wh..opq` in `dir`: removes everything below `dir` written by a layer below `layer`.
  void opaque(const std::string& dir, std::uint32_t layer);
  /// The node a hard link to `path` copies (its parent's symlinks followed), or nullptr.
  const Node* link_source(const std::string& path) const;

  // --- lookups ---
  /// Follows symlinks inside the image (absolute targets from its root, `..` stops at the
  /// root, at most 40 links); the last name's symlink only when `follow_last`.
  Walked walk(std::string_view path, bool follow_last) const;
  const Node* find(const std::string& resolved) const;
  /// Names directly below folder `resolved`, sorted.
  std::vector<std::string> children(const std::string& resolved) const;
  const std::map<std::string, Node>& nodes() const { return nodes_; }
  const std::vector<Content>& contents() const { return contents_; }

 private:
  /// Removes `path`'s descendants (and `path` when `self`) with a layer below `layer`.
  void remove_below(const std::string& path, std::uint32_t layer, bool self);
  /// Where `path` is once its parent's symlinks are followed; empty when the parent is no folder.
  std::string place(const std::string& path) const;

  /// The folders above `parts`' last name, made or followed; the resolved parent or empty.
  std::string make_parents(const std::vector<std::string>& parts, std::uint32_t layer);

  struct ParentCache {
    std::string given;     ///< a parent as named in the layer
    std::string resolved;  ///< where make_parents put it
    std::uint32_t layer = UINT32_MAX;
  };
  ParentCache cache_;  ///< cleared by every removal: the way to `resolved` may be gone
  std::map<std::string, Node> nodes_;  ///< by resolved path; "/" is the root folder
  std::vector<Content> contents_;
  std::uint32_t next_id_ = 1;
};

}  // namespace trustready::image
