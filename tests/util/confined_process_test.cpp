// run_process confined: real programs (ls, touch, a static busybox) run with bind mounts in
// a private mount namespace, or chrooted into a root built here. Each expected value comes
// from outside: the files on disk, `ls` and `findmnt` run on the host, the kernel's /proc
// and its error strings.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/fixtures.h"
#include "util/subprocess.h"

namespace trustready {
namespace {

namespace stdfs = std::filesystem;
using namespace std::chrono_literals;
using testing::quote;
using testing::read_file;
using testing::TempDir;
using testing::write_file;

const ProcessLimits kLimits{10s, 1 << 20};

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

/// A TempDir's folders by their real path: a bind source must name itself (no symlink on
/// the way, as a TMPDIR may have).
std::string real(const std::string& path) {
  testing::make_dirs(path);
  return stdfs::canonical(path).string();
}

/// Processes whose command line is exactly `argv` joined by NULs, read from the kernel.
int processes_running(const std::vector<std::string>& argv) {
  std::string wanted;
  for (const auto& a : argv) wanted += a + '\0';
  int n = 0;
  for (const auto& entry : stdfs::directory_iterator("/proc")) {
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (ss.str() == wanted) ++n;
  }
  return n;
}

/// A static busybox, which runs in a root tree holding nothing else.
std::string static_busybox() {
  const auto where = testing::run("command -v busybox");
  if (where.exit_code != 0) return {};
  std::string path = where.out.substr(0, where.out.find('\n'));
  const auto ldd = testing::run("ldd " + quote(path) + " 2>&1");
  return ldd.out.find("not a dynamic executable") != std::string::npos ? path : std::string();
}

/// ROOT with bin/busybox and bin/sh, bin/cat linked to it, and etc/marker.
void make_busybox_root(const std::string& root, const std::string& busybox) {
  testing::make_dirs(root + "/bin");
  stdfs::copy_file(busybox, root + "/bin/busybox");
  stdfs::create_symlink("busybox", root + "/bin/sh");
  stdfs::create_symlink("busybox", root + "/bin/cat");
  write_file(root + "/etc/marker", "only in the root\n");
}

#define REQUIRE_STATIC_BUSYBOX(var)                                                                  \
  TRUSTREADY_REQUIRE_TOOL("busybox");                                                                \
  const std::string var = static_busybox();                                                          \
  if (var.empty()) TRUSTREADY_SKIP_OUTSIDE_CI("busybox is not statically linked (busybox-static)")

/// `dir` bound over itself and made a shared mount, for the scope: a mount namespace copied
/// from this one would share its mounts there (peers) unless it first makes them private.
/// Where / is private already, only this shows that the child does.
class SharedMount {
 public:
  explicit SharedMount(const std::string& dir) : dir_(dir) {
    const auto r = testing::run("mount --bind " + quote(dir) + " " + quote(dir) + " && mount --make-shared " + quote(dir));
    ok_ = r.exit_code == 0;
    error_ = r.err;
  }
  ~SharedMount() { testing::run("umount -l " + quote(dir_)); }
  SharedMount(const SharedMount&) = delete;
  SharedMount& operator=(const SharedMount&) = delete;
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  bool ok_ = false;
  std::string error_;
};

TEST(ConfinedProcess, BindMountIsSeenByTheChildAndNeverByTheHost) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  const SharedMount shared(real(dir.path()));
  ASSERT_TRUE(shared.ok()) << shared.error();
  const std::string a = real(dir / "a"), b = real(dir / "b");
  write_file(a + "/from-a.pem", "x");
  const auto host_ls_a = testing::run("ls " + quote(a));
  ASSERT_EQ(host_ls_a.exit_code, 0);

  auto r = run_process({"ls", b}, kLimits, Confinement{{}, {{a, b}}, {}});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->exit_code, 0) << r->err;
  EXPECT_EQ(r->out, host_ls_a.out);

  EXPECT_EQ(testing::run("ls -A " + quote(b)).out, "");
  const auto mounted = testing::run("findmnt --mountpoint " + quote(b));
  EXPECT_EQ(mounted.out, "");
  EXPECT_NE(mounted.exit_code, 0);
}

TEST(ConfinedProcess, AChildWritingThroughTheBindWritesIntoTheSourceNeverIntoTheHostTarget) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  const std::string a = real(dir / "a"), b = real(dir / "b");
  auto r = run_process({"touch", b + "/new"}, kLimits, Confinement{{}, {{a, b}}, {}});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->exit_code, 0) << r->err;
  EXPECT_TRUE(exists(a + "/new"));
  EXPECT_FALSE(exists(b + "/new"));
}

