// fs::path_in_tree: a path typed on the command line. On this host a relative path is
// from the working folder (what `realpath -m` says from there); under --root every
// path is inside the root, relative or not.
#include <gtest/gtest.h>

#include "fs/root_fs.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

std::string realpath_from(const std::string& cwd, const std::string& given) {
  auto r = testing::run("cd " + testing::quote(cwd) + " && realpath -m " + testing::quote(given));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (!r.out.empty()) r.out.pop_back();
  return r.out;
}

TEST(PathInTree, OnThisHostARelativePathIsFromTheWorkingFolder) {
  auto host = fs::RootFs::open("/");
  ASSERT_TRUE(host) << host.error();
  testing::TempDir cwd;
  for (const std::string given : {"app.pem", "./conf/../app.pem", "sub/dir/app.jks", "../x.pem"})
    EXPECT_EQ(fs::path_in_tree(*host, given, cwd.path()), realpath_from(cwd.path(), given)) << given;
  EXPECT_EQ(fs::path_in_tree(*host, "/etc/ssl/certs", cwd.path()), "/etc/ssl/certs");
}

TEST(PathInTree, UnderARootEveryPathIsInsideIt) {
  testing::TempDir root;
  auto tree = fs::RootFs::open(root.path());
  ASSERT_TRUE(tree) << tree.error();
  EXPECT_EQ(fs::path_in_tree(*tree, "etc/app/ca.pem", "/home/u"), "/etc/app/ca.pem");
  EXPECT_EQ(fs::path_in_tree(*tree, "/etc/app/ca.pem", "/home/u"), "/etc/app/ca.pem");
  EXPECT_EQ(fs::path_in_tree(*tree, "../../etc/passwd", "/home/u"), "/etc/passwd");
}

}  // namespace
}  // namespace trustready
