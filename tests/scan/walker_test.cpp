// The walker against find(1): the files it reads are the regular files find lists with the
// same rules (-xdev, -L, -not -path, -maxdepth), and hostile trees (links out of the tree,
// loops, FIFOs, a 5 GB sparse file, unreadable folders) end in one error each, never a hang.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sched.h>

#include <functional>

#include "fs/root_fs.h"
#include "scan/walk_helpers.h"
#include "support/fixtures.h"

namespace trustready::testing {
namespace {

void sh(const std::string& dir, const std::string& script) {
  const auto r = run("cd " + quote(dir) + " && " + script);
  ASSERT_EQ(r.exit_code, 0) << script << "\n" << r.err;
}

/// A tree with what a repository holds: nested folders, a .git folder, links to a file and
/// a folder, a FIFO, a device, an empty file.
void make_repository(const std::string& dir) {
  sh(dir,
     "mkdir -p src/app/deep/er .git/objects/ab node_modules/pkg/lib vendor/jars logs && "
     "echo main >src/main.c && echo app >src/app/app.kt && echo deep >src/app/deep/er/x.pem && "
     "echo obj >.git/objects/ab/cdef && echo head >.git/HEAD && echo pkg >node_modules/pkg/lib/index.js && "
     "echo jar >vendor/jars/a.jar && echo log >logs/a.log && echo b >logs/b.log && : >empty && "
     "ln -s src/main.c link_to_file && ln -s src link_to_folder && mkfifo fifo && mknod null c 1 3");
}

fs::RootFs open_tree(const std::string& root) {
  auto tree = fs::RootFs::open(root);
  EXPECT_TRUE(tree.ok());
  return std::move(*tree);
}

TEST(Walker, FilesWalkedAreTheRegularFilesFindListsWithoutDotGit) {
  TempDir dir;
  make_repository(dir.path());
  const auto tree = open_tree(dir.path());
  const auto walked = walk_all(tree, {"/"});
  EXPECT_EQ(walked.file_set(), find_in(dir.path(), ". -xdev -path ./.git -prune -o -type f -print"));
  EXPECT_EQ(walked.files.size(), walked.file_set().size()) << "a file walked twice";
  EXPECT_TRUE(walked.errors.empty()) << walked.errors_text();
  EXPECT_EQ(walked.progress_files, walked.files.size());
  // find lists .git's files when not told to prune it: the walker skipped them.
  EXPECT_TRUE(find_in(dir.path(), ". -type f").count("/.git/HEAD"));
  EXPECT_FALSE(walked.files.count("/.git/HEAD"));
  EXPECT_EQ(walked.contents.at("/src/app/deep/er/x.pem"), read_file(dir / "src/app/deep/er/x.pem"));
  EXPECT_EQ(walked.seen.at("/src/main.c").size, 5u);  // `echo main`: 5 bytes (wc -c)
}

TEST(Walker, PathsAreInsideTheTreeFromTheStartPathAsFindPrintsThem) {
  TempDir dir;
  make_repository(dir.path());
  const auto host = open_tree("/");
  const auto walked = walk_all(host, {dir.path() + "/src"});
  const auto found = run("find " + quote(dir.path() + "/src") + " -xdev -type f");
  EXPECT_EQ(walked.file_set(), lines_of(found.out));
}

TEST(Walker, ExcludedPathsAndNamesLeaveWhatFindNotPathLeaves) {
  TempDir dir;
  make_repository(dir.path());
  const auto tree = open_tree(dir.path());
  scan::WalkOptions options;
  options.excludes = {"node_modules", "*.log", "/vendor/*"};
  const auto walked = walk_all(tree, {"/"}, options);
  EXPECT_EQ(walked.file_set(), find_in(dir.path(), ". -xdev -path ./.git -prune -o -type f -not -path '*/node_modules/*' "
                                                   "-not -name '*.log' -not -path './vendor/*' -print"));
  EXPECT_FALSE(walked.files.empty());
}

TEST(Walker, MaxDepthCountsAsFindMaxdepth) {
  TempDir dir;
  make_repository(dir.path());
  const auto tree = open_tree(dir.path());
  scan::WalkOptions options;
  options.max_depth = 2;
  const auto walked = walk_all(tree, {"/"}, options);
  EXPECT_EQ(walked.file_set(), find_in(dir.path(), ". -maxdepth 2 -path ./.git -prune -o -type f -print"));
  EXPECT_FALSE(walked.errors.empty()) << "the folders not walked are said";
}

TEST(Walker, FollowWalksWhatFindDashLListsAndReportsTheLoopOnce) {
  TempDir dir;
  sh(dir.path(), "mkdir -p a/b && echo x >a/b/x && ln -s .. a/b/up && ln -s b a/sideways && ln -s a/b/x rel_to_x");
  const auto tree = open_tree(dir.path());
  scan::WalkOptions options;
  options.follow = true;
  const auto walked = walk_all(tree, {"/"}, options);
  const auto find = run("cd " + quote(dir.path()) + " && find -L . -type f");
  EXPECT_EQ(walked.file_set(), lines_of(find.out, "./"));
  // find -L: "File system loop detected; './a/b/up' is part of the same file system loop
  // as './a'." once for each way into the loop; the walker says each one in one line.
  std::size_t find_loops = 0;
  for (std::size_t at = 0; (at = find.err.find("File system loop detected", at)) != std::string::npos; ++at) ++find_loops;
  std::size_t loops = 0;
  for (const auto& e : walked.errors) loops += e.what.find("symbolic link loop") != std::string::npos;
  EXPECT_EQ(loops, find_loops) << find.err << walked.errors_text();
  EXPECT_EQ(walked.errors.size(), loops) << walked.errors_text();
  EXPECT_GE(loops, 1u);
  EXPECT_EQ(walked.contents.at("/rel_to_x"), "x\n");
}

TEST(Walker, LinksOutOfTheTreeAreNeverReadAndWithFollowResolveInsideIt) {
  TempDir dir;
  sh(dir.path(),
     "mkdir -p root/etc root/sub && echo outside >outside.txt && echo inside-passwd >root/etc/passwd && "
     "echo inside-top >root/outside.txt && ln -s /etc/passwd root/passwd_link && "
     "ln -s ../../outside.txt root/sub/up_link");
  const auto tree = open_tree(dir / "root");
  const auto plain = walk_all(tree, {"/"});
  EXPECT_EQ(plain.file_set(), find_in(dir / "root", ". -type f"));
  EXPECT_FALSE(plain.files.count("/passwd_link"));

  scan::WalkOptions options;
  options.follow = true;
  const auto followed = walk_all(tree, {"/"}, options);
  EXPECT_EQ(followed.contents.at("/passwd_link"), read_file(dir / "root/etc/passwd"));
  EXPECT_EQ(followed.contents.at("/sub/up_link"), read_file(dir / "root/outside.txt"));
  const std::string host_passwd = read_file("/etc/passwd").substr(0, 64);
  for (const auto& [path, bytes] : followed.contents) {
    EXPECT_NE(bytes, host_passwd) << path;
    EXPECT_NE(bytes, read_file(dir / "outside.txt")) << path;
  }
}

TEST(Walker, FifoAndDeviceAreSkippedWithoutBlockingEvenWhenFollowed) {
  TempDir dir;
  sh(dir.path(), "mkfifo fifo && mknod null c 1 3 && ln -s fifo fifo_link && echo a >a");
  const auto tree = open_tree(dir.path());
  scan::WalkOptions options;
  options.follow = true;
  const auto walked = walk_all(tree, {"/", "/fifo"}, options);  // a FIFO named as a start path too
  EXPECT_EQ(walked.file_set(), find_in(dir.path(), "-L . -type f"));
  EXPECT_TRUE(walked.errors.empty()) << walked.errors_text();
}

TEST(Walker, FiveGigabyteSparseFileReadsOnlyMaxFileBytes) {
  TempDir dir;
  sh(dir.path(), "truncate -s 5G big && echo small >small");
  const auto size = run("stat -c %s " + quote(dir / "big"));
  const auto tree = open_tree(dir.path());
  scan::WalkOptions options;
  options.max_file_bytes = 1 << 20;
  scan::WalkProgress progress;
  std::size_t bytes_seen = 0;
  std::mutex m;
  scan::walk(
      tree, {"/"}, options,
      [&](const scan::WalkedFile& f) {
        std::lock_guard lock(m);
        if (f.path != "/big") return;
        EXPECT_EQ(std::to_string(f.size) + "\n", size.out);
        EXPECT_TRUE(f.truncated);
        bytes_seen = f.bytes.size();
      },
      [](const scan::WalkError& e) { ADD_FAILURE() << e.path << ": " << e.what; }, &progress);
  EXPECT_EQ(bytes_seen, options.max_file_bytes);
  EXPECT_EQ(progress.bytes.load(), options.max_file_bytes + 6);  // + `echo small`
  EXPECT_EQ(progress.files.load(), 2u);
}

TEST(Walker, StartPathThatIsAFileIsReadAsItself) {
  TempDir dir;
  sh(dir.path(), "echo cert >one.pem");
  const auto tree = open_tree(dir.path());
  const auto walked = walk_all(tree, {"/one.pem", "/missing"});
  EXPECT_EQ(walked.file_set(), find_in(dir.path(), "./one.pem -type f"));
  ASSERT_EQ(walked.errors.size(), 1u);  // find: './missing': No such file or directory
  EXPECT_EQ(walked.errors[0].path, "/missing");
}

/// Runs `body` in a forked child and returns what it wrote to its pipe (the child may
/// change its user or mounts without touching this process).
std::string in_child(const std::function<std::string()>& body) {
  int fds[2];
  if (::pipe(fds) != 0) return "pipe failed";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const std::string out = body();
    std::size_t done = 0;
    while (done < out.size()) {
      const ssize_t n = ::write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return out;
}

/// Files as "F path" lines, errors as "E path\twhat" lines.
std::string walk_lines(const fs::FileTree& tree, const std::vector<std::string>& starts, const scan::WalkOptions& options) {
  const auto walked = walk_all(tree, starts, options);
  std::string out;
  for (const auto& f : walked.files) out += "F " + f + "\n";
  for (const auto& e : walked.errors) out += "E " + e.path + "\t" + e.what + "\n";
  return out;
}

TEST(Walker, UnreadableFolderIsOneErrorWhereRunuserFindSaysPermissionDenied) {
  if (::geteuid() != 0) TRUSTREADY_SKIP_OUTSIDE_CI("needs root to become nobody");
  TRUSTREADY_REQUIRE_TOOL("runuser");
  TempDir dir;
  sh(dir.path(), "mkdir -p open/deeper locked/inside && echo a >open/a && echo b >open/deeper/b && echo c >locked/inside/c && "
                 "echo d >unreadable && chmod -R a+rX . && chmod 000 locked unreadable");
  ::chmod(dir.path().c_str(), 0755);
  // -readable: the files nobody can open (find only lists them; the walker reads them)
  const auto find = run("runuser -u nobody -- find " + quote(dir.path()) + " -type f -readable");
  const auto find_unreadable = run("runuser -u nobody -- find " + quote(dir.path()) + " -type f -not -readable");
  const std::string out = in_child([&] {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) return std::string("cannot become nobody\n");
    auto host = fs::RootFs::open("/");
    if (!host) return host.error();
    return walk_lines(*host, {dir.path()}, scan::WalkOptions{});
  });
  std::set<std::string> files, denied;
  for (const auto& line : lines_of(out)) {
    if (line.rfind("F ", 0) == 0) files.insert(line.substr(2));
    if (line.rfind("E ", 0) == 0) {
      EXPECT_NE(line.find("\tpermission denied"), std::string::npos) << line;
      denied.insert(line.substr(2, line.find('\t') - 2));
    }
  }
  EXPECT_EQ(files, lines_of(find.out)) << out;
  // find says "find: '/tmp/x/locked': Permission denied" for the folder, and lists the
  // unreadable file with -not -readable: the walker says both in one line each.
  std::set<std::string> find_denied;
  for (const auto& line : lines_of(find.err)) {
    // "find: 'PATH': Permission denied", quoted ' ' in the C locale and \u2018 \u2019 in UTF-8 ones
    const auto end = line.rfind(": Permission denied");
    if (line.rfind("find: ", 0) != 0 || end == std::string::npos) continue;
    std::string path = line.substr(6, end - 6);
    for (const std::string q : {"'", "\u2018", "\u2019"}) {
      if (path.rfind(q, 0) == 0) path.erase(0, q.size());
      if (path.size() >= q.size() && path.compare(path.size() - q.size(), q.size(), q) == 0) path.erase(path.size() - q.size());
    }
    find_denied.insert(path);
  }
  for (const auto& f : lines_of(find_unreadable.out)) find_denied.insert(f);
  EXPECT_EQ(find_denied.size(), 2u) << find.err;
  EXPECT_EQ(denied, find_denied) << out << find.err;
}

TEST(Walker, OtherFileSystemIsEnteredOnlyWithAllFileSystemsAsFindXdevSays) {
  if (::geteuid() != 0) TRUSTREADY_SKIP_OUTSIDE_CI("needs root to mount a tmpfs in a private namespace");
  TempDir dir;
  sh(dir.path(), "mkdir -p mnt here && echo here >here/f");
  const std::string out = in_child([&] {
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", (dir / "mnt").c_str(), "tmpfs", 0, "size=1m") != 0)
      return std::string("cannot mount\n");
    write_file(dir / "mnt/on_tmpfs", "x");
    auto tree = fs::RootFs::open(dir.path());
    if (!tree) return tree.error();
    scan::WalkOptions all;
    all.one_file_system = false;
    std::string lines = "@@xdev\n" + run("cd " + quote(dir.path()) + " && find . -xdev -type f").out;
    lines += "@@walk\n" + walk_lines(*tree, {"/"}, scan::WalkOptions{});
    lines += "@@all\n" + run("cd " + quote(dir.path()) + " && find . -type f").out;
    lines += "@@walk_all\n" + walk_lines(*tree, {"/"}, all);
    return lines;
  });
  ASSERT_EQ(out.find("cannot"), std::string::npos) << out;
  auto section = [&](const std::string& name, const std::string& next) {
    const auto from = out.find(name + "\n") + name.size() + 1;
    return out.substr(from, next.empty() ? std::string::npos : out.find(next + "\n", from) - from);
  };
  auto walked = [](const std::string& text) {
    std::set<std::string> files;
    for (const auto& l : lines_of(text))
      if (l.rfind("F ", 0) == 0) files.insert(l.substr(2));
    return files;
  };
  EXPECT_EQ(walked(section("@@walk", "@@all")), lines_of(section("@@xdev", "@@walk"), "./"));
  EXPECT_EQ(walked(section("@@walk_all", "")), lines_of(section("@@all", "@@walk_all"), "./"));
  EXPECT_TRUE(walked(section("@@walk_all", "")).count("/mnt/on_tmpfs")) << out;
}

}  // namespace
}  // namespace trustready::testing
