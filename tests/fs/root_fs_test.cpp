// RootFs against the kernel's own idea of a path inside a root: where Linux offers it,
// openat2(RESOLVE_IN_ROOT) resolves the same path with the same root and tells where it
// landed. Every tree is a TempDir; nothing here reads or writes this machine's stores.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define TRUSTREADY_HAVE_OPENAT2 1
#endif

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "fs/root_fs.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using fs::FileType;
using fs::RootFs;
using testing::make_dirs;
using testing::quote;
using testing::run;
using testing::TempDir;
using testing::write_file;

namespace stdfs = std::filesystem;

/// The TempDir without symlinks in its own path, so host paths compare exactly.
std::string canonical(const TempDir& dir) { return stdfs::canonical(dir.path()).string(); }

void symlink_at(const std::string& target, const std::string& link) {
  make_dirs(stdfs::path(link).parent_path().string());
  stdfs::create_symlink(target, link);
}

RootFs open_root(const std::string& root) {
  auto fs = RootFs::open(root);
  if (!fs) throw std::runtime_error(fs.error());
  return std::move(fs).value();
}

/// How the kernel resolves `path` with `root` as "/" (openat2 with RESOLVE_IN_ROOT):
/// the host path it reached, or its errno. Nullopt when the kernel has no openat2.
struct KernelView {
  int error = 0;
  std::string host_path;
};
std::optional<KernelView> kernel_resolve(const std::string& root, const std::string& path) {
#ifdef TRUSTREADY_HAVE_OPENAT2
  const int dirfd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0) return std::nullopt;
  open_how how{};
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT;
  const long fd = ::syscall(SYS_openat2, dirfd, path.c_str(), &how, sizeof how);
  const int err = errno;
  ::close(dirfd);
  if (fd < 0) {
    if (err == ENOSYS || err == EPERM) return std::nullopt;  // old kernel or a seccomp filter
    return KernelView{err, {}};
  }
  char buf[4096];
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  const ssize_t n = ::readlink(proc.c_str(), buf, sizeof buf);
  ::close(static_cast<int>(fd));
  if (n < 0) return std::nullopt;
  return KernelView{0, std::string(buf, static_cast<std::size_t>(n))};
#else
  (void)root;
  (void)path;
  return std::nullopt;
#endif
}

/// Checks RootFs::resolve against the kernel when it can answer.
void expect_kernel_agrees(const RootFs& fs, const std::string& path) {
  SCOPED_TRACE(path);
  const auto kernel = kernel_resolve(fs.root(), path);
  if (!kernel) return;
  auto mine = fs.resolve(path);
  if (kernel->error) {
    EXPECT_FALSE(mine) << "kernel: " << std::strerror(kernel->error) << "; RootFs: " << mine->host_path;
  } else {
    ASSERT_TRUE(mine) << mine.error();
    EXPECT_EQ(mine->host_path, kernel->host_path);
  }
}

// ---------------------------------------------------------------- open

TEST(RootFs, OpenOfAMissingDirectoryIsAnErrorNamingThePath) {
  TempDir dir;
  const std::string missing = dir / "no-such-root";
  auto fs = RootFs::open(missing);
  ASSERT_FALSE(fs);
  EXPECT_NE(fs.error().find(missing), std::string::npos) << fs.error();
  EXPECT_NE(fs.error().find(std::strerror(ENOENT)), std::string::npos) << fs.error();
}

TEST(RootFs, OpenOfARegularFileIsAnErrorNamingThePath) {
  TempDir dir;
  const std::string file = dir / "plain-file";
  write_file(file, "x");
  auto fs = RootFs::open(file);
  ASSERT_FALSE(fs);
  EXPECT_NE(fs.error().find(file), std::string::npos) << fs.error();
  EXPECT_NE(fs.error().find("not a directory"), std::string::npos) << fs.error();
}

TEST(RootFs, OpenOfAnEmptyPathIsAnError) { EXPECT_FALSE(RootFs::open("")); }

