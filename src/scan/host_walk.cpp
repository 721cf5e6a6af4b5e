// This machine's folders, read the fast way: each folder opened below the tree's root fd
// in one openat2 call that refuses any symlink on the way (RESOLVE_NO_SYMLINKS: a folder
// swapped for a link while we walk is refused, not followed out of the tree), its entries
// read with getdents64 and their d_type (no stat per entry), each file opened relative
// to its folder's fd with O_NOFOLLOW, O_NONBLOCK and O_NOCTTY (a FIFO or a device never
// blocks us) and read into one buffer per worker.
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "scan/walk_state.h"

namespace trustready::scan::detail {
namespace {

/// openat2 until the kernel refuses it (ENOSYS before 5.6, EPERM under some seccomp
/// filters); TRUSTREADY_NO_OPENAT2=1 takes the other route from the start, for tests.
std::atomic<bool> g_openat2{std::getenv("TRUSTREADY_NO_OPENAT2") == nullptr};

struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

/// The same walk name by name, each step O_NOFOLLOW, where openat2 is missing.
int open_by_steps(int root_fd, const std::string& inside, int flags) {
  const std::vector<std::string> parts = fs::path_parts(inside);
  if (parts.empty()) return ::openat(root_fd, ".", flags | O_CLOEXEC);
  int dir = root_fd;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    const int next = ::openat(dir, parts[i].c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    const int saved = errno;
    if (dir != root_fd) ::close(dir);
    errno = saved;
    if (next < 0) return -1;
    dir = next;
  }
  const int fd = ::openat(dir, parts.back().c_str(), flags | O_NOFOLLOW | O_CLOEXEC);
  const int saved = errno;
  if (dir != root_fd) ::close(dir);
  errno = saved;
  return fd;
}

/// `inside` (a path inside the tree without symlinks) opened below the root fd; -1 and errno.
int open_beneath(int root_fd, const std::string& inside, int flags) {
  if (g_openat2.load(std::memory_order_relaxed)) {
    std::size_t skip = 0;
    while (skip < inside.size() && inside[skip] == '/') ++skip;
    const char* relative = skip == inside.size() ? "." : inside.c_str() + skip;
    open_how how{};
    how.flags = static_cast<unsigned long long>(flags | O_CLOEXEC | O_NOFOLLOW);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, root_fd, relative, &how, sizeof how);
    if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return static_cast<int>(fd);
    g_openat2.store(false);
  }
  return open_by_steps(root_fd, inside, flags);
}

/// One entry of a getdents64 buffer (struct linux_dirent64: u64 ino, s64 off, u16 reclen,
/// u8 type, then the NUL-terminated name), read without a flexible array member.
struct Dirent {
  unsigned short reclen;
  unsigned char type;
  const char* name;
};
Dirent dirent_at(const char* p) {
  Dirent d{};
  std::memcpy(&d.reclen, p + 16, sizeof d.reclen);
  d.type = static_cast<unsigned char>(p[18]);
  d.name = p + 19;
  return d;
}

class HostWorker {
 public:
  HostWorker(const WalkShared& shared, int root_fd, unsigned index)
      : s_(shared), root_fd_(root_fd), index_(index), dents_(32 * 1024) {}

  void run() {
    while (auto item = s_.queues.pop(index_)) {
      if (item->is_file)
        read_path(item->path, item->open_path());
      else
        list_folder(*item);
      s_.queues.done();
    }
  }

