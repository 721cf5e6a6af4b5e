#include "fs/root_fs.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>

namespace trustready::fs {
namespace {

constexpr int kMaxSymlinks = 40;  // Linux's MAXSYMLINKS

std::deque<std::string> split(std::string_view path) {
  const auto parts = path_parts(path);
  return {parts.begin(), parts.end()};
}

std::string join(const std::vector<std::string>& parts) { return join_parts(parts); }

std::string errno_text(int err) {
  if (err == ELOOP) return "symbolic link loop (or more than 40 links)";
  return std::strerror(err);
}

/// openat2 works here until it first says otherwise (ENOSYS: kernel < 5.6; EPERM: seccomp).
/// TRUSTREADY_NO_OPENAT2=1 takes the user-space path from the start, as an old kernel would.
std::atomic<bool> g_openat2_usable{std::getenv("TRUSTREADY_NO_OPENAT2") == nullptr};

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<RootFs> RootFs::open(std::string_view root) {
  if (root.empty()) return make_error("--root: empty path");
  std::string abs(root);
  if (abs[0] != '/') {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return make_error("--root " + abs + ": cannot get the current directory");
    abs = std::string(cwd) + "/" + abs;
  }
  abs = normalize(abs);
  struct stat st {};
  if (::stat(abs.c_str(), &st) != 0) return make_error("--root " + std::string(root) + ": " + errno_text(errno));
  if (!S_ISDIR(st.st_mode)) return make_error("--root " + std::string(root) + ": not a directory");
  const int fd = ::open(abs.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return make_error("--root " + std::string(root) + ": " + errno_text(errno));
  return RootFs(abs, fd);
}

RootFs::RootFs(RootFs&& other) noexcept : root_(std::move(other.root_)), root_fd_(other.root_fd_) {
  std::lock_guard lock(other.cache_mutex_);
  dir_cache_ = std::move(other.dir_cache_);
  other.root_fd_ = -1;
}

RootFs::~RootFs() {
  if (root_fd_ >= 0) ::close(root_fd_);
}

int RootFs::open_in_root(std::string_view path, int flags) const {
  if (g_openat2_usable.load(std::memory_order_relaxed)) {
    std::string relative(path);
    while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
    if (relative.empty()) relative = ".";
    open_how how{};
    how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, root_fd_, relative.c_str(), &how, sizeof how);
    if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return static_cast<int>(fd);
    g_openat2_usable.store(false);
  }
  return open_resolved(path, flags);
}

int RootFs::open_resolved(std::string_view path, int flags) const {
  int err = 0;
  auto r = resolve_with_errno(path, err);
  if (!r) {
    errno = err;
    return -1;
  }
  // resolve() looked with lstat on host paths; between that and these opens a name may
  // have become a symlink (to the host's /etc, say): O_NOFOLLOW at each step refuses it.
  const std::vector<std::string> parts = path_parts(r->path);
  if (parts.empty()) return ::openat(root_fd_, ".", flags | O_CLOEXEC);
  int dir = root_fd_;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const int next = ::openat(dir, parts[i].c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    const int saved = errno;
    if (dir != root_fd_) ::close(dir);
    errno = saved;
    if (next < 0) return -1;
    dir = next;
  }
  const int fd = ::openat(dir, parts.back().c_str(), flags | O_NOFOLLOW | O_CLOEXEC);
  const int saved = errno;
  if (dir != root_fd_) ::close(dir);
  errno = saved;
  return fd;
}

bool openat2_in_use() { return g_openat2_usable.load(std::memory_order_relaxed); }

std::string RootFs::host_path(std::string_view path) const {
  const std::string inside = normalize(path);
  if (root_ == "/") return inside;
  return inside == "/" ? root_ : root_ + inside;
}

std::optional<std::string> RootFs::cached_dir(const std::string& inside) const {
  std::lock_guard lock(cache_mutex_);
  auto hit = dir_cache_.find(inside);
  if (hit == dir_cache_.end()) return std::nullopt;
  return hit->second.path;
}

void RootFs::cache_dir(const std::string& inside, Resolved resolved) const {
  std::lock_guard lock(cache_mutex_);
  dir_cache_.emplace(inside, std::move(resolved));
}

Result<RootFs::Resolved> RootFs::resolve(std::string_view path) const {
  int err = 0;
  return resolve_with_errno(path, err);
}

bool RootFs::absent(std::string_view path) const {
  int err = 0;
  return !resolve_with_errno(path, err) && err == ENOENT;
}

Result<RootFs::Resolved> RootFs::resolve_with_errno(std::string_view path, int& err) const {
  std::deque<std::string> todo = split(path);
  std::vector<std::string> done;  // resolved components, inside the root
  int links = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.front());
    todo.pop_front();
    if (part == ".") continue;
    if (part == "..") {
      if (!done.empty()) done.pop_back();  // clamp at the root
      continue;
    }
    done.push_back(part);
    const std::string inside = join(done);
    if (!todo.empty()) {  // a directory prefix: cached, since stores share them
      if (auto hit = cached_dir(inside)) {
        done = {};
        for (auto& p : split(*hit)) done.push_back(p);
        continue;
      }
    }
    const std::string host = host_path(inside);
    struct stat st {};
    if (::lstat(host.c_str(), &st) != 0) {
      err = errno;
      return make_error(std::string(path) + ": " + errno_text(err));
    }
    if (!S_ISLNK(st.st_mode)) {
      if (!todo.empty()) cache_dir(inside, Resolved{inside, host});
      continue;
    }
    if (++links > kMaxSymlinks) {
      err = ELOOP;
      return make_error(std::string(path) + ": symbolic link loop (more than 40 links)");
    }
    std::string target(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 4096) + 1, '\0');
    const ssize_t n = ::readlink(host.c_str(), target.data(), target.size());
    if (n < 0) {
      err = errno;
      return make_error(std::string(path) + ": " + errno_text(err));
    }
    target.resize(static_cast<std::size_t>(n));
    done.pop_back();
    if (!target.empty() && target[0] == '/') done.clear();  // absolute: back to *our* root
    auto parts = split(target);
    todo.insert(todo.begin(), parts.begin(), parts.end());
  }
  const std::string inside = join(done);
  return Resolved{inside, host_path(inside)};
}

