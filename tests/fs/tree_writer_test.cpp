// TreeWriter against what the kernel and coreutils say of the same host paths: every
// tree is a TempDir, every "outside" folder a real one beside it that must stay as it
// was. Mount tricks (a read-only bind mount, a full tmpfs) run in a child process with
// its own private mount namespace, so this machine's mounts never change.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define TRUSTREADY_HAVE_OPENAT2 1
#endif

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fs/tree_writer.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using fs::FileMeta;
using fs::FileType;
using fs::TreeWriter;
using testing::make_dirs;
using testing::quote;
using testing::read_file;
using testing::run;
using testing::TempDir;
using testing::write_file;

namespace stdfs = std::filesystem;

constexpr const char* kAnchorDir = "/usr/local/share/ca-certificates";
constexpr const char* kAnchor = "/usr/local/share/ca-certificates/Amazon_Root_CA_1.crt";

TreeWriter open_writer(const std::string& root) {
  auto writer = TreeWriter::open(root);
  if (!writer) throw std::runtime_error(writer.error());
  return std::move(writer).value();
}

/// `stat -c FORMAT` of a host path, without the newline.
std::string stat_c(const std::string& format, const std::string& path) {
  auto r = run("stat -c " + quote(format) + " " + quote(path));
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.exit_code == 0 ? r.out : "stat failed: " + r.err;
}

/// The names in a folder, as `ls -A` prints them one a line.
std::vector<std::string> ls(const std::string& dir) {
  const auto r = run("ls -A1 " + quote(dir));
  std::vector<std::string> names;
  std::string line;
  for (char c : r.out) {
    if (c != '\n') {
      line += c;
    } else {
      names.push_back(line);
      line.clear();
    }
  }
  return names;
}

