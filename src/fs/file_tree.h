// A file tree seen from its own root: this host's `/`, a container's root filesystem
// (--root), later an image read from a tarball. Every module that reads files takes a
// FileTree, so tests can hand it a tree of their own (tests/support/memory_tree.h) and
// the scanner can hand it an image. Paths are inside the tree: absolute symlinks resolve
// inside it and `..` never climbs out of it.
#pragma once

#include <compare>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace trustready::fs {

enum class FileType { Missing, File, Directory, Other };

/// Identity of a file in a tree: two paths with equal keys are the same file.
struct FileKey {
  unsigned long long device = 0;
  unsigned long long inode = 0;
  auto operator<=>(const FileKey&) const = default;
};

struct FileContent {
  FileKey key;
  std::string bytes;
};

/// The bytes of a whole file, kept alive by whoever holds them (a read-only mapping of a
/// real file, whose pages are read only when touched, or a tree's own buffer).
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(std::string_view bytes, std::shared_ptr<const void> owner) : bytes_(bytes), owner_(std::move(owner)) {}
  std::string_view bytes() const { return bytes_; }

 private:
  std::string_view bytes_;
  std::shared_ptr<const void> owner_;
};

class FileTree {
 public:
  virtual ~FileTree() = default;

  /// The tree's root as given, absolute, without a trailing slash ("/" for this host).
  virtual const std::string& root() const = 0;
  /// The tree is this machine's own `/`: its programs may be run and its environment is ours.
  virtual bool is_host() const = 0;

  struct Resolved {
    std::string path;       ///< inside the tree, absolute, no symlinks ("/usr/share/...")
    std::string host_path;  ///< where that is on this machine
  };
  /// Follows every symlink inside the tree (at most 40, as Linux does).
  virtual Result<Resolved> resolve(std::string_view path) const = 0;
  virtual FileType type(std::string_view path) const = 0;
  /// The entry itself exists (a dangling or looping symlink counts), symlinks in its
  /// parent followed inside the tree.
  virtual bool entry_exists(std::string_view path) const = 0;
  /// Following `path` inside the tree, a name in it does not exist (ENOENT). False when it
  /// exists, and when it cannot be looked at (permission denied, a symlink loop, a file
  /// where a folder should be): those are errors to report, not an absence.
  virtual bool absent(std::string_view path) const = 0;
  /// Reads a regular file and says which file it was (for de-duplicating links);
  /// refuses anything larger than `max_bytes`.
  virtual Result<FileContent> read_file_keyed(std::string_view path, std::size_t max_bytes = kMaxFileBytes) const = 0;
  /// The whole of a regular file of any size (an empty file gives no bytes).
  virtual Result<MappedFile> map_file(std::string_view path) const = 0;
  /// Which file `path` is, following symlinks inside the tree.
  virtual Result<FileKey> file_key(std::string_view path) const = 0;
  /// Entry names of a directory, sorted, without "." and "..".
  virtual Result<std::vector<std::string>> list_dir(std::string_view path) const = 0;
  /// The target of a symlink as stored (not followed); an error if `path` is no symlink.
  virtual Result<std::string> read_link(std::string_view path) const = 0;
  /// Where a path inside the tree is on this machine (for commands a person runs),
  /// without resolving symlinks.
  virtual std::string host_path(std::string_view path) const = 0;

  /// Reads a regular file; refuses anything larger than `max_bytes`.
  Result<std::string> read_file(std::string_view path, std::size_t max_bytes = kMaxFileBytes) const;

  static constexpr std::size_t kMaxFileBytes = 64u << 20;
};

/// The names in a path, without empty ones: "/a//b/" -> {"a", "b"} ("." and ".." kept).
std::vector<std::string> path_parts(std::string_view path);
/// "/" followed by the names joined with "/"; "/" for none.
std::string join_parts(const std::vector<std::string>& parts);

/// "/a/b/../c" -> "/a/c"; lexical only, and `..` at the top stays at the top.
std::string normalize(std::string_view path);

/// A path as a user typed it on the command line, made absolute inside `tree`: on this
/// host a relative path is from `working_dir` (as every other tool reads it); under
/// --root DIR every path, relative or not, is a path inside DIR.
std::string path_in_tree(const FileTree& tree, std::string_view given, std::string_view working_dir);

}  // namespace trustready::fs
