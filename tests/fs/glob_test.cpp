// fs::glob over trees built in a TempDir: which names each pattern reaches is decided
// here by the files written, never by the code under test. Nothing outside the TempDirs
// is touched.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "fs/glob.h"
#include "fs/root_fs.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using fs::RootFs;
using testing::make_dirs;
using testing::TempDir;
using testing::write_file;
using Paths = std::vector<std::string>;

namespace stdfs = std::filesystem;

RootFs open_root(const TempDir& dir) {
  auto fs = RootFs::open(dir.path());
  if (!fs) throw std::runtime_error(fs.error());
  return std::move(fs).value();
}

void symlink_at(const std::string& target, const std::string& link) {
  make_dirs(stdfs::path(link).parent_path().string());
  stdfs::create_symlink(target, link);
}

TEST(Glob, StarMatchesWithinOneComponentOnly) {
  TempDir root;
  write_file(root / "usr/lib/python3.11/site-packages/x", "");
  write_file(root / "usr/lib/python3.12/site-packages/x", "");
  write_file(root / "usr/lib/python3/dist-packages/x", "");
  write_file(root / "usr/lib/python3.11/other/x", "");
  make_dirs(root / "usr/lib/python2.7/site-packages");
  make_dirs(root / "usr/lib/deep/python3.9/site-packages");  // one level too deep for the '*'
  const auto fs = open_root(root);

  EXPECT_EQ(fs::glob(fs, "/usr/lib/python3*/site-packages"),
            (Paths{"/usr/lib/python3.11/site-packages", "/usr/lib/python3.12/site-packages"}));
  EXPECT_EQ(fs::glob(fs, "/usr/lib/*/site-packages"),
            (Paths{"/usr/lib/python2.7/site-packages", "/usr/lib/python3.11/site-packages",
                   "/usr/lib/python3.12/site-packages"}));
  // Sorted one component at a time (each folder's names in order), so "python3" comes
  // before "python3.11" although "python3/" sorts after "python3." as a whole string.
  EXPECT_EQ(fs::glob(fs, "/usr/lib/python3*/*-packages"),
            (Paths{"/usr/lib/python3/dist-packages", "/usr/lib/python3.11/site-packages",
                   "/usr/lib/python3.12/site-packages"}));
  EXPECT_EQ(fs::glob(fs, "/usr/*/python3.11/*/x"),
            (Paths{"/usr/lib/python3.11/other/x", "/usr/lib/python3.11/site-packages/x"}));
}

TEST(Glob, LimitHoldsForLiteralPatternsToo) {
  TempDir root;
  write_file(root / "etc/a/x", "");
  write_file(root / "etc/b/x", "");
  const auto fs = open_root(root);
  EXPECT_EQ(fs::glob(fs, "/etc/a/x", 0), Paths{});
  EXPECT_EQ(fs::glob(fs, "/etc/a/x", 1), Paths{"/etc/a/x"});
  EXPECT_EQ(fs::glob(fs, "/etc/*/x", 1), Paths{"/etc/a/x"});
}

TEST(Glob, QuestionMarkAndBracketsMatchOneCharacter) {
  TempDir root;
  for (const char* n : {"a1", "a2", "a10", "b1", "ab"}) write_file(root / (std::string("d/") + n), "");
  const auto fs = open_root(root);
  EXPECT_EQ(fs::glob(fs, "/d/a?"), (Paths{"/d/a1", "/d/a2", "/d/ab"}));
  EXPECT_EQ(fs::glob(fs, "/d/[ab]1"), (Paths{"/d/a1", "/d/b1"}));
  EXPECT_EQ(fs::glob(fs, "/d/a[0-9]"), (Paths{"/d/a1", "/d/a2"}));
  EXPECT_EQ(fs::glob(fs, "/d/a[!0-9]"), (Paths{"/d/ab"}));
  EXPECT_EQ(fs::glob(fs, "/d/a[0-9]*"), (Paths{"/d/a1", "/d/a10", "/d/a2"}));
}