Result<std::string> RootFs::read_link(std::string_view path) const {
  const std::string dir(path.substr(0, path.rfind('/')));
  auto parent = resolve(dir.empty() ? "/" : dir);
  if (!parent) return Error{parent.error()};
  const std::string host = parent->host_path + "/" + std::string(path.substr(path.rfind('/') + 1));
  char target[4096];
  const ssize_t n = ::readlink(host.c_str(), target, sizeof target);
  if (n < 0) return make_error(std::string(path) + ": " + errno_text(errno));
  return std::string(target, static_cast<std::size_t>(n));
}

bool RootFs::entry_exists(std::string_view path) const {
  const std::string inside = normalize(path);
  const std::size_t slash = inside.rfind('/');
  auto parent = resolve(slash == 0 ? "/" : inside.substr(0, slash));
  if (!parent) return false;
  struct stat st {};
  return ::lstat((parent->host_path + inside.substr(slash)).c_str(), &st) == 0;
}

FileType RootFs::type(std::string_view path) const {
  const int fd = open_in_root(path, O_PATH);
  if (fd < 0) return FileType::Missing;
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return FileType::Missing;
  if (S_ISREG(st.st_mode)) return FileType::File;
  if (S_ISDIR(st.st_mode)) return FileType::Directory;
  return FileType::Other;
}

Result<FileContent> RootFs::read_file_keyed(std::string_view path, std::size_t max_bytes) const {
  const int fd = open_in_root(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) return make_error(std::string(path) + ": " + errno_text(errno));
  return read_fd(fd, std::string(path), max_bytes);
}

Result<MappedFile> RootFs::map_file(std::string_view path) const {
  const int fd = open_in_root(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) return make_error(std::string(path) + ": " + errno_text(errno));
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return make_error(std::string(path) + ": " + errno_text(errno));
  if (!S_ISREG(st.st_mode)) return make_error(std::string(path) + ": not a regular file");
  if (st.st_size == 0) return MappedFile();
  const auto size = static_cast<std::size_t>(st.st_size);
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) return make_error(std::string(path) + ": cannot map: " + errno_text(errno));
  std::shared_ptr<const void> mapping(p, [size](const void* q) { ::munmap(const_cast<void*>(q), size); });
  return MappedFile(std::string_view(static_cast<const char*>(p), size), std::move(mapping));
}

Result<FileKey> RootFs::file_key(std::string_view path) const {
  const int fd = open_in_root(path, O_PATH);
  if (fd < 0) return make_error(std::string(path) + ": " + errno_text(errno));
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return make_error(std::string(path) + ": " + errno_text(errno));
  return FileKey{st.st_dev, st.st_ino};
}

Result<FileContent> RootFs::read_fd(int fd, const std::string& path, std::size_t max_bytes) const {
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return make_error(path + ": " + errno_text(errno));
  if (S_ISDIR(st.st_mode)) return make_error(path + ": is a directory, expected a file");
  if (!S_ISREG(st.st_mode)) return make_error(path + ": not a regular file");
  if (static_cast<std::size_t>(st.st_size) > max_bytes)
    return make_error(path + ": file too large (" + std::to_string(st.st_size) + " bytes; limit " +
                      std::to_string(max_bytes) + ")");
  FileContent out{FileKey{st.st_dev, st.st_ino}, std::string(static_cast<std::size_t>(st.st_size), '\0')};
  std::size_t got = 0;
  while (got < out.bytes.size()) {
    const ssize_t n = ::read(fd, out.bytes.data() + got, out.bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error(path + ": " + errno_text(errno));
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  out.bytes.resize(got);
  return out;
}

Result<std::vector<std::string>> RootFs::list_dir(std::string_view path) const {
  const int fd = open_in_root(path, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return make_error(std::string(path) + ": " + errno_text(errno));
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(fd), &::closedir);
  if (!dir) {
    ::close(fd);
    return make_error(std::string(path) + ": " + errno_text(errno));
  }
  std::vector<std::string> names;
  while (const dirent* e = ::readdir(dir.get())) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    names.emplace_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace trustready::fs
