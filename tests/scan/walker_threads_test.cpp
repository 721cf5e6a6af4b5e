// The walker's workers share queues, counters and the callbacks: run under ThreadSanitizer
// (scripts/test --tsan), four of them over a few thousand files must hand each one over
// exactly once, as many as find lists.
#include <gtest/gtest.h>

#include "fs/root_fs.h"
#include "scan/walk_helpers.h"
#include "support/fixtures.h"

namespace trustready::testing {
namespace {

/// 4 top folders x 8 x 8 subfolders (one in 8 three deeper), 12 files in each: 3,072 files.
void make_wide_tree(const std::string& dir) {
  const auto r = run("cd " + quote(dir) +
                     " && for a in 1 2 3 4; do for b in 1 2 3 4 5 6 7 8; do for c in 1 2 3 4 5 6 7 8; do"
                     " d=t$a/u$b/v$c; [ $c = 8 ] && d=$d/w/x/y; mkdir -p $d;"
                     " for f in 1 2 3 4 5 6 7 8 9 10 11 12; do echo $a$b$c$f >$d/f$f; done; done; done; done");
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST(WalkerThreads, FourWorkersHandOverEveryFileExactlyOnceAsFindCountsThem) {
  TempDir dir;
  make_wide_tree(dir.path());
  auto tree = fs::RootFs::open(dir.path());
  ASSERT_TRUE(tree.ok());
  scan::WalkOptions options;
  options.threads = 4;
  const auto walked = walk_all(*tree, {"/"}, options);
  const auto found = find_in(dir.path(), ". -type f");
  EXPECT_GT(found.size(), 2500u);
  EXPECT_EQ(walked.files.size(), found.size()) << "a file handed over twice or not at all";
  EXPECT_EQ(walked.file_set(), found);
  EXPECT_EQ(walked.progress_files, found.size());
  EXPECT_TRUE(walked.errors.empty()) << walked.errors_text();
}

TEST(WalkerThreads, FourWorkersFollowingLinksIntoOneFolderReadItOncePerWayAsFindDashL) {
  TempDir dir;
  make_wide_tree(dir.path());
  const auto r = run("cd " + quote(dir.path()) + " && ln -s t1 again && ln -s .. t2/u1/loop");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto tree = fs::RootFs::open(dir.path());
  ASSERT_TRUE(tree.ok());
  scan::WalkOptions options;
  options.threads = 4;
  options.follow = true;
  const auto walked = walk_all(*tree, {"/"}, options);
  const auto find = run("cd " + quote(dir.path()) + " && find -L . -type f");
  EXPECT_EQ(walked.file_set(), lines_of(find.out, "./"));
  EXPECT_EQ(walked.files.size(), walked.file_set().size());
  EXPECT_EQ(walked.errors.size(), 1u) << walked.errors_text();  // the loop, once (find: one "loop detected")
}

}  // namespace
}  // namespace trustready::testing