TEST(Glob, HiddenNamesMatchButDotAndDotDotDoNot) {
  TempDir root;
  write_file(root / "home/u/.aws/config", "");
  write_file(root / "home/u/visible", "");
  make_dirs(root / "home/.hidden-user/.aws");
  write_file(root / "home/.hidden-user/.aws/config", "");
  const auto fs = open_root(root);

  EXPECT_EQ(fs::glob(fs, "/home/*"), (Paths{"/home/.hidden-user", "/home/u"}));
  EXPECT_EQ(fs::glob(fs, "/home/u/*"), (Paths{"/home/u/.aws", "/home/u/visible"}));
  EXPECT_EQ(fs::glob(fs, "/home/*/.aws/config"), (Paths{"/home/.hidden-user/.aws/config", "/home/u/.aws/config"}));
  EXPECT_EQ(fs::glob(fs, "/home/u/.*"), (Paths{"/home/u/.aws"}));
}

TEST(Glob, LiteralPatternsAreCheckedNotListed) {
  TempDir root;
  write_file(root / "etc/ssl/certs/ca-certificates.crt", "x");
  const auto fs = open_root(root);
  EXPECT_EQ(fs::glob(fs, "/etc/ssl/certs/ca-certificates.crt"), (Paths{"/etc/ssl/certs/ca-certificates.crt"}));
  EXPECT_EQ(fs::glob(fs, "/etc/ssl/certs"), (Paths{"/etc/ssl/certs"}));
  EXPECT_EQ(fs::glob(fs, "/"), (Paths{"/"}));
  EXPECT_TRUE(fs::glob(fs, "/etc/ssl/certs/missing.crt").empty());
  // A literal ".." is followed as a path step (no listing ever names "..").
  EXPECT_EQ(fs::glob(fs, "/etc/ssl/../ssl/certs/*"), (Paths{"/etc/ssl/../ssl/certs/ca-certificates.crt"}));
}

// "/home/*/.aws/config" lists /home and nothing else: a home that cannot be listed
// (mode 0111) but can be passed through still yields its config. Run as an ordinary
// user (a root process lists anything), in a child process that drops to nobody.
TEST(Glob, LiteralComponentsBelowAnUnlistableFolderAreStillFound) {
  TempDir root;
  write_file(root / "home/u/.aws/config", "[default]\n");
  write_file(root / "home/u/notes.txt", "");
  write_file(root / "sealed/open/file.pem", "");
  ASSERT_EQ(::chmod(root.path().c_str(), 0755), 0);
  ASSERT_EQ(::chmod((root / "home/u").c_str(), 0111), 0);
  ASSERT_EQ(::chmod((root / "sealed").c_str(), 0111), 0);

  // Exit codes: 0 all as expected; 10+N the Nth check failed; 2 setup failed.
  const pid_t pid = ::fork();
  ASSERT_NE(pid, -1);
  if (pid == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(2);
    auto fs = RootFs::open(root.path());
    if (!fs) ::_exit(2);
    if (fs->list_dir("/home/u")) ::_exit(3);  // the folder really is unlistable for this user
    if (fs::glob(*fs, "/home/*/.aws/config") != Paths{"/home/u/.aws/config"}) ::_exit(11);
    if (fs::glob(*fs, "/sealed/open/*") != Paths{"/sealed/open/file.pem"}) ::_exit(12);
    if (!fs::glob(*fs, "/home/u/*").empty()) ::_exit(13);  // the wildcard needs the listing
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_NE(WEXITSTATUS(status), 2) << "could not drop privileges or open the root in the child";
  ASSERT_NE(WEXITSTATUS(status), 3) << "the folder was listable; the test proves nothing";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "check " << WEXITSTATUS(status) - 10 << " failed";
}

TEST(Glob, LimitCapsTheNumberOfResults) {
  TempDir root;
  for (int i = 0; i < 9; ++i) write_file(root / ("d/f" + std::to_string(i)), "");
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) write_file(root / ("t/" + std::to_string(i) + "/x" + std::to_string(j)), "");
  const auto fs = open_root(root);
  EXPECT_EQ(fs::glob(fs, "/d/*").size(), 9u);
  EXPECT_EQ(fs::glob(fs, "/d/*", 3), (Paths{"/d/f0", "/d/f1", "/d/f2"}));
  EXPECT_EQ(fs::glob(fs, "/d/*", 1), (Paths{"/d/f0"}));
  // Across components too: the limit is on the results, not per folder.
  EXPECT_EQ(fs::glob(fs, "/t/*/*", 4), (Paths{"/t/0/x0", "/t/0/x1", "/t/0/x2", "/t/1/x0"}));
  EXPECT_EQ(fs::glob(fs, "/t/*/*").size(), 9u);
}

