// One RootFs shared by several threads (the scanner's walkers will share one tree): its
// cache of resolved folders is locked, and every thread resolves what `readlink -f`
// resolves for the same path. Run under ThreadSanitizer by scripts/test --tsan.
#include <gtest/gtest.h>

#include <thread>

#include "fs/root_fs.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::quote;
using testing::run;

TEST(RootFsThreads, FourThreadsResolvingThroughSharedFoldersAgreeWithReadlink) {
  testing::TempDir dir;
  // usr/share/ca/dN/real.pem, reached through relative folder links lib/dN -> ../usr/share/ca/dN.
  std::vector<std::string> paths;
  for (int n = 0; n < 16; ++n) {
    std::string d = std::to_string(n);
    d.insert(d.begin(), 'd');  // not "d" + std::string: GCC 12's false -Wrestrict (PR 105329)
    testing::write_file(dir / ("usr/share/ca/" + d + "/real.pem"), "x");
    testing::make_dirs(dir / "lib");
    ASSERT_EQ(run("ln -s ../usr/share/ca/" + d + " " + quote(dir / ("lib/" + d))).exit_code, 0);
    paths.push_back("/lib/" + d + "/real.pem");
  }
  std::vector<std::string> expected;
  for (const auto& p : paths) {
    auto r = run("readlink -f " + quote(dir.path() + p));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r.out.pop_back();  // the newline
    expected.push_back(r.out.substr(dir.path().size()));
  }
  auto fs = fs::RootFs::open(dir.path());
  ASSERT_TRUE(fs) << fs.error();
  std::vector<std::vector<std::string>> got(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round)
        for (const auto& p : paths) {
          auto r = fs->resolve(p);
          got[t].push_back(r ? r->path : r.error());
        }
    });
  for (auto& th : threads) th.join();
  for (const auto& results : got) {
    ASSERT_EQ(results.size(), 50 * paths.size());
    for (std::size_t i = 0; i < results.size(); ++i) EXPECT_EQ(results[i], expected[i % paths.size()]);
  }
}

}  // namespace
}  // namespace trustready
