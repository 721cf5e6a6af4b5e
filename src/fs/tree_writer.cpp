#include "fs/tree_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <random>

namespace trustready::fs {
namespace {

constexpr int kMaxSymlinks = 40;  // Linux's MAXSYMLINKS, as RootFs follows
constexpr const char* kSelinuxXattr = "security.selinux";

/// An fd closed at scope exit.
class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  UniqueFd& operator=(UniqueFd&&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_;
};

/// The path as the root sees it, for messages: "/usr/local/...", even when given relative.
std::string shown(std::string_view path) {
  std::string out(path);
  if (out.empty() || out.front() != '/') out.insert(out.begin(), '/');
  return out;
}

Error failure(std::string_view path, int err) { return make_error(shown(path) + ": " + std::strerror(err)); }

/// A folder part and the last name of a path ("a/b/c" -> "a/b", "c"; "c" -> "/", "c").
struct Split {
  std::string parent;
  std::string name;
};
Split split_last(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return {"/", std::string(path)};
  const std::string parent(path.substr(0, slash));
  return {parent.empty() ? "/" : parent, std::string(path.substr(slash + 1))};
}

/// Names a folder-less entry: not "/", ".", "..", nor ending in "/".
bool names_an_entry(std::string_view path) {
  if (path.empty() || path.back() == '/') return false;
  const std::string name = split_last(path).name;
  return !name.empty() && name != "." && name != "..";
}

/// The target of the symlink `name` in `dir`, as stored; nullopt with errno set.
std::optional<std::string> read_link_at(int dir, const std::string& name) {
  std::string target(4096, '\0');
  const ssize_t n = ::readlinkat(dir, name.c_str(), target.data(), target.size());
  if (n < 0) return std::nullopt;
  if (static_cast<std::size_t>(n) == target.size()) {
    errno = ENAMETOOLONG;
    return std::nullopt;
  }
  target.resize(static_cast<std::size_t>(n));
  return target;
}

/// Where a symlink in `parent` leads, as a path to resolve inside the root again: an
/// absolute target starts from the root, a relative one from the link's folder.
std::string beside(const std::string& parent, const std::string& target) {
  return target.front() == '/' ? target : parent + "/" + target;
}

/// fsync of the folder `dir` (an O_PATH fd, which fsync refuses, so opened again); 0 or errno.
int sync_dir(int dir) {
  UniqueFd readable(::openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!readable) return errno;
  // Some file systems cannot sync a folder (EINVAL); the rename is done all the same.
  if (::fsync(readable.get()) != 0 && errno != EINVAL) return errno;
  return 0;
}

/// The entry a write lands on: its folder (O_PATH) and name, after every final symlink
/// is followed inside the root.
struct Entry {
  UniqueFd dir;
  std::string name;
  std::optional<struct stat> st;  ///< nullopt: no entry by that name yet
};

Result<Entry> find_entry(const RootFs& tree, std::string_view path) {
  std::string current(path);
  for (int links = 0;; ++links) {
    if (!names_an_entry(current)) return make_error(shown(path) + ": names a folder, not a file");
    Split split = split_last(current);
    UniqueFd dir(tree.open_in_root(split.parent, O_PATH | O_DIRECTORY));
    if (!dir) return failure(path, errno);
    struct stat st {};
    if (::fstatat(dir.get(), split.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno != ENOENT) return failure(path, errno);
      return Entry{std::move(dir), std::move(split.name), std::nullopt};
    }
    if (!S_ISLNK(st.st_mode)) return Entry{std::move(dir), std::move(split.name), st};
    if (links == kMaxSymlinks) return failure(path, ELOOP);
    auto target = read_link_at(dir.get(), split.name);
    if (!target) return failure(path, errno);
    current = beside(split.parent, *target);
  }
}

/// A new file beside `name` in `dir`, only ours: O_EXCL refuses any name that exists
/// (a symlink planted there too), 0600 until the owner and mode are set. -1 with errno.
int create_temp(int dir, const std::string& name, std::string& temp_name) {
  static std::atomic<unsigned> counter{0};
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    char temp[256];  // NAME_MAX + 1: the name is cut to 200 bytes
    std::snprintf(temp, sizeof temp, ".%.200s.trustready-%08x%04x", name.c_str(), random(),
                  counter.fetch_add(1) & 0xffffu);
    temp_name = temp;
    const int fd = ::openat(dir, temp_name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST) return fd;
  }
  errno = EEXIST;
  return -1;
}

/// Writes all of `bytes` to `fd`; 0 or errno (ENOSPC shows here on a full file system).
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

/// The temp file's content, owner, mode and label, on disk; 0 or errno.
int fill_temp(int fd, std::string_view bytes, const FileMeta& meta) {
  if (int err = write_all(fd, bytes)) return err;
  // chown before chmod: chown clears the set-user-ID and set-group-ID bits.
  if (::fchown(fd, meta.uid, meta.gid) != 0) return errno;
  if (::fchmod(fd, meta.mode & 07777) != 0) return errno;
  if (!meta.selinux_label.empty()) {
    // With its NUL, as libselinux's setfilecon writes it; ENOTSUP: a file system without labels.
    const std::string value = meta.selinux_label + '\0';
    if (::fsetxattr(fd, kSelinuxXattr, value.data(), value.size(), 0) != 0 && errno != ENOTSUP) return errno;
  }
  if (::fsync(fd) != 0) return errno;
  return 0;
}

/// The security.selinux label of an open file, without its NUL; empty when it has none.
Result<std::string> read_label(int fd, std::string_view path) {
  std::string value(256, '\0');
  for (;;) {
    const ssize_t n = ::fgetxattr(fd, kSelinuxXattr, value.data(), value.size());
    if (n >= 0) {
      value.resize(static_cast<std::size_t>(n));
      while (!value.empty() && value.back() == '\0') value.pop_back();
      return value;
    }
    if (errno == ENODATA || errno == ENOTSUP) return std::string();
    if (errno != ERANGE) return failure(path, errno);
    const ssize_t size = ::fgetxattr(fd, kSelinuxXattr, nullptr, 0);
    if (size < 0) return failure(path, errno);
    value.assign(static_cast<std::size_t>(size) + 1, '\0');
  }
}

FileType type_of(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return FileType::File;
  if (S_ISDIR(st.st_mode)) return FileType::Directory;
  return FileType::Other;
}

/// Gives a folder made by mkdirat exactly `mode` (mkdirat applied the umask); through an
/// O_NOFOLLOW fd, so a symlink swapped in for it is refused rather than chmodded. 0 or errno.
int set_dir_mode(int parent, const std::string& name, unsigned mode) {
  UniqueFd made(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!made) return errno;
  if (::fchmod(made.get(), mode) != 0) return errno;
  return sync_dir(parent);
}

/// mkdir -p of `path` inside the root; 0 or the errno that stopped it. A dangling symlink
/// on the way is followed inside the root and its target made, as the kernel would
/// follow it to get there.
int make_dirs_in(const RootFs& tree, const std::string& path, unsigned mode, int& links) {
  {
    UniqueFd there(tree.open_in_root(path, O_PATH | O_DIRECTORY));
    if (there || errno != ENOENT) return there ? 0 : errno;
  }
  const Split split = split_last(path);
  if (split.name.empty()) return ENOENT;  // the root itself is missing
  if (int err = make_dirs_in(tree, split.parent, mode, links)) return err;
  if (split.name == "." || split.name == "..") {  // the parent exists now, and so does this
    UniqueFd there(tree.open_in_root(path, O_PATH | O_DIRECTORY));
    return there ? 0 : errno;
  }
  UniqueFd dir(tree.open_in_root(split.parent, O_PATH | O_DIRECTORY));
  if (!dir) return errno;
  if (::mkdirat(dir.get(), split.name.c_str(), mode) == 0) return set_dir_mode(dir.get(), split.name, mode);
  if (errno != EEXIST) return errno;
  struct stat st {};
  if (::fstatat(dir.get(), split.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return errno;
  if (S_ISDIR(st.st_mode)) return 0;  // made meanwhile
  if (!S_ISLNK(st.st_mode)) return ENOTDIR;
  if (++links > kMaxSymlinks) return ELOOP;
  auto target = read_link_at(dir.get(), split.name);
  if (!target) return errno;
  return make_dirs_in(tree, beside(split.parent, *target), mode, links);
}

}  // namespace

Result<TreeWriter> TreeWriter::open(std::string_view root) {
  auto tree = RootFs::open(root);
  if (!tree) return Error{tree.error()};
  return TreeWriter(std::move(tree).value());
}

Result<std::string> TreeWriter::resolve(std::string_view path) const {
  auto resolved = tree_.resolve(path);
  if (!resolved) return Error{resolved.error()};
  return resolved->path;
}

Result<std::string> TreeWriter::read(std::string_view path, std::size_t max_bytes) const {
  return tree_.read_file(path, max_bytes);
}

Result<FileMeta> TreeWriter::stat(std::string_view path) const {
  UniqueFd fd(tree_.open_in_root(path, O_PATH));
  if (!fd) {
    if (errno == ENOENT) return FileMeta{};
    return failure(path, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return failure(path, errno);
  if (S_ISLNK(st.st_mode)) return failure(path, ELOOP);  // became a symlink while looked up
  FileMeta meta{true, type_of(st), st.st_mode & 07777u, st.st_uid, st.st_gid, {}};
  if (meta.type == FileType::Other) return meta;  // no label kept for devices and sockets
  // An O_PATH fd has no xattrs (before Linux 6.x); open the same file again to read them.
  UniqueFd readable(tree_.open_in_root(path, O_RDONLY | O_NONBLOCK | O_NOCTTY));
  struct stat again {};
  if (!readable || ::fstat(readable.get(), &again) != 0) return failure(path, errno);
  if (again.st_dev != st.st_dev || again.st_ino != st.st_ino) return make_error(shown(path) + ": changed while read");
  auto label = read_label(readable.get(), path);
  if (!label) return Error{label.error()};
  meta.selinux_label = std::move(*label);
  return meta;
}

Status TreeWriter::write_atomic(std::string_view path, std::string_view bytes, const FileMeta& meta) {
  auto entry = find_entry(tree_, path);
  if (!entry) return Error{entry.error()};
  if (entry->st && S_ISDIR(entry->st->st_mode)) return make_error(shown(path) + ": is a directory, expected a file");
  if (entry->st && !S_ISREG(entry->st->st_mode)) return make_error(shown(path) + ": not a regular file");
  const int dir = entry->dir.get();
  std::string temp_name;
  int err = 0;
  {
    UniqueFd temp(create_temp(dir, entry->name, temp_name));
    if (!temp) return failure(path, errno);
    err = fill_temp(temp.get(), bytes, meta);
  }
  // renameat replaces the name in one step: a reader sees the old file or the new one.
  if (err == 0 && ::renameat(dir, temp_name.c_str(), dir, entry->name.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlinkat(dir, temp_name.c_str(), 0);
    return failure(path, err);
  }
  // The new file is in place; an unsynced folder is still an error, as a crash could undo the rename.
  if (int sync_err = sync_dir(dir)) return failure(path, sync_err);
  return ok_status();
}

Status TreeWriter::remove(std::string_view path) {
  if (!names_an_entry(path)) return make_error(shown(path) + ": names a folder, not a file");
  const Split split = split_last(path);
  UniqueFd dir(tree_.open_in_root(split.parent, O_PATH | O_DIRECTORY));
  if (!dir) return errno == ENOENT ? ok_status() : Status(failure(path, errno));
  if (::unlinkat(dir.get(), split.name.c_str(), 0) != 0)
    return errno == ENOENT ? ok_status() : Status(failure(path, errno));
  if (int err = sync_dir(dir.get())) return failure(path, err);
  return ok_status();
}

Status TreeWriter::make_dirs(std::string_view path, unsigned mode) {
  int links = 0;
  if (int err = make_dirs_in(tree_, std::string(path), mode & 07777u, links)) return failure(path, err);
  return ok_status();
}

}  // namespace trustready::fs
