// The real file tree: a directory of this machine seen as `/` (this host's own `/`, or
// a container's root filesystem given with --root).
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fs/file_tree.h"

namespace trustready::fs {

/// Opens go through openat2(RESOLVE_IN_ROOT), so the kernel itself keeps every lookup
/// inside the root in one system call; on kernels before 5.6 (or where seccomp refuses
/// openat2) the same rules run in user space (resolve()).
class RootFs final : public FileTree {
 public:
  RootFs(RootFs&& other) noexcept;
  RootFs& operator=(RootFs&&) = delete;
  RootFs(const RootFs&) = delete;
  ~RootFs();

  /// Fails with a one-line message if `root` does not exist or is not a directory.
  static Result<RootFs> open(std::string_view root);

  const std::string& root() const override { return root_; }
  bool is_host() const override { return root_ == "/"; }
  Result<Resolved> resolve(std::string_view path) const override;
  FileType type(std::string_view path) const override;
  bool entry_exists(std::string_view path) const override;
  bool absent(std::string_view path) const override;
  Result<FileContent> read_file_keyed(std::string_view path, std::size_t max_bytes = kMaxFileBytes) const override;
  Result<MappedFile> map_file(std::string_view path) const override;
  Result<FileKey> file_key(std::string_view path) const override;
  Result<std::vector<std::string>> list_dir(std::string_view path) const override;
  Result<std::string> read_link(std::string_view path) const override;
  std::string host_path(std::string_view path) const override;
  using FileTree::read_file;

  /// An fd for `path` inside the root, every symlink followed inside it (the last one
  /// too); -1 with errno set. Public for TreeWriter, whose writes are *at calls on it.
  int open_in_root(std::string_view path, int flags) const;

 private:
  RootFs(std::string root, int root_fd) : root_(std::move(root)), root_fd_(root_fd) {}
  /// resolve(), and on failure the errno of the step that failed in `err`.
  Result<Resolved> resolve_with_errno(std::string_view path, int& err) const;
  /// The user-space route of open_in_root: resolve(), then each resolved name opened
  /// with O_NOFOLLOW from the root fd, so a symlink swapped in meanwhile is refused.
  int open_resolved(std::string_view path, int flags) const;
  Result<FileContent> read_fd(int fd, const std::string& path, std::size_t max_bytes) const;
  std::optional<std::string> cached_dir(const std::string& inside) const;
  void cache_dir(const std::string& inside, Resolved resolved) const;
  std::string root_;
  int root_fd_ = -1;
  /// Directory prefixes already resolved (stores share them); one tree serves several
  /// threads (the scanner's walkers), so the cache takes a lock.
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, Resolved> dir_cache_;
};

/// Lookups go through openat2 (false once the kernel refused it with ENOSYS or EPERM, and
/// from the start with TRUSTREADY_NO_OPENAT2=1); tests check which route they took.
bool openat2_in_use();

}  // namespace trustready::fs