TEST(RootFs, RootIsAbsoluteWithoutATrailingSlash) {
  TempDir dir;
  const std::string root = canonical(dir);
  auto fs = RootFs::open(root + "/");
  ASSERT_TRUE(fs) << fs.error();
  EXPECT_EQ(fs->root(), root);
  EXPECT_FALSE(fs->is_host());
  make_dirs(root + "/sub");
  auto dotted = RootFs::open(root + "/./sub/..");
  ASSERT_TRUE(dotted) << dotted.error();
  EXPECT_EQ(dotted->root(), root);
}

TEST(RootFs, RelativeRootIsTakenFromTheCurrentDirectory) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/etc/marker", "relative root");
  const std::string relative = stdfs::relative(root, stdfs::current_path()).string();
  ASSERT_FALSE(relative.empty());
  ASSERT_NE(relative[0], '/');
  auto fs = RootFs::open(relative);
  ASSERT_TRUE(fs) << fs.error();
  EXPECT_EQ(fs->root()[0], '/');
  auto data = fs->read_file("/etc/marker");
  ASSERT_TRUE(data) << data.error();
  EXPECT_EQ(*data, "relative root");
}

TEST(RootFs, HostRootIsSlashAndMapsPathsToThemselves) {
  auto fs = RootFs::open("/");
  ASSERT_TRUE(fs) << fs.error();
  EXPECT_TRUE(fs->is_host());
  EXPECT_EQ(fs->root(), "/");
  EXPECT_EQ(fs->host_path("/etc/ssl/certs"), "/etc/ssl/certs");
}

TEST(RootFs, HostPathPrefixesTheRootLexically) {
  TempDir dir;
  const RootFs fs = open_root(canonical(dir));
  EXPECT_EQ(fs.host_path("/etc/ssl/cert.pem"), fs.root() + "/etc/ssl/cert.pem");
  EXPECT_EQ(fs.host_path("/"), fs.root());
  EXPECT_EQ(fs.host_path("/../../etc"), fs.root() + "/etc");
}

TEST(RootFs, NormalizeIsLexical) {
  EXPECT_EQ(fs::normalize("/a/b/../c"), "/a/c");
  EXPECT_EQ(fs::normalize("/../../x"), "/x");
  EXPECT_EQ(fs::normalize("//a//./b/"), "/a/b");
  EXPECT_EQ(fs::normalize(""), "/");
  EXPECT_EQ(fs::normalize("/"), "/");
  EXPECT_EQ(fs::normalize("a/b"), "/a/b");
}

// ---------------------------------------------------------------- resolve

TEST(RootFs, ReadsAFileInsideTheRoot) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/etc/ssl/certs/ca-certificates.crt", "bundle");
  const RootFs fs = open_root(root);
  auto r = fs.resolve("/etc/ssl/certs/ca-certificates.crt");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->path, "/etc/ssl/certs/ca-certificates.crt");
  EXPECT_EQ(r->host_path, root + "/etc/ssl/certs/ca-certificates.crt");
  auto data = fs.read_file("/etc/ssl/certs/ca-certificates.crt");
  ASSERT_TRUE(data) << data.error();
  EXPECT_EQ(*data, "bundle");
  auto keyed = fs.read_file_keyed(r->path);
  ASSERT_TRUE(keyed) << keyed.error();
  EXPECT_EQ(keyed->bytes, "bundle");
  expect_kernel_agrees(fs, "/etc/ssl/certs/ca-certificates.crt");
}

TEST(RootFs, AbsoluteSymlinkResolvesInsideTheRootNotOnTheHost) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/usr/share/x", "the root's x");
  symlink_at("/usr/share/x", root + "/etc/ssl/x");
  const RootFs fs = open_root(root);
  auto r = fs.resolve("/etc/ssl/x");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->path, "/usr/share/x");
  EXPECT_EQ(r->host_path, root + "/usr/share/x");
  auto data = fs.read_file("/etc/ssl/x");
  ASSERT_TRUE(data) << data.error();
  EXPECT_EQ(*data, "the root's x");
  EXPECT_EQ(fs.type("/etc/ssl/x"), FileType::File);
  expect_kernel_agrees(fs, "/etc/ssl/x");
}

