// ImageTree's const readers run on the scanner's threads: read_file and map_file of paths
// not loaded remember them in wanted(), loaded ones hand out the same shared bytes.
#include <gtest/gtest.h>

#include <thread>

#include "image/image_fixtures.h"

namespace trustready::testing {
namespace {

TEST(ImageTreeThreads, ReadsFromManyThreadsRememberEveryWantedPathAndShareLoadedBytes) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  TempDir dir;
  std::string spec = "[";
  for (int i = 0; i < 64; ++i) spec += std::string(i ? "," : "") + R"(["f","certs/c)" + std::to_string(i) + R"(.pem","pem )" + std::to_string(i) + "\"]";
  auto images = open_ok(python_layer(dir, "rootfs.tar", spec + "]"));
  ASSERT_EQ(images.size(), 1u);
  auto& tree = *images[0];
  const auto listed = run("tar -tf " + quote(dir / "rootfs.tar") + " | wc -l");  // GNU tar's count
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&tree] {
      for (int i = 0; i < 64; ++i) (void)tree.read_file("/certs/c" + std::to_string(i) + ".pem");
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::to_string(tree.wanted().size()) + "\n", listed.out);
  ASSERT_TRUE(tree.load(tree.wanted()).ok());
  threads.clear();
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&tree, &good] {
      for (int i = 0; i < 64; ++i)
        if (auto m = tree.map_file("/certs/c" + std::to_string(i) + ".pem"); m && m->bytes() == "pem " + std::to_string(i)) ++good;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(good.load(), 4 * 64);
}

}  // namespace
}  // namespace trustready::testing