TEST(ConfinedProcess, ChrootedCatPrintsTheRootsFileNotTheHosts) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  REQUIRE_STATIC_BUSYBOX(busybox);
  ASSERT_FALSE(exists("/etc/marker")) << "this host has an /etc/marker of its own";
  TempDir dir;
  const std::string root = real(dir / "root");
  make_busybox_root(root, busybox);
  auto r = run_process({"cat", "/etc/marker"}, kLimits, Confinement{root, {}, {}});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->exit_code, 0) << r->err;
  EXPECT_EQ(r->out, read_file(root + "/etc/marker"));
}

TEST(ConfinedProcess, AChrootedChildHasTheRootsPathAndItsOwnFolderAsCwd) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  REQUIRE_STATIC_BUSYBOX(busybox);
  TempDir dir;
  const std::string root = real(dir / "root");
  make_busybox_root(root, busybox);
  auto r = run_process({"sh", "-c", "echo \"$PATH\"; pwd"}, kLimits, Confinement{root, {}, {}});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out, "/usr/sbin:/usr/bin:/sbin:/bin\n/\n") << r->err;
}

TEST(ConfinedProcess, AnAbsoluteSymlinkToTheToolResolvesInsideTheRoot) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  REQUIRE_STATIC_BUSYBOX(busybox);
  const std::string in_root_only = "/opt/trustready-test-only-in-root/busybox";
  ASSERT_FALSE(exists(in_root_only));
  TempDir dir;
  const std::string root = real(dir / "root");
  make_busybox_root(root, busybox);
  testing::make_dirs(root + "/opt/trustready-test-only-in-root");
  stdfs::copy_file(busybox, root + in_root_only);
  testing::make_dirs(root + "/usr/sbin");
  stdfs::create_symlink(in_root_only, root + "/usr/sbin/cat");
  auto r = run_process({"cat", "/etc/marker"}, kLimits, Confinement{root, {}, {}});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out, read_file(root + "/etc/marker"));
}

TEST(ConfinedProcess, AToolLinkedToAHostOnlyPathIsNotFoundInTheRoot) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  ASSERT_TRUE(exists("/usr/bin/env"));
  TempDir dir;
  const std::string root = real(dir / "root");
  testing::make_dirs(root + "/usr/sbin");
  stdfs::create_symlink("/usr/bin/env", root + "/usr/sbin/update-ca-certificates");
  stdfs::create_symlink("../../../../../../usr/bin/env", root + "/usr/sbin/update-ca-trust");
  for (const std::string tool : {"update-ca-certificates", "update-ca-trust"}) {
    auto r = run_process({tool}, kLimits, Confinement{root, {}, {}});
    ASSERT_FALSE(r) << tool << " ran: " << r->out;
    EXPECT_NE(r.error().find(tool + ": not found in " + root), std::string::npos) << r.error();
  }
}

TEST(ConfinedProcess, WithoutOpenat2OnlyAToolReachedThroughNoSymlinkRuns) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  REQUIRE_STATIC_BUSYBOX(busybox);
  TempDir dir;
  const std::string root = real(dir / "root");
  make_busybox_root(root, busybox);
  ::setenv("TRUSTREADY_NO_OPENAT2", "1", 1);
  auto linked = run_process({"cat", "/etc/marker"}, kLimits, Confinement{root, {}, {}});
  auto direct = run_process({"busybox", "cat", "/etc/marker"}, kLimits, Confinement{root, {}, {}});
  ::unsetenv("TRUSTREADY_NO_OPENAT2");
  ASSERT_FALSE(linked);
  EXPECT_NE(linked.error().find("cat: not found in " + root), std::string::npos) << linked.error();
  ASSERT_TRUE(direct) << direct.error();
  EXPECT_EQ(direct->out, read_file(root + "/etc/marker"));
}