TEST(RootFs, AbsoluteSymlinkToAHostFileMissingInTheRootIsAnError) {
  TempDir dir;
  const std::string root = canonical(dir);
  make_dirs(root + "/etc/ssl");
  symlink_at("/etc/passwd", root + "/etc/ssl/passwd-link");
  const RootFs fs = open_root(root);
  auto r = fs.resolve("/etc/ssl/passwd-link");
  EXPECT_FALSE(r) << "resolved to " << r->host_path;
  auto data = fs.read_file("/etc/ssl/passwd-link");
  ASSERT_FALSE(data) << "read " << data->size() << " bytes, the host's /etc/passwd?";
  EXPECT_NE(data.error().find("/etc/ssl/passwd-link"), std::string::npos) << data.error();
  EXPECT_EQ(fs.type("/etc/ssl/passwd-link"), FileType::Missing);
  expect_kernel_agrees(fs, "/etc/ssl/passwd-link");
}

TEST(RootFs, AbsoluteSymlinkToEtcPasswdReadsTheRootsOwnCopy) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/etc/passwd", "root-only:x:0:0::/:/bin/false\n");
  symlink_at("/etc/passwd", root + "/etc/ssl/passwd-link");
  const RootFs fs = open_root(root);
  auto data = fs.read_file("/etc/ssl/passwd-link");
  ASSERT_TRUE(data) << data.error();
  EXPECT_EQ(*data, "root-only:x:0:0::/:/bin/false\n");
  auto r = fs.resolve("/etc/ssl/passwd-link");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->host_path, root + "/etc/passwd");
  expect_kernel_agrees(fs, "/etc/ssl/passwd-link");
}

TEST(RootFs, DotDotInASymlinkCannotClimbAboveTheRoot) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/etc/hostname", "inside\n");
  symlink_at("../../../../etc/hostname", root + "/a/link");
  const RootFs fs = open_root(root);
  auto r = fs.resolve("/a/link");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->path, "/etc/hostname");
  EXPECT_EQ(r->host_path, root + "/etc/hostname");
  auto data = fs.read_file("/a/link");
  ASSERT_TRUE(data) << data.error();
  EXPECT_EQ(*data, "inside\n");
  expect_kernel_agrees(fs, "/a/link");
}

TEST(RootFs, DotDotInASymlinkToAFileMissingInTheRootIsAnError) {
  TempDir dir;
  const std::string root = canonical(dir);
  symlink_at("../../../../etc/hostname", root + "/a/link");
  const RootFs fs = open_root(root);
  auto data = fs.read_file("/a/link");
  EXPECT_FALSE(data) << "read " << data->size() << " bytes, the host's /etc/hostname?";
  expect_kernel_agrees(fs, "/a/link");
}

TEST(RootFs, DotDotInTheRequestedPathCannotClimbAboveTheRoot) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/etc/hostname", "inside\n");
  const RootFs fs = open_root(root);
  for (const std::string path : {"/../../../etc/hostname", "../etc/hostname", "/etc/../../etc/./hostname"}) {
    auto r = fs.resolve(path);
    ASSERT_TRUE(r) << path << ": " << r.error();
    EXPECT_EQ(r->host_path, root + "/etc/hostname") << path;
    expect_kernel_agrees(fs, path);
  }
}

TEST(RootFs, RelativeSymlinkIsResolvedFromWhereTheLinkReallyIs) {
  // /etc/ssl/certs -> /usr/share/certs; certs/x.pem -> ../ca/x.pem means /usr/share/ca/x.pem.
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/usr/share/ca/x.pem", "x");
  symlink_at("/usr/share/certs", root + "/etc/ssl/certs");
  symlink_at("../ca/x.pem", root + "/usr/share/certs/x.pem");
  const RootFs fs = open_root(root);
  auto r = fs.resolve("/etc/ssl/certs/x.pem");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->path, "/usr/share/ca/x.pem");
  expect_kernel_agrees(fs, "/etc/ssl/certs/x.pem");
  // `..` after a symlinked directory leaves its target, not the link's parent.
  auto up = fs.resolve("/etc/ssl/certs/../ca/x.pem");
  ASSERT_TRUE(up) << up.error();
  EXPECT_EQ(up->path, "/usr/share/ca/x.pem");
  expect_kernel_agrees(fs, "/etc/ssl/certs/../ca/x.pem");
}

