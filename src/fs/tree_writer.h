// Every write of `trustready fix`, confined to a root (this host's `/`, or a container's
// root filesystem given with --root). Folders are found the way RootFs reads: openat2
// with RESOLVE_IN_ROOT, or in user space with O_NOFOLLOW at every step. Everything after
// that is an *at call relative to the folder found, so no symlink in the tree (absolute,
// or climbing with `..`) can lead a write outside the root.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "fs/file_tree.h"
#include "fs/root_fs.h"
#include "util/result.h"

namespace trustready::fs {

/// What a file is, for backups and for keeping it as it was when it is replaced.
struct FileMeta {
  bool exists = false;                ///< false: no file by that name (ENOENT)
  FileType type = FileType::Missing;  ///< what the name leads to, symlinks followed
  unsigned mode = 0644;               ///< permission bits only (07777)
  unsigned uid = 0;                   ///< owner
  unsigned gid = 0;                   ///< group
  std::string selinux_label;          ///< the security.selinux xattr without its NUL; empty when none
};

/// Writes inside one root. Not for concurrent use on the same files: fix applies its
/// steps one at a time.
class TreeWriter {
 public:
  /// Fails with a one-line message naming `root` if it does not exist or is not a directory.
  static Result<TreeWriter> open(std::string_view root);

  /// The root, absolute, without a trailing slash ("/" for this host).
  const std::string& root() const { return tree_.root(); }
  /// The in-root path `path` leads to, every symlink followed inside the root.
  Result<std::string> resolve(std::string_view path) const;
  /// The file `path` names, symlinks followed inside the root; exists=false when absent.
  Result<FileMeta> stat(std::string_view path) const;
  /// A regular file's bytes, symlinks followed inside the root; refuses more than `max_bytes`.
  Result<std::string> read(std::string_view path, std::size_t max_bytes = FileTree::kMaxFileBytes) const;
  /// Creates or replaces `path` with `bytes` all at once, owned, moded and labelled as `meta`
  /// says (its `exists` and `type` are not used). A final symlink is followed inside the
  /// root and its target replaced, the link kept. On failure the old file is untouched.
  Status write_atomic(std::string_view path, std::string_view bytes, const FileMeta& meta);
  /// Removes the entry itself (a final symlink, not its target); absent is not an error.
  Status remove(std::string_view path);
  /// mkdir -p inside the root; the folders it creates get exactly `mode` (umask aside).
  Status make_dirs(std::string_view path, unsigned mode = 0755);
  /// Where an in-root path is on this machine (root + path), for commands that need one.
  std::string host_path(std::string_view in_root) const { return tree_.host_path(in_root); }
  /// The same root for reading (listing folders, reading links).
  const FileTree& tree() const { return tree_; }

 private:
  explicit TreeWriter(RootFs tree) : tree_(std::move(tree)) {}
  /// The lookups; TreeWriter adds the writes.
  RootFs tree_;
};

}  // namespace trustready::fs