/// The names in a folder as readdir gives them, sorted (for a forked child, which runs no tools).
std::vector<std::string> readdir_names(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : stdfs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

FileMeta meta_of(unsigned mode, unsigned uid = 0, unsigned gid = 0) {
  FileMeta meta;
  meta.mode = mode;
  meta.uid = uid;
  meta.gid = gid;
  return meta;
}

std::string anchor_pem() { return read_file(testing::real_cert("Amazon_Root_CA_1.pem")); }

/// Runs `body` in a child process with a private mount namespace (/ made private first,
/// so no mount of the child's reaches this machine); its exit code, or kNoNamespace.
constexpr int kNoNamespace = 99;
int in_mount_namespace(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid < 0) return kNoNamespace;
  if (pid == 0) {
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      ::_exit(kNoNamespace);
    ::_exit(body());
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return kNoNamespace;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---------------------------------------------------------------- open, stat, read

TEST(TreeWriter, OpenOfARegularFileIsAnErrorNamingTheRoot) {
  TempDir dir;
  write_file(dir / "file", "x");
  auto writer = TreeWriter::open(dir / "file");
  ASSERT_FALSE(writer);
  EXPECT_TRUE(contains(writer.error(), dir / "file")) << writer.error();
  EXPECT_TRUE(contains(writer.error(), "not a directory")) << writer.error();
  EXPECT_EQ(writer.error().find('\n'), std::string::npos);
}

TEST(TreeWriter, StatFollowsAnAbsoluteSymlinkInsideTheRootAsTheKernelSees) {
  TempDir dir;
  write_file(dir / "usr/share/ca-certificates/x.crt", "x");
  ASSERT_EQ(::chmod((dir / "usr/share/ca-certificates/x.crt").c_str(), 0604), 0);
  if (::chown((dir / "usr/share/ca-certificates/x.crt").c_str(), 12, 34) != 0)
    TRUSTREADY_SKIP_NOT_POSSIBLE_HERE("needs root to give a file another owner");
  make_dirs(dir / "etc/ssl/certs");
  stdfs::create_symlink("/usr/share/ca-certificates/x.crt", dir / "etc/ssl/certs/x.pem");
  TreeWriter writer = open_writer(dir.path());
  auto meta = writer.stat("/etc/ssl/certs/x.pem");
  ASSERT_TRUE(meta) << meta.error();
  EXPECT_TRUE(meta->exists);
  EXPECT_EQ(meta->type, FileType::File);
  char mode[8];
  std::snprintf(mode, sizeof mode, "%o", meta->mode);
  EXPECT_EQ(std::string(mode) + " " + std::to_string(meta->uid) + " " + std::to_string(meta->gid),
            stat_c("%a %u %g", dir / "usr/share/ca-certificates/x.crt"));
  auto folder = writer.stat("/etc/ssl");
  ASSERT_TRUE(folder) << folder.error();
  EXPECT_EQ(folder->type, FileType::Directory);
  auto missing = writer.stat("/etc/ssl/certs/missing.pem");
  ASSERT_TRUE(missing) << missing.error();
  EXPECT_FALSE(missing->exists);
  auto resolved = writer.resolve("/etc/ssl/certs/x.pem");
  ASSERT_TRUE(resolved) << resolved.error();
  EXPECT_EQ(*resolved + "\n", run("readlink " + quote(dir / "etc/ssl/certs/x.pem")).out);  // the in-root target
  EXPECT_EQ(writer.host_path(*resolved), dir.path() + *resolved);
  auto bytes = writer.read("/etc/ssl/certs/x.pem");
  ASSERT_TRUE(bytes) << bytes.error();
  EXPECT_EQ(*bytes, "x");
}

// ---------------------------------------------------------------- write_atomic

TEST(TreeWriter, NewFileHasTheRequestedModeOwnerAndBytes) {
  if (::geteuid() != 0) TRUSTREADY_SKIP_NOT_POSSIBLE_HERE("needs root to give a file another owner");
  TempDir dir;
  TreeWriter writer = open_writer(dir.path());
  ASSERT_TRUE(writer.make_dirs(kAnchorDir));
  const auto written = writer.write_atomic(kAnchor, anchor_pem(), meta_of(0640, 1234, 4321));
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(stat_c("%a %u %g %F", dir.path() + kAnchor), "640 1234 4321 regular file");
  EXPECT_EQ(read_file(dir.path() + kAnchor), anchor_pem());
  EXPECT_EQ(ls(dir.path() + kAnchorDir), std::vector<std::string>{"Amazon_Root_CA_1.crt"});
}

TEST(TreeWriter, ReplacingSwapsInANewFileAndLeavesNoTempBehind) {
  TempDir dir;
  write_file(dir.path() + kAnchor, "old");
  // A reader that had the old file open keeps reading the old bytes: a new file was
  // renamed over the name, not the old one rewritten.
  const int reader = ::open((dir.path() + kAnchor).c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(reader, 0) << std::strerror(errno);
  struct stat held {};
  ASSERT_EQ(::fstat(reader, &held), 0);
  TreeWriter writer = open_writer(dir.path());
  for (const std::string bytes : {"first", "second"}) {
    const auto written = writer.write_atomic(kAnchor, bytes, meta_of(0644));
    ASSERT_TRUE(written) << written.error();
    EXPECT_EQ(read_file(dir.path() + kAnchor), bytes);
  }
  char old_bytes[8] = {};
  EXPECT_EQ(::pread(reader, old_bytes, sizeof old_bytes, 0), 3);
  ::close(reader);
  EXPECT_EQ(std::string(old_bytes), "old");
  EXPECT_NE(stat_c("%i", dir.path() + kAnchor), std::to_string(held.st_ino)) << "written in place, not renamed over";
  EXPECT_EQ(ls(dir.path() + kAnchorDir), std::vector<std::string>{"Amazon_Root_CA_1.crt"});
}

TEST(TreeWriter, SelinuxLabelReadByStatIsGivenToTheReplacement) {
  TempDir dir;
  write_file(dir.path() + kAnchor, "old");
  const std::string label = "system_u:object_r:cert_t:s0";
  if (::setxattr((dir.path() + kAnchor).c_str(), "security.selinux", label.c_str(), label.size() + 1, 0) != 0)
    TRUSTREADY_SKIP_NOT_POSSIBLE_HERE("cannot set security.selinux here: " << std::strerror(errno));
  TreeWriter writer = open_writer(dir.path());
  auto meta = writer.stat(kAnchor);
  ASSERT_TRUE(meta) << meta.error();
  EXPECT_EQ(meta->selinux_label, label);
  const auto written = writer.write_atomic(kAnchor, "new", *meta);
  ASSERT_TRUE(written) << written.error();
  char value[256] = {};
  const ssize_t n = ::getxattr((dir.path() + kAnchor).c_str(), "security.selinux", value, sizeof value);
  ASSERT_GT(n, 0) << std::strerror(errno);
  EXPECT_EQ(std::string(value), label);  // NUL-terminated, as libselinux writes it
}

TEST(TreeWriter, FailedWriteOnAReadOnlyMountLeavesTheOriginalAndNoTemp) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  write_file(dir.path() + kAnchor, "original");
  const std::string folder = dir.path() + kAnchorDir;
  const int code = in_mount_namespace([&]() -> int {
    if (::mount(folder.c_str(), folder.c_str(), nullptr, MS_BIND, nullptr) != 0) return 10;
    if (::mount(nullptr, folder.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) != 0) return 11;
    auto writer = TreeWriter::open(dir.path());
    if (!writer) return 12;
    const auto written = writer->write_atomic(kAnchor, "replacement", meta_of(0644));
    if (written) return 1;
    if (written.error() != std::string(kAnchor) + ": " + std::strerror(EROFS)) return 2;
    if (read_file(dir.path() + kAnchor) != "original") return 3;
    if (readdir_names(folder) != std::vector<std::string>{"Amazon_Root_CA_1.crt"}) return 4;
    return 0;
  });
  if (code == kNoNamespace) TRUSTREADY_SKIP_OUTSIDE_CI("cannot make a private mount namespace");
  EXPECT_EQ(code, 0) << "1: wrote on a read-only mount, 2: error is not '" << kAnchor << ": "
                     << std::strerror(EROFS) << "', 3: original changed, 4: a temp file was left, 1x: setup";
}

TEST(TreeWriter, FailedWriteOnAFullFileSystemLeavesTheOriginalAndNoTemp) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  const std::string folder = dir.path() + kAnchorDir;
  make_dirs(folder);
  const int code = in_mount_namespace([&]() -> int {
    if (::mount("tmpfs", folder.c_str(), "tmpfs", 0, "size=64k") != 0) return 10;
    write_file(dir.path() + kAnchor, "original");
    auto writer = TreeWriter::open(dir.path());
    if (!writer) return 12;
    const auto written = writer->write_atomic(kAnchor, std::string(256 * 1024, 'x'), meta_of(0644));
    if (written) return 1;
    if (written.error() != std::string(kAnchor) + ": " + std::strerror(ENOSPC)) return 2;
    if (read_file(dir.path() + kAnchor) != "original") return 3;
    if (readdir_names(folder) != std::vector<std::string>{"Amazon_Root_CA_1.crt"}) return 4;
    return 0;
  });
  if (code == kNoNamespace) TRUSTREADY_SKIP_OUTSIDE_CI("cannot make a private mount namespace");
  EXPECT_EQ(code, 0) << "1: 256 KiB fitted in 64 KiB, 2: error is not '" << kAnchor << ": "
                     << std::strerror(ENOSPC) << "', 3: original changed, 4: a temp file was left, 1x: setup";
}

TEST(TreeWriter, AbsoluteSymlinkedFolderIsWrittenInsideTheRoot) {
  TempDir dir;
  TempDir outside;
  make_dirs(dir / "usr/local/share");
  stdfs::create_symlink(outside.path(), dir.path() + kAnchorDir);
  TreeWriter writer = open_writer(dir.path());
  // Inside the root the link's target does not exist yet: the write is refused.
  const auto refused = writer.write_atomic(kAnchor, anchor_pem(), meta_of(0644));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), std::string(kAnchor) + ": " + std::strerror(ENOENT));
  // mkdir -p follows the link inside the root, and the write lands there.
  ASSERT_TRUE(writer.make_dirs(kAnchorDir));
  const auto written = writer.write_atomic(kAnchor, anchor_pem(), meta_of(0644));
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(read_file(dir.path() + outside.path() + "/Amazon_Root_CA_1.crt"), anchor_pem());
  EXPECT_EQ(ls(outside.path()), std::vector<std::string>{});
  EXPECT_EQ(stat_c("%F", dir.path() + kAnchorDir), "symbolic link");
}

