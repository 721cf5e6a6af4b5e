// run_process confined (Confinement): a root tree's own tool under chroot, or this host's
// tool in a private mount namespace with the root's folders bound over the host's.
// posix_spawn can neither unshare nor chroot, so the child is forked. Another thread may
// hold malloc's lock at the fork, so everything the child touches is built before it, and
// between fork and exec the child makes only async-signal-safe calls. A step that fails
// there is written as {step, errno} to a close-on-exec pipe, which a successful exec
// closes empty; the parent turns it into a one-line error naming the step and its paths.
#include "util/subprocess.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>

#include "util/process_wait.h"

extern char** environ;

namespace trustready {
namespace {

/// A root tree's PATH: where argv[0] is looked up under chroot_dir, and the child's PATH there.
constexpr std::array<const char*, 4> kRootPath = {"/usr/sbin", "/usr/bin", "/sbin", "/bin"};
constexpr const char* kRootPathEntry = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";

/// What the child failed at; kBind + i is binds[i].
enum Step : int { kStdio, kUnshare, kPrivate, kChroot, kChdir, kExec, kBind };

/// What the child writes to the status pipe when a step fails.
struct Failure {
  int step;
  int error;
};

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

/// `relative` opened (O_PATH) under root_fd through no symlink at all: an intermediate
/// symlink fails as a directory (ENOTDIR), a final one is opened as itself.
int open_without_symlinks(int root_fd, std::string_view relative) {
  int fd = -1;
  while (!relative.empty()) {
    const std::size_t slash = std::min(relative.find('/'), relative.size());
    const std::string part(relative.substr(0, slash));
    relative.remove_prefix(std::min(slash + 1, relative.size()));
    if (part.empty() || part == ".") continue;
    int next = -1;
    if (part == "..")
      errno = EXDEV;  // never above the root
    else
      next = ::openat(fd >= 0 ? fd : root_fd, part.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    const int saved = errno;
    if (fd >= 0) ::close(fd);
    errno = saved;
    if (next < 0) return -1;
    fd = next;
  }
  return fd;
}

/// `in_root` (absolute inside the root open at root_fd), opened with its symlinks resolved
/// as if that root were /, by the kernel (openat2 RESOLVE_IN_ROOT). Without openat2
/// (kernel < 5.6, a seccomp filter, or TRUSTREADY_NO_OPENAT2 as in fs/root_fs.cpp) only a
/// path through no symlink is taken: simple, and it cannot leave the root.
int open_in_root(int root_fd, std::string_view in_root) {
  while (!in_root.empty() && in_root.front() == '/') in_root.remove_prefix(1);
  const std::string relative(in_root);
  if (std::getenv("TRUSTREADY_NO_OPENAT2") == nullptr) {
    open_how how{};
    how.flags = O_PATH | O_CLOEXEC;
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
    if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return static_cast<int>(fd);
  }
  return open_without_symlinks(root_fd, relative);
}

/// argv[0] as a path inside `root`: the first executable file in the root's PATH, or
/// argv[0] itself (from the root's /) when it has a slash.
Result<std::string> find_in_root(const std::string& root, const std::string& name) {
  const Fd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (root_fd.get() < 0) return make_error(name + ": chroot " + root + ": " + std::strerror(errno));
  std::vector<std::string> candidates;
  if (name.find('/') != std::string::npos) {
    candidates.push_back(name.front() == '/' ? name : "/" + name);
  } else {
    for (const char* dir : kRootPath) candidates.push_back(std::string(dir) + "/" + name);
  }
  for (const auto& candidate : candidates) {
    const Fd fd(open_in_root(root_fd.get(), candidate));
    struct stat st {};
    if (fd.get() >= 0 && ::fstat(fd.get(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111) != 0)
      return candidate;
  }
  if (candidates.size() == 1) return make_error(name + ": not found in " + root);
  std::string looked;
  for (const char* dir : kRootPath) looked += (looked.empty() ? "" : ", ") + std::string(dir);
  return make_error(name + ": not found in " + root + " (looked in " + looked + ")");
}

std::string_view env_key(std::string_view entry) { return entry.substr(0, entry.find('=')); }

/// This process's environment with the extra entries over it (and, under a chroot, the
/// root's PATH unless an extra one sets PATH). Values are never quoted in an error: one
/// may be a password.
Result<std::vector<std::string>> child_environment(const Confinement& confinement) {
  std::vector<std::string> extra = confinement.env;
  for (const auto& entry : extra)
    if (entry.find('=') == std::string::npos || entry.front() == '=')
      return make_error("an extra environment entry is not KEY=VALUE");
  const auto sets = [&extra](std::string_view key) {
    return std::any_of(extra.begin(), extra.end(), [key](const std::string& e) { return env_key(e) == key; });
  };
  if (!confinement.chroot_dir.empty() && !sets("PATH")) extra.emplace_back(kRootPathEntry);
  std::vector<std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
    if (!sets(env_key(*entry))) out.emplace_back(*entry);
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

/// Everything the child uses, built before fork; pointers into strings the parent keeps.
struct ChildPlan {
  const char* program = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  int stdin_fd = -1, stdout_fd = -1, stderr_fd = -1, status_fd = -1;
  bool new_namespace = false;
  std::vector<std::pair<const char*, const char*>> binds;  ///< source, target
  const char* chroot_dir = nullptr;                        ///< nullptr: none
};

[[noreturn]] void fail_in_child(int status_fd, int step) {
  const Failure failure{step, errno};
  [[maybe_unused]] const ssize_t written = ::write(status_fd, &failure, sizeof failure);
  ::_exit(127);
}

/// dup2, which also clears close-on-exec when `fd` already is `target`.
bool move_fd(int fd, int target) { return fd == target ? ::fcntl(fd, F_SETFD, 0) == 0 : ::dup2(fd, target) == target; }

/// The child, from fork to exec: async-signal-safe calls only.
[[noreturn]] void run_child(const ChildPlan& plan) {
  ::setpgid(0, 0);  // its own group, killed whole at the deadline
  if (!move_fd(plan.stdin_fd, 0) || !move_fd(plan.stdout_fd, 1) || !move_fd(plan.stderr_fd, 2))
    fail_in_child(plan.status_fd, kStdio);
  if (plan.new_namespace) {
    if (::unshare(CLONE_NEWNS) != 0) fail_in_child(plan.status_fd, kUnshare);
    // The copied mounts would otherwise share propagation with the host's: a bind made
    // here would appear there.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) fail_in_child(plan.status_fd, kPrivate);
  }
  for (std::size_t i = 0; i < plan.binds.size(); ++i)
    if (::mount(plan.binds[i].first, plan.binds[i].second, nullptr, MS_BIND | MS_REC, nullptr) != 0)
      fail_in_child(plan.status_fd, kBind + static_cast<int>(i));
  if (plan.chroot_dir != nullptr) {
    if (::chroot(plan.chroot_dir) != 0) fail_in_child(plan.status_fd, kChroot);
    if (::chdir("/") != 0) fail_in_child(plan.status_fd, kChdir);
  }
  ::execve(plan.program, plan.argv, plan.envp);
  fail_in_child(plan.status_fd, kExec);
}

std::string describe(const Failure& failure, const std::string& name, const std::string& program,
                     const Confinement& confinement) {
  std::string step;
  switch (failure.step) {
    case kStdio: step = "cannot set up its standard input and output"; break;
    case kUnshare: step = "cannot make a mount namespace (unshare)"; break;
    case kPrivate: step = "cannot make / private in its mount namespace"; break;
    case kChroot: step = "chroot " + confinement.chroot_dir; break;
    case kChdir: step = "chdir / in " + confinement.chroot_dir; break;
    case kExec:
      step = "cannot run " + program + (confinement.chroot_dir.empty() ? "" : " in " + confinement.chroot_dir);
      break;
    default: {
      const auto i = static_cast<std::size_t>(failure.step - kBind);
      step = failure.step >= kBind && i < confinement.binds.size()
                 ? "cannot bind " + confinement.binds[i].source + " over " + confinement.binds[i].target
                 : "failed before it ran";
    }
  }
  return name + ": " + step + ": " + std::strerror(failure.error);
}

/// mount(2) follows symlinks in a bind's source on this host, where a root tree's own
/// symlink (etc/ssl -> /) would bind a host folder: a source must name itself, through
/// no symlink (the caller resolves it inside the root first); `//`, `.` and a final `/`
/// are let through.
Status check_bind_sources(const std::string& name, const std::vector<BindMount>& binds) {
  for (const auto& bind : binds) {
    char real[PATH_MAX];
    if (::realpath(bind.source.c_str(), real) == nullptr)
      return make_error(name + ": cannot bind " + bind.source + " over " + bind.target + ": " + std::strerror(errno));
    std::string normal = std::filesystem::path(bind.source).lexically_normal().string();
    if (normal.size() > 1 && normal.back() == '/') normal.pop_back();
    if (normal != real)
      return make_error(name + ": cannot bind " + bind.source + " over " + bind.target +
                        ": the source is not a real path (it is " + real + ")");
  }
  return ok_status();
}

}  // namespace

Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessLimits& limits,
                                  const Confinement& confinement) {
  if (confinement.empty()) return run_process(argv, limits);
  if (argv.empty()) return make_error("run_process: no program");
  const std::string& name = argv[0];
  std::string program;
  if (!confinement.chroot_dir.empty()) {
    auto found = find_in_root(confinement.chroot_dir, name);
    if (!found) return make_error(found.error());
    program = std::move(*found);
  } else {
    program = find_in_path(name);
    if (program.empty()) return make_error(name + ": not found in PATH");
  }
  if (auto checked = check_bind_sources(name, confinement.binds); !checked) return make_error(checked.error());
  auto environment = child_environment(confinement);
  if (!environment) return make_error(name + ": " + environment.error());
  const std::vector<char*> args = pointers(argv);
  const std::vector<char*> envp = pointers(*environment);

  const Fd dev_null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  detail::Pipe out, err, status;
  if (dev_null.get() < 0) return make_error(name + ": /dev/null: " + std::strerror(errno));
  if (::pipe2(out.fd, O_CLOEXEC) != 0 || ::pipe2(err.fd, O_CLOEXEC) != 0 || ::pipe2(status.fd, O_CLOEXEC) != 0)
    return make_error(name + ": pipe: " + std::strerror(errno));
  ChildPlan plan;
  plan.program = program.c_str();
  plan.argv = args.data();
  plan.envp = envp.data();
  plan.stdin_fd = dev_null.get();
  plan.stdout_fd = out.fd[1];
  plan.stderr_fd = err.fd[1];
  plan.status_fd = status.fd[1];
  // A chroot gets its own mount namespace too: whatever the root's tool mounts dies with it.
  plan.new_namespace = !confinement.binds.empty() || !confinement.chroot_dir.empty();
  for (const auto& bind : confinement.binds) plan.binds.emplace_back(bind.source.c_str(), bind.target.c_str());
  if (!confinement.chroot_dir.empty()) plan.chroot_dir = confinement.chroot_dir.c_str();

  const pid_t pid = ::fork();
  if (pid < 0) return make_error(name + ": fork: " + std::strerror(errno));
  if (pid == 0) run_child(plan);
  ::setpgid(pid, pid);  // as the child does, so the group exists before any kill(-pid)
  out.close_end(1);
  err.close_end(1);
  status.close_end(1);
  std::string failed;
  auto result = detail::await_child(pid, name, out, err, limits, &status, &failed);
  if (failed.size() == sizeof(Failure)) {
    Failure failure{};
    std::memcpy(&failure, failed.data(), sizeof failure);
    return make_error(describe(failure, name, program, confinement));
  }
  return result;
}

}  // namespace trustready