 private:
  void list_folder(const WalkItem& folder) {
    Fd dir(open_beneath(root_fd_, folder.open_path(), O_RDONLY | O_DIRECTORY | O_NONBLOCK));
    if (dir.fd < 0) return s_.error(folder.path, reason_of_errno(errno));
    struct stat st {};
    if (::fstat(dir.fd, &st) != 0) return s_.error(folder.path, reason_of_errno(errno));
    // Another mount: not listed (find -xdev); checked on the fd, so no stat per subfolder.
    if (s_.options.one_file_system && st.st_dev != folder.device) return s_.skip();
    const fs::FileKey key{st.st_dev, st.st_ino};
    if (in_chain(folder.ancestors.get(), key)) return s_.error(folder.path, "symbolic link loop (a folder inside itself)");
    Here here{folder, key, nullptr};
    for (;;) {
      const long n = ::syscall(SYS_getdents64, dir.fd, dents_.data(), dents_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return s_.error(folder.path, reason_of_errno(errno));
      if (n == 0) return;
      for (long off = 0; off < n;) {
        const Dirent d = dirent_at(dents_.data() + off);
        off += d.reclen;
        const std::string_view name = d.name;
        if (name == "." || name == "..") continue;
        entry(here, dir.fd, d.name, d.type);
      }
    }
  }

  /// The folder being listed, and its link in the chain of ancestors (made at its first subfolder).
  struct Here {
    const WalkItem& folder;
    fs::FileKey key;
    std::shared_ptr<const Ancestor> chain;
    const std::shared_ptr<const Ancestor>& below() {
      if (!chain) chain = std::make_shared<const Ancestor>(Ancestor{key, folder.ancestors});
      return chain;
    }
  };

  void entry(Here& here, int dir_fd, const char* name_z, unsigned char type) {
    const std::string_view name = name_z;
    std::string path = child_path(here.folder.path, name);
    if (s_.excluded(path, name)) return s_.skip();
    if (type == DT_UNKNOWN) {  // file systems without d_type (some XFS, old reiserfs)
      struct stat st {};
      if (::fstatat(dir_fd, name_z, &st, AT_SYMLINK_NOFOLLOW) != 0) return s_.error(path, reason_of_errno(errno));
      type = static_cast<unsigned char>(IFTODT(st.st_mode));
    }
    switch (type) {
      case DT_REG:
        return read_at(dir_fd, name_z, path);
      case DT_DIR: {
        if (s_.is_vcs(name)) return s_.skip();
        std::string real = here.folder.real.empty() ? std::string() : child_path(here.folder.real, name);
        return s_.queue_folder(index_, here.folder, std::move(path), std::move(real), here.below());
      }
      case DT_LNK:
        if (!s_.options.follow) return s_.skip();
        return follow(here, name, std::move(path));
      default:  // FIFOs, sockets, devices: never opened
        return s_.skip();
    }
  }

  /// --follow: the link resolved inside the tree (an absolute target starts at its root).
  void follow(Here& here, std::string_view name, std::string path) {
    const std::string link = child_path(here.folder.open_path(), name);
    auto resolved = s_.tree.resolve(link);
    if (!resolved) {
      if (s_.tree.absent(link)) return s_.skip();  // dangling: nothing to read (find -L: type l)
      return s_.error(std::move(path), reason_of(resolved.error(), link));
    }
    Fd target(open_beneath(root_fd_, resolved->path, O_PATH));
    if (target.fd < 0) return s_.error(std::move(path), reason_of_errno(errno));
    struct stat st {};
    if (::fstat(target.fd, &st) != 0) return s_.error(std::move(path), reason_of_errno(errno));
    if (S_ISDIR(st.st_mode)) {
      if (s_.is_vcs(name)) return s_.skip();
      return s_.queue_folder(index_, here.folder, std::move(path), std::move(resolved->path), here.below());
    }
    if (!S_ISREG(st.st_mode)) return s_.skip();  // a device is not even opened for reading
    read_path(path, resolved->path);
  }

  void read_at(int dir_fd, const char* name, const std::string& path) {
    const int fd = ::openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return s_.error(path, reason_of_errno(errno));
    read_fd(fd, path);
  }

  void read_path(const std::string& path, const std::string& real) {
    const int fd = open_beneath(root_fd_, real, O_RDONLY | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return s_.error(path, reason_of_errno(errno));
    read_fd(fd, path);
  }

  /// At most max_file_bytes of the file (a 5 GB sparse file costs only that), into the
  /// worker's buffer, which grows to the largest file read and is then reused.
  void read_fd(int fd_in, const std::string& path) {
    Fd file(fd_in);
    struct stat st {};
    if (::fstat(file.fd, &st) != 0) return s_.error(path, reason_of_errno(errno));
    if (!S_ISREG(st.st_mode)) return s_.error(path, "changed while walked (no longer a regular file)");
    const auto size = static_cast<std::uint64_t>(st.st_size);
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(size, s_.options.max_file_bytes));
    if (want > buffer_.size()) buffer_.resize(std::max(want, buffer_.size() * 2));
    std::size_t got = 0;
    while (got < want) {
      const ssize_t n = ::read(file.fd, buffer_.data() + got, want - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return s_.error(path, reason_of_errno(errno));
      if (n == 0) break;  // shrank while we read: what is there
      got += static_cast<std::size_t>(n);
    }
    s_.hand_over(path, size, std::string_view(buffer_.data(), got));
  }

  const WalkShared& s_;
  int root_fd_;
  unsigned index_;
  std::vector<char> dents_;
  std::vector<char> buffer_;
};

}  // namespace

void run_host_worker(const WalkShared& shared, int root_fd, unsigned index) { HostWorker(shared, root_fd, index).run(); }

}  // namespace trustready::scan::detail