/// A victim file outside the root, and a link at ROOT/dir/X.crt pointing at it.
struct PlantedLink {
  TempDir root;
  TempDir outside;
  std::string victim() const { return outside / "victim"; }
  void plant(const std::string& target) {
    write_file(victim(), "victim bytes");
    make_dirs(root / "dir");
    stdfs::create_symlink(target, root / "dir/X.crt");
  }
  /// "../" enough times to climb from ROOT/dir to this machine's /, then the victim.
  std::string climbing_target() const {
    const auto depth = fs::path_parts(stdfs::canonical(root.path()).string()).size() + 1;
    std::string up;
    for (std::size_t i = 0; i < depth + 3; ++i) up += "../";
    return up + victim().substr(1);
  }
};

void expect_victim_unchanged_by_writes(PlantedLink& planted, const std::string& target) {
  SCOPED_TRACE(target);
  planted.plant(target);
  const std::string inode = stat_c("%i", planted.victim());
  TreeWriter writer = open_writer(planted.root.path());
  // The victim's folder missing inside the root: refused.
  EXPECT_FALSE(writer.write_atomic("/dir/X.crt", "attacker bytes", meta_of(0644)));
  EXPECT_EQ(read_file(planted.victim()), "victim bytes");
  // Made inside the root: the write lands there, at the link's in-root target.
  make_dirs(planted.root.path() + planted.outside.path());
  const auto written = writer.write_atomic("/dir/X.crt", "attacker bytes", meta_of(0644));
  ASSERT_TRUE(written) << written.error();
  EXPECT_EQ(read_file(planted.root.path() + planted.victim()), "attacker bytes");
  EXPECT_EQ(read_file(planted.victim()), "victim bytes");
  EXPECT_EQ(stat_c("%i %h", planted.victim()), inode + " 1");
  EXPECT_EQ(ls(planted.outside.path()), std::vector<std::string>{"victim"});
}