TEST(RootFs, SymlinkLoopIsAnErrorMentioningLoop) {
  TempDir dir;
  const std::string root = canonical(dir);
  symlink_at("b", root + "/loop/a");
  symlink_at("a", root + "/loop/b");
  symlink_at("self", root + "/loop/self");
  const RootFs fs = open_root(root);
  for (const std::string path : {"/loop/a", "/loop/b", "/loop/self", "/loop/a/under"}) {
    auto r = fs.resolve(path);
    ASSERT_FALSE(r) << path << " resolved to " << r->path;
    EXPECT_NE(r.error().find("loop"), std::string::npos) << r.error();
    auto data = fs.read_file(path);
    EXPECT_FALSE(data) << path;
    expect_kernel_agrees(fs, path);
  }
}

/// ROOT/chain/l0 -> l1 -> ... -> l<links-1> -> target (a regular file): `links` symlinks.
void make_chain(const std::string& root, int links) {
  write_file(root + "/chain/target", "end of chain");
  auto name = [](int i) {
    std::string n = "l";  // built by append: GCC 12 warns falsely on "l" + std::to_string(i)
    n += std::to_string(i);
    return n;
  };
  for (int i = 0; i < links; ++i) symlink_at(i + 1 == links ? "target" : name(i + 1), root + "/chain/" + name(i));
}

TEST(RootFs, ChainOf41SymlinksIsAnError) {
  TempDir dir;
  const std::string root = canonical(dir);
  make_chain(root, 41);
  // The kernel refuses the same chain on the host path (relative links, so no root needed).
  EXPECT_NE(run("cat " + quote(root + "/chain/l0")).exit_code, 0);
  const RootFs fs = open_root(root);
  auto r = fs.resolve("/chain/l0");
  ASSERT_FALSE(r) << "resolved to " << r->path;
  EXPECT_NE(r.error().find("loop"), std::string::npos) << r.error();
  expect_kernel_agrees(fs, "/chain/l0");
}

TEST(RootFs, ChainOf40SymlinksResolvesAsOnLinux) {
  TempDir dir;
  const std::string root = canonical(dir);
  make_chain(root, 40);
  EXPECT_EQ(run("cat " + quote(root + "/chain/l0")).exit_code, 0);
  const RootFs fs = open_root(root);
  auto data = fs.read_file("/chain/l0");
  ASSERT_TRUE(data) << data.error();
  EXPECT_EQ(*data, "end of chain");
  expect_kernel_agrees(fs, "/chain/l0");
}

TEST(RootFs, ChainOf30SymlinksResolves) {
  TempDir dir;
  const std::string root = canonical(dir);
  make_chain(root, 30);
  const RootFs fs = open_root(root);
  auto r = fs.resolve("/chain/l0");
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->path, "/chain/target");
  auto data = fs.read_file("/chain/l0");
  ASSERT_TRUE(data) << data.error();
  EXPECT_EQ(*data, "end of chain");
  expect_kernel_agrees(fs, "/chain/l0");
}

TEST(RootFs, MissingPathIsAnErrorNamingThePath) {
  TempDir dir;
  const std::string root = canonical(dir);
  make_dirs(root + "/etc");
  const RootFs fs = open_root(root);
  auto data = fs.read_file("/etc/missing.pem");
  ASSERT_FALSE(data);
  EXPECT_NE(data.error().find("/etc/missing.pem"), std::string::npos) << data.error();
  EXPECT_EQ(fs.type("/etc/missing.pem"), FileType::Missing);
  auto list = fs.list_dir("/no/such/dir");
  EXPECT_FALSE(list);
}

TEST(RootFs, PathThroughARegularFileIsAnError) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/etc/file", "x");
  const RootFs fs = open_root(root);
  EXPECT_FALSE(fs.read_file("/etc/file/child"));
  EXPECT_EQ(fs.type("/etc/file/child"), FileType::Missing);
  expect_kernel_agrees(fs, "/etc/file/child");
}

// ---------------------------------------------------------------- read_file, type, list_dir

TEST(RootFs, ReadFileLargerThanTheLimitIsTooLarge) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/big", std::string(100, 'x'));
  const RootFs fs = open_root(root);
  auto small = fs.read_file("/big", 99);
  ASSERT_FALSE(small);
  EXPECT_NE(small.error().find("too large"), std::string::npos) << small.error();
  EXPECT_NE(small.error().find("/big"), std::string::npos) << small.error();
  auto exact = fs.read_file("/big", 100);
  ASSERT_TRUE(exact) << exact.error();
  EXPECT_EQ(exact->size(), 100u);
}

