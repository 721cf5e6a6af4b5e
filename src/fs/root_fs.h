// The file system as seen from a root directory: `/` for this host, or a container's
// root filesystem (--root). Paths resolve as if the root were `/`: absolute symlinks
// point back inside the root and `..` never climbs out of it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/result.h"

namespace trustready::fs {

enum class FileType { Missing, File, Directory, Other };

class RootFs {
 public:
  /// Fails with a one-line message if `root` does not exist or is not a directory.
  static Result<RootFs> open(std::string_view root);

  /// The root as given, absolute and without a trailing slash ("/" for the host).
  const std::string& root() const { return root_; }
  bool is_host() const { return root_ == "/"; }

  struct Resolved {
    std::string path;       ///< inside the root, absolute, no symlinks ("/usr/share/...")
    std::string host_path;  ///< where that is on this machine
  };
  /// Follows every symlink inside the root (at most 40, as Linux does).
  Result<Resolved> resolve(std::string_view path) const;

  FileType type(std::string_view path) const;
  /// Reads a regular file; refuses anything larger than `max_bytes`.
  Result<std::string> read_file(std::string_view path, std::size_t max_bytes = kMaxFileBytes) const;
  /// Reads a file already resolved (skips a second walk of its path).
  Result<std::string> read_resolved(const Resolved& file, std::size_t max_bytes = kMaxFileBytes) const;
  /// Entry names of a directory, sorted, without "." and "..".
  Result<std::vector<std::string>> list_dir(std::string_view path) const;
  /// The target of a symlink as stored (not followed); an error if `path` is no symlink.
  Result<std::string> read_link(std::string_view path) const;
  /// The host path for a path inside the root, without resolving symlinks.
  std::string host_path(std::string_view path) const;

  static constexpr std::size_t kMaxFileBytes = 64u << 20;

 private:
  explicit RootFs(std::string root) : root_(std::move(root)) {}
  std::string root_;
  mutable std::unordered_map<std::string, Resolved> dir_cache_;
};

/// "/a/b/../c" -> "/a/c"; lexical only.
std::string normalize(std::string_view path);

}  // namespace trustready::fs