TEST(TreeWriter, PlantedAbsoluteSymlinkToAHostFileNeverChangesIt) {
  PlantedLink planted;
  expect_victim_unchanged_by_writes(planted, planted.victim());
}

TEST(TreeWriter, PlantedClimbingRelativeSymlinkNeverChangesTheHostFile) {
  PlantedLink planted;
  expect_victim_unchanged_by_writes(planted, planted.climbing_target());
}

TEST(TreeWriter, RemoveOfASymlinkRemovesTheLinkOnly) {
  PlantedLink planted;
  planted.plant(planted.victim());
  TreeWriter writer = open_writer(planted.root.path());
  const auto removed = writer.remove("/dir/X.crt");
  ASSERT_TRUE(removed) << removed.error();
  EXPECT_EQ(ls(planted.root / "dir"), std::vector<std::string>{});
  EXPECT_EQ(read_file(planted.victim()), "victim bytes");
  const auto again = writer.remove("/dir/X.crt");
  EXPECT_TRUE(again) << again.error();  // absent is not an error
  EXPECT_TRUE(writer.remove("/no/such/folder/X.crt"));
}

TEST(TreeWriter, SymlinkedBundleIsReplacedAtItsTargetWithTheLinkKept) {
  TempDir dir;
  write_file(dir / "etc/ssl/certs/ca-certificates.crt", "old bundle");
  stdfs::create_symlink("certs/ca-certificates.crt", dir / "etc/ssl/cert.pem");
  make_dirs(dir / "etc/pki/tls");
  stdfs::create_symlink("/etc/ssl/cert.pem", dir / "etc/pki/tls/cert.pem");
  TreeWriter writer = open_writer(dir.path());
  for (const std::string path : {"/etc/ssl/cert.pem", "/etc/pki/tls/cert.pem"}) {
    SCOPED_TRACE(path);
    const std::string bytes = "bundle via " + path;
    const auto written = writer.write_atomic(path, bytes, meta_of(0644));
    ASSERT_TRUE(written) << written.error();
    EXPECT_EQ(read_file(dir / "etc/ssl/certs/ca-certificates.crt"), bytes);
  }
  EXPECT_EQ(run("readlink " + quote(dir / "etc/ssl/cert.pem")).out, "certs/ca-certificates.crt\n");
  EXPECT_EQ(run("readlink " + quote(dir / "etc/pki/tls/cert.pem")).out, "/etc/ssl/cert.pem\n");
  EXPECT_EQ(ls(dir / "etc/ssl/certs"), std::vector<std::string>{"ca-certificates.crt"});
}