TEST(RootFs, ReadFileOfADirectoryIsAnError) {
  TempDir dir;
  const std::string root = canonical(dir);
  make_dirs(root + "/etc/ssl/certs");
  symlink_at("/etc/ssl/certs", root + "/certs-link");
  const RootFs fs = open_root(root);
  for (const std::string path : {"/etc/ssl/certs", "/certs-link", "/"}) {
    auto data = fs.read_file(path);
    ASSERT_FALSE(data) << path;
    EXPECT_NE(data.error().find("directory"), std::string::npos) << data.error();
    EXPECT_EQ(fs.type(path), FileType::Directory) << path;
  }
}

TEST(RootFs, ReadFileOfAFifoIsAnErrorNotAHang) {
  TempDir dir;
  const std::string root = canonical(dir);
  ASSERT_EQ(::mkfifo((root + "/fifo").c_str(), 0600), 0) << std::strerror(errno);
  const RootFs fs = open_root(root);
  EXPECT_EQ(fs.type("/fifo"), FileType::Other);
  auto data = fs.read_file("/fifo");
  ASSERT_FALSE(data);
  EXPECT_NE(data.error().find("not a regular file"), std::string::npos) << data.error();
}

TEST(RootFs, EmptyFileReadsAsEmpty) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/empty", "");
  const RootFs fs = open_root(root);
  auto data = fs.read_file("/empty");
  ASSERT_TRUE(data) << data.error();
  EXPECT_TRUE(data->empty());
}

TEST(RootFs, ListDirIsSortedWithoutDotEntries) {
  TempDir dir;
  const std::string root = canonical(dir);
  const std::string d = root + "/usr/share/ca-certificates";
  for (const std::string name : {"b.crt", "a.crt", "Z.crt", ".hidden", "a b.crt", "10.crt", "9.crt"})
    write_file(d + "/" + name, name);
  make_dirs(d + "/mozilla");
  symlink_at("a.crt", d + "/link");
  symlink_at("/usr/share/ca-certificates", root + "/etc/ca-link");
  // The same listing from ls: every entry but . and .., in byte order.
  auto ls = run("LC_ALL=C ls -A1 " + quote(d));
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  std::vector<std::string> expected;
  std::istringstream in(ls.out);
  for (std::string line; std::getline(in, line);) expected.push_back(line);
  ASSERT_EQ(expected.size(), 9u);

  const RootFs fs = open_root(root);
  auto names = fs.list_dir("/usr/share/ca-certificates");
  ASSERT_TRUE(names) << names.error();
  EXPECT_EQ(*names, expected);
  auto through_link = fs.list_dir("/etc/ca-link");
  ASSERT_TRUE(through_link) << through_link.error();
  EXPECT_EQ(*through_link, expected);
}

TEST(RootFs, ListDirOfAnEmptyDirectoryIsEmpty) {
  TempDir dir;
  const std::string root = canonical(dir);
  make_dirs(root + "/empty");
  const RootFs fs = open_root(root);
  auto names = fs.list_dir("/empty");
  ASSERT_TRUE(names) << names.error();
  EXPECT_TRUE(names->empty());
}

TEST(RootFs, ListDirOfAFileIsAnError) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/file", "x");
  const RootFs fs = open_root(root);
  auto names = fs.list_dir("/file");
  ASSERT_FALSE(names);
  EXPECT_NE(names.error().find("/file"), std::string::npos) << names.error();
}

TEST(RootFs, ReadLinkReturnsTheStoredTargetUnfollowed) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/usr/share/x", "x");
  symlink_at("/usr/share/x", root + "/etc/ssl/abs");
  symlink_at("../../usr/share/x", root + "/etc/ssl/rel");
  symlink_at("/usr/share", root + "/share-link");
  symlink_at("/nowhere/at/all", root + "/dangling");
  const RootFs fs = open_root(root);
  for (const std::string link : {"/etc/ssl/abs", "/etc/ssl/rel", "/dangling"}) {
    auto target = fs.read_link(link);
    ASSERT_TRUE(target) << target.error();
    EXPECT_EQ(*target, stdfs::read_symlink(root + link).string()) << link;
  }
  EXPECT_FALSE(fs.read_link("/usr/share/x"));  // not a symlink
  EXPECT_FALSE(fs.read_link("/missing"));
}