TEST(Glob, MissingFoldersYieldNothing) {
  TempDir root;
  write_file(root / "usr/lib/file", "");
  const auto fs = open_root(root);
  EXPECT_TRUE(fs::glob(fs, "/opt/*").empty());
  EXPECT_TRUE(fs::glob(fs, "/opt/*/bin/node").empty());
  EXPECT_TRUE(fs::glob(fs, "/usr/lib/jvm/*").empty());
  EXPECT_TRUE(fs::glob(fs, "/usr/lib/file/*").empty());  // a file is no folder to list
  EXPECT_TRUE(fs::glob(fs, "/usr/lib/nomatch*").empty());
  EXPECT_EQ(fs::glob(fs, "/usr/lib/*"), (Paths{"/usr/lib/file"}));
}

TEST(Glob, SymlinksResolveInsideTheRoot) {
  TempDir root;
  TempDir outside;  // a real host folder an absolute link would reach if it escaped
  write_file(outside / "jdk/bin/java", "host");
  write_file(root / "usr/lib/jvm/java-17-openjdk-amd64/bin/java", "");
  symlink_at("java-17-openjdk-amd64", root / "usr/lib/jvm/default-java");   // relative
  symlink_at("/usr/lib/jvm", root / "opt/jvm-abs");                         // absolute, inside the root
  symlink_at(outside.path(), root / "opt/escape");                          // absolute, a host path
  symlink_at("../../../../../../../../..", root / "opt/up");                // climbs above the root
  symlink_at("/nowhere", root / "opt/dangling");
  const auto fs = open_root(root);

  EXPECT_EQ(fs::glob(fs, "/usr/lib/jvm/*/bin/java"),
            (Paths{"/usr/lib/jvm/default-java/bin/java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"}));
  EXPECT_EQ(fs::glob(fs, "/opt/jvm-abs/*/bin/java"),
            (Paths{"/opt/jvm-abs/default-java/bin/java", "/opt/jvm-abs/java-17-openjdk-amd64/bin/java"}));
  // The host folder is not reached: inside the root that path does not exist.
  EXPECT_TRUE(fs::glob(fs, "/opt/escape/*").empty());
  EXPECT_TRUE(fs::glob(fs, "/opt/escape/jdk/bin/java").empty());
  EXPECT_TRUE(fs::glob(fs, "/opt/escape/*/bin/java").empty());
  // ".." stops at the root: /opt/up is the root itself.
  EXPECT_EQ(fs::glob(fs, "/opt/up/usr/lib/jvm/*/bin/java"),
            (Paths{"/opt/up/usr/lib/jvm/default-java/bin/java", "/opt/up/usr/lib/jvm/java-17-openjdk-amd64/bin/java"}));
  // A dangling link is an entry: a final wildcard names it, nothing is found below it.
  EXPECT_EQ(fs::glob(fs, "/opt/dang*"), (Paths{"/opt/dangling"}));
  EXPECT_TRUE(fs::glob(fs, "/opt/dangling/*").empty());
}

TEST(Glob, SymlinkLoopsEndWithoutResults) {
  TempDir root;
  symlink_at("b", root / "loop/a");
  symlink_at("a", root / "loop/b");
  symlink_at(".", root / "loop/self");
  const auto fs = open_root(root);
  EXPECT_TRUE(fs::glob(fs, "/loop/a/*").empty());
  EXPECT_TRUE(fs::glob(fs, "/loop/b/x").empty());
  EXPECT_EQ(fs::glob(fs, "/loop/*"), (Paths{"/loop/a", "/loop/b", "/loop/self"}));
  // "self" points at its own folder: every level lists the same three names, bounded by the pattern.
  EXPECT_EQ(fs::glob(fs, "/loop/self/self/*").size(), 3u);
}

}  // namespace
}  // namespace trustready
