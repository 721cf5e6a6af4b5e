// `..` never climbs above the root: odd and even runs of it, at the start, in the middle
// and at the end of a path. Expected paths come from Python's posixpath.normpath (which
// keeps `/` at `/` as POSIX path resolution does), and reads go through both resolution
// routes (the kernel's openat2 and the user-space one), through the real binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fs/file_tree.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::quote;
using testing::run;

const std::vector<std::string> kPaths = {
    "/../etc/x.pem",           "/../../etc/x.pem",         "/../../../etc/x.pem",       "/etc/../../x.pem",
    "/etc/ssl/../../../x.pem", "/etc/../../../../etc/x.pem", "/etc/ssl/..",              "/etc/ssl/../..",
    "/etc/ssl/../../..",       "/a/b/c/../../../../../d",  "/a/./../b/../../c/../../x", "/..",
};

std::string normpath(const std::string& p) {
  auto r = run("python3 -c 'import posixpath,sys; sys.stdout.write(posixpath.normpath(sys.argv[1]))' " + quote(p));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

TEST(DotDot, NormalizeKeepsEveryRunOfDotDotBelowTheRootAsPosixpathDoes) {
  TRUSTREADY_REQUIRE_TOOL("python3");
  for (const auto& p : kPaths) EXPECT_EQ(fs::normalize(p), normpath(p)) << p;
}

/// A root R inside a folder D: R/etc/x.pem holds one certificate, the decoy D/etc/x.pem
/// (what a `..` above R would reach) holds two.
class DotDotRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_bundle(outer / "root/etc/x.pem", {"Amazon_Root_CA_1.pem"});
    testing::write_bundle(outer / "etc/x.pem", {"ISRG_Root_X1.pem", "ISRG_Root_X2.pem"});
    testing::write_bundle(outer / "root/etc/ssl/certs/ca-certificates.crt", {"Amazon_Root_CA_1.pem"});
  }
  std::string root() const { return outer / "root"; }
  testing::TempDir outer;
};

TEST_F(DotDotRoot, StoreWithDotDotRunsIsReadInsideTheRootOnBothRoutes) {
  for (const std::string route : {"", "TRUSTREADY_NO_OPENAT2=1 "}) {
    for (const std::string given : {"/../etc/x.pem", "/../../etc/x.pem", "/../../../etc/x.pem", "/etc/../../etc/x.pem",
                                    "../etc/x.pem", "etc/ssl/../../../etc/x.pem"}) {
      SCOPED_TRACE(route + given);
      const auto r = run(route + quote(testing::binary()) + " stores --system-only --root " + quote(root()) +
                         " --store " + quote(given) + " --format json");
      const auto j = nlohmann::json::parse(r.out, nullptr, false);
      ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
      const auto& s = j.at("stores").at(0);
      EXPECT_EQ(s.at("path"), "/etc/x.pem") << s.dump(2);
      EXPECT_EQ(s.at("certificates"), 1) << "read outside the root: " << s.dump(2);
    }
  }
}

// The fix printed for such a store appends to the file inside the root, never beside it.
TEST_F(DotDotRoot, FixForAStoreNamedWithDotDotAppendsInsideTheRoot) {
  testing::write_bundle(outer / "root/etc/ssl/custom.pem", {"ISRG_Root_X1.pem"});
  for (const std::string route : {"", "TRUSTREADY_NO_OPENAT2=1 "}) {
    SCOPED_TRACE(route);
    const auto r = run(route + quote(testing::binary()) + " check --system-only --root " + quote(root()) +
                       " --store /../etc/ssl/custom.pem --at " + testing::kTestDate + " --format json");
    const auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
    std::string fix;
    for (const auto& s : j.at("stores"))
      if (s.at("path") == "/etc/ssl/custom.pem") fix = s.at("fix");
    EXPECT_NE(fix.find("tee -a " + root() + "/etc/ssl/custom.pem"), std::string::npos) << fix;
    EXPECT_EQ(fix.find("/.."), std::string::npos) << fix;
  }
}

}  // namespace
}  // namespace trustready