TEST(TreeWriter, DotDotNeverClimbsOutOfTheRoot) {
  TempDir outer;
  const std::string root = outer / "root";
  make_dirs(root + "/etc");
  write_file(outer / "victim", "victim bytes");
  TreeWriter writer = open_writer(root);
  for (const std::string path : {"/../x.crt", "/../../../../x.crt", "/etc/../../x.crt", "../x.crt"}) {
    SCOPED_TRACE(path);
    const auto written = writer.write_atomic(path, path, meta_of(0644));
    ASSERT_TRUE(written) << written.error();
    EXPECT_EQ(read_file(root + "/x.crt"), path);
  }
  ASSERT_TRUE(writer.make_dirs("/../../up/down"));
  EXPECT_EQ(stat_c("%F", root + "/up/down"), "directory");
  EXPECT_TRUE(writer.remove("/../victim"));
  EXPECT_EQ(read_file(outer / "victim"), "victim bytes");
  EXPECT_EQ(ls(outer.path()), (std::vector<std::string>{"root", "victim"}));
}

TEST(TreeWriter, SymlinkLoopIsAnErrorNamingThePath) {
  TempDir dir;
  make_dirs(dir / "etc");
  stdfs::create_symlink("b", dir / "etc/a");
  stdfs::create_symlink("/etc/a", dir / "etc/b");
  TreeWriter writer = open_writer(dir.path());
  const auto written = writer.write_atomic("/etc/a", "x", meta_of(0644));
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error(), std::string("/etc/a: ") + std::strerror(ELOOP));
  const auto made = writer.make_dirs("/etc/a/sub");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error(), std::string("/etc/a/sub: ") + std::strerror(ELOOP));
}

TEST(TreeWriter, WriteOverAFolderIsRefused) {
  TempDir dir;
  make_dirs(dir.path() + kAnchor);
  TreeWriter writer = open_writer(dir.path());
  const auto written = writer.write_atomic(kAnchor, "x", meta_of(0644));
  ASSERT_FALSE(written);
  EXPECT_TRUE(contains(written.error(), kAnchor)) << written.error();
  EXPECT_FALSE(writer.write_atomic("/etc/", "x", meta_of(0644)));
  EXPECT_FALSE(writer.write_atomic("/", "x", meta_of(0644)));
  EXPECT_EQ(stat_c("%F", dir.path() + kAnchor), "directory");
}

