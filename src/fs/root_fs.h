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

/// Identity of a file on this machine: two paths with equal keys are the same file.
struct FileKey {
  unsigned long long device = 0;
  unsigned long long inode = 0;
  auto operator<=>(const FileKey&) const = default;
};

struct FileContent {
  FileKey key;
  std::string bytes;
};

/// A regular file mapped read-only into memory: pages are read only when touched, so a
/// 100 MB binary costs what is looked at. Move-only.
class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const char* data, std::size_t size) : data_(data), size_(size) {}
  MappedFile(MappedFile&& o) noexcept : data_(o.data_), size_(o.size_) { o.data_ = nullptr, o.size_ = 0; }
  MappedFile& operator=(MappedFile&&) = delete;
  MappedFile(const MappedFile&) = delete;
  ~MappedFile();
  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

/// Opens go through openat2(RESOLVE_IN_ROOT), so the kernel itself keeps every lookup
/// inside the root in one system call; on kernels before 5.6 (or where seccomp refuses
/// openat2) the same rules run in user space (resolve()).
class RootFs {
 public:
  RootFs(RootFs&& other) noexcept;
  RootFs& operator=(RootFs&&) = delete;
  RootFs(const RootFs&) = delete;
  ~RootFs();

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
  /// The entry itself exists (a dangling or looping symlink counts), symlinks in its
  /// parent followed inside the root.
  bool entry_exists(std::string_view path) const;
  /// Reads a regular file; refuses anything larger than `max_bytes`.
  Result<std::string> read_file(std::string_view path, std::size_t max_bytes = kMaxFileBytes) const;
  /// Reads a regular file and says which file it was (for de-duplicating links).
  Result<FileContent> read_file_keyed(std::string_view path, std::size_t max_bytes = kMaxFileBytes) const;
  /// Maps a regular file of any size (an empty file maps to no bytes).
  Result<MappedFile> map_file(std::string_view path) const;
  /// Which file `path` is, following symlinks inside the root.
  Result<FileKey> file_key(std::string_view path) const;
  /// Entry names of a directory, sorted, without "." and "..".
  Result<std::vector<std::string>> list_dir(std::string_view path) const;
  /// The target of a symlink as stored (not followed); an error if `path` is no symlink.
  Result<std::string> read_link(std::string_view path) const;
  /// The host path for a path inside the root, without resolving symlinks.
  std::string host_path(std::string_view path) const;

  static constexpr std::size_t kMaxFileBytes = 64u << 20;

 private:
  RootFs(std::string root, int root_fd) : root_(std::move(root)), root_fd_(root_fd) {}
  /// An fd for `path` inside the root, symlinks followed inside it; -1 with errno set.
  int open_in_root(std::string_view path, int flags) const;
  Result<FileContent> read_fd(int fd, const std::string& path, std::size_t max_bytes) const;
  std::string root_;
  int root_fd_ = -1;
  mutable std::unordered_map<std::string, Resolved> dir_cache_;
};

/// "/a/b/../c" -> "/a/c"; lexical only.
std::string normalize(std::string_view path);

}  // namespace trustready::fs