TEST(ConfinedProcess, AToolMissingInTheRootIsOneLineNamingToolRootAndWhereItLooked) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  const std::string root = real(dir / "root");
  auto r = run_process({"update-ca-certificates"}, kLimits, Confinement{root, {}, {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "update-ca-certificates: not found in " + root + " (looked in /usr/sbin, /usr/bin, /sbin, /bin)");
}

TEST(ConfinedProcess, AMissingRootIsOneLineNamingIt) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  auto r = run_process({"update-ca-certificates"}, kLimits, Confinement{dir / "no-root", {}, {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "update-ca-certificates: chroot " + dir / "no-root" + ": " + std::strerror(ENOENT));
}

TEST(ConfinedProcess, ABindOverAMissingTargetIsOneLineNamingBothPaths) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  const std::string a = real(dir / "a"), missing = real(dir / "b") + "/no-such";
  auto r = run_process({"true"}, kLimits, Confinement{{}, {{a, missing}}, {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "true: cannot bind " + a + " over " + missing + ": " + std::strerror(ENOENT));
}

TEST(ConfinedProcess, ABindSourceThroughASymlinkIsRefused) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  const std::string a = real(dir / "a"), b = real(dir / "b");
  write_file(a + "/from-a.pem", "x");
  const std::string link = real(dir.path()) + "/link";
  stdfs::create_directory_symlink(a, link);
  auto r = run_process({"touch", b + "/new"}, kLimits, Confinement{{}, {{link, b}}, {}});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("cannot bind " + link + " over " + b), std::string::npos) << r.error();
  EXPECT_FALSE(exists(a + "/new"));
  EXPECT_FALSE(exists(b + "/new"));
}

TEST(ConfinedProcess, TheChildsExitCodeIsPassedThrough) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  const std::string a = real(dir / "a"), b = real(dir / "b");
  const int host_false = testing::run("false").exit_code;
  auto r = run_process({"false"}, kLimits, Confinement{{}, {{a, b}}, {}});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->exit_code, host_false);
  auto seven = run_process({"sh", "-c", "exit 7"}, kLimits, Confinement{{}, {{a, b}}, {}});
  ASSERT_TRUE(seven) << seven.error();
  EXPECT_EQ(seven->exit_code, 7);
}

TEST(ConfinedProcess, TheChildSeesTheExtraVariablesAndThisProcessDoesNot) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  ASSERT_EQ(std::getenv("TRUSTREADY_X"), nullptr);
  ::setenv("TRUSTREADY_Y", "parent", 1);
  const Confinement with_env{{}, {}, {"TRUSTREADY_X=secret value", "TRUSTREADY_Y=child"}};
  const std::string script = "echo \"$TRUSTREADY_X\"; env | grep -c '^TRUSTREADY_Y='; echo \"$TRUSTREADY_Y\"";
  auto r = system_process_runner().run_confined({"sh", "-c", script}, kLimits, with_env);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out, "secret value\n1\nchild\n") << r->err;
  EXPECT_EQ(std::getenv("TRUSTREADY_X"), nullptr);
  EXPECT_STREQ(std::getenv("TRUSTREADY_Y"), "parent");
  ::unsetenv("TRUSTREADY_Y");
}

TEST(ConfinedProcess, AnEnvironmentEntryWithoutAnEqualsSignIsRefusedWithoutEchoingIt) {
  auto r = run_process({"true"}, kLimits, Confinement{{}, {}, {"hunter2"}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().find("hunter2"), std::string::npos) << r.error();
}

TEST(ConfinedProcess, AChildThatHangsInItsNamespaceIsKilledWithItsGroupAtTheDeadline) {
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  TempDir dir;
  const std::string a = real(dir / "a"), b = real(dir / "b");
  const std::vector<std::string> sleeper = {"sleep", "31.7"};
  ASSERT_EQ(processes_running(sleeper), 0);
  const auto start = std::chrono::steady_clock::now();
  auto r = run_process({"sh", "-c", "sleep 31.7 & exec sleep 31.7"}, {200ms, 1024}, Confinement{{}, {{a, b}}, {}});
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("killed"), std::string::npos) << r.error();
  EXPECT_LT(took, 1500ms);
  // SIGKILL to the group has been sent; the background sleep is reaped by init, a moment later.
  for (int i = 0; i < 100 && processes_running(sleeper) > 0; ++i) ::usleep(10000);
  EXPECT_EQ(processes_running(sleeper), 0);
}

class RunOnly final : public ProcessRunner {
 public:
  Result<ProcessOutput> run(const std::vector<std::string>& argv, const ProcessLimits&) const override {
    ProcessOutput out;
    out.exit_code = 0;
    out.out = argv[0];
    return out;
  }
};

TEST(ConfinedProcess, ARunnerThatCannotConfineRunsAnEmptyConfinementAndRefusesAnyOther) {
  const RunOnly runner;
  auto plain = runner.run_confined({"update-ca-certificates"}, kLimits, Confinement{});
  ASSERT_TRUE(plain) << plain.error();
  EXPECT_EQ(plain->out, "update-ca-certificates");
  auto confined = runner.run_confined({"update-ca-certificates"}, kLimits, Confinement{"/r", {}, {}});
  ASSERT_FALSE(confined);
  EXPECT_EQ(confined.error(), "update-ca-certificates: this runner cannot confine commands");
}

}  // namespace
}  // namespace trustready