// ---------------------------------------------------------------- make_dirs

TEST(TreeWriter, MakeDirsCreatesMissingFoldersWithTheModeAndKeepsExistingOnes) {
  TempDir dir;
  make_dirs(dir / "usr");
  ASSERT_EQ(::chmod((dir / "usr").c_str(), 0711), 0);
  TreeWriter writer = open_writer(dir.path());
  const auto made = writer.make_dirs(kAnchorDir, 0750);
  ASSERT_TRUE(made) << made.error();
  EXPECT_EQ(stat_c("%a %F", dir / "usr"), "711 directory");
  EXPECT_EQ(stat_c("%a %F", dir / "usr/local"), "750 directory");
  EXPECT_EQ(stat_c("%a %F", dir / "usr/local/share"), "750 directory");
  EXPECT_EQ(stat_c("%a %F", dir.path() + kAnchorDir), "750 directory");
  EXPECT_TRUE(writer.make_dirs(kAnchorDir));  // already there
}

TEST(TreeWriter, MakeDirsThroughAnAbsoluteSymlinkStaysInsideTheRoot) {
  TempDir dir;
  TempDir outside;
  make_dirs(dir / "opt");
  stdfs::create_symlink(outside.path(), dir / "opt/certs");
  TreeWriter writer = open_writer(dir.path());
  const auto made = writer.make_dirs("/opt/certs/sub");
  ASSERT_TRUE(made) << made.error();
  EXPECT_EQ(stat_c("%F", dir.path() + outside.path() + "/sub"), "directory");
  EXPECT_EQ(ls(outside.path()), std::vector<std::string>{});
}

TEST(TreeWriter, MakeDirsBelowAFileIsAnError) {
  TempDir dir;
  write_file(dir / "etc/file", "x");
  TreeWriter writer = open_writer(dir.path());
  const auto made = writer.make_dirs("/etc/file/sub");
  ASSERT_FALSE(made);
  EXPECT_EQ(made.error(), std::string("/etc/file/sub: ") + std::strerror(ENOTDIR));
}

// ---------------------------------------------------------------- both lookup routes

/// Whether this kernel offers openat2 to this process (kernel >= 5.6, no seccomp refusal).
bool kernel_has_openat2() {
#ifdef TRUSTREADY_HAVE_OPENAT2
  open_how how{};
  how.flags = O_PATH | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT;
  const long fd = ::syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof how);
  if (fd >= 0) ::close(static_cast<int>(fd));
  return fd >= 0;
#else
  return false;
#endif
}

TEST(TreeWriter, LookupsTakeTheRouteTheEnvironmentAsks) {
  TempDir dir;
  TreeWriter writer = open_writer(dir.path());
  ASSERT_TRUE(writer.stat("/etc"));  // one lookup, so a refusing kernel has been asked
  if (std::getenv("TRUSTREADY_NO_OPENAT2") != nullptr)
    EXPECT_FALSE(fs::openat2_in_use());
  else
    EXPECT_EQ(fs::openat2_in_use(), kernel_has_openat2());
}

// The user-space route is chosen once, at start-up, as on an old kernel: every test above
// runs again in a fresh process of this binary with TRUSTREADY_NO_OPENAT2=1.
TEST(TreeWriterUserSpace, EveryTreeWriterTestPassesWithoutOpenat2) {
  const std::string self = stdfs::read_symlink("/proc/self/exe").string();
  const auto r = run("TRUSTREADY_NO_OPENAT2=1 " + quote(self) + " --gtest_filter='TreeWriter.*' --gtest_color=no");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(contains(r.out, "[  FAILED  ]")) << r.out;
  EXPECT_TRUE(contains(r.out, "[  PASSED  ]")) << r.out;
}

}  // namespace
}  // namespace trustready