/// Runs `body` in a child process as the unprivileged user 65534 ("nobody") and returns
/// its exit code; kCannotDrop when this process cannot change users.
constexpr int kCannotDrop = 99;
int as_nobody(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid < 0) return kCannotDrop;
  if (pid == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(kCannotDrop);
    ::_exit(body());
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return kCannotDrop;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

TEST(RootFs, UnreadableFileIsAPermissionError) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/etc/ssl/readable.pem", "ok");
  write_file(root + "/etc/ssl/secret.pem", "x");
  ASSERT_EQ(::chmod((root + "/etc/ssl/secret.pem").c_str(), 0), 0);
  const RootFs fs = open_root(root);
  auto check = [&fs]() -> int {
    auto readable = fs.read_file("/etc/ssl/readable.pem");
    if (!readable || *readable != "ok") return 1;  // the tree itself must be reachable
    auto secret = fs.read_file("/etc/ssl/secret.pem");
    if (secret) return 2;
    if (secret.error().find(std::strerror(EACCES)) == std::string::npos) return 3;
    if (secret.error().find("/etc/ssl/secret.pem") == std::string::npos) return 4;
    return 0;
  };
  int code = 0;
  if (::geteuid() != 0) {
    code = check();
  } else {
    // Root bypasses file modes; ask the question as an ordinary user instead.
    for (const std::string& d : {root, root + "/etc", root + "/etc/ssl"}) ASSERT_EQ(::chmod(d.c_str(), 0755), 0);
    ASSERT_EQ(::chmod((root + "/etc/ssl/readable.pem").c_str(), 0644), 0);
    code = as_nobody(check);
    if (code == kCannotDrop) TRUSTREADY_SKIP_OUTSIDE_CI("running as root and cannot switch to an unprivileged user");
  }
  EXPECT_EQ(code, 0) << "1: readable file unreadable, 2: mode 000 file was read, 3: error does not say "
                     << std::strerror(EACCES) << ", 4: error does not name the path";
}

TEST(RootFs, KernelInRootResolutionIsAvailableToCrossCheck) {
  TempDir dir;
  const std::string root = canonical(dir);
  write_file(root + "/usr/share/x", "x");
  symlink_at("/usr/share/x", root + "/etc/ssl/x");
  const auto kernel = kernel_resolve(root, "/etc/ssl/x");
  if (!kernel) TRUSTREADY_SKIP_NOT_POSSIBLE_HERE("no openat2(RESOLVE_IN_ROOT) in this kernel; the other tests check fixed expectations only");
  EXPECT_EQ(kernel->error, 0) << std::strerror(kernel->error);
  EXPECT_EQ(kernel->host_path, root + "/usr/share/x");
}

}  // namespace
}  // namespace trustready

namespace trustready {
namespace {

// Only a name that does not exist makes a path absent; a loop or a file used as a folder
// is an error to report. Expected values: what `stat` says of the same host paths.
TEST(RootFsAbsent, OnlyNoSuchFileIsAbsent) {
  TempDir root;
  write_file(root / "etc/ssl/certs/ca-certificates.crt", "x");
  write_file(root / "etc/file", "x");
  stdfs::create_symlink("loop", root / "etc/loop");
  auto fs = RootFs::open(root.path());
  ASSERT_TRUE(fs) << fs.error();
  struct Case {
    std::string path;
    bool absent;
  };
  for (const Case& c : {Case{"/etc/ssl/certs/missing.crt", true}, Case{"/nowhere/at/all", true},
                        Case{"/etc/ssl/certs/ca-certificates.crt", false}, Case{"/etc/file/below", false},
                        Case{"/etc/loop/x", false}}) {
    const auto st = run("stat " + quote(root.path() + c.path));
    EXPECT_EQ(st.err.find("No such file or directory") != std::string::npos, c.absent) << c.path << ": " << st.err;
    EXPECT_EQ(fs->absent(c.path), c.absent) << c.path;
  }
}

}  // namespace
}  // namespace trustready
