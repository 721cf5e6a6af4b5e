// Paths typed on the command line mean one thing in every command: without --root, a
// relative --store is from the working folder (as in every other tool); under --root DIR,
// a path is inside DIR. A repeatable option takes one value per use, so it never takes
// the chain files after it. Counts come from grep over the files written; verdicts from
// the real `openssl verify`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::real_cert;
using testing::run;
using testing::TempDir;

const std::string kStarfield = "Starfield_Services_Root_Certificate_Authority_-_G2.pem";

class StorePaths : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    testing::write_bundle(dir / "app.pem", {"Amazon_Root_CA_1.pem", kStarfield});
    testing::write_bundle(dir / "chain.pem", {"amazon1_x_sfsg2.pem"});
  }
  /// `trustready ARGS` started in the test's folder.
  testing::CommandResult in_dir(const std::string& args) {
    return run("cd " + quote(dir.path()) + " && " + quote(testing::binary()) + " " + args);
  }
  static json parse(const testing::CommandResult& r) {
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    return j;
  }
  static json store_at(const json& j, const std::string& path) {
    for (const auto& s : j.at("stores"))
      if (s.at("path") == path) return s;
    return nullptr;
  }
  std::size_t blocks(const std::string& file) {
    return std::stoul(run("grep -c 'BEGIN CERTIFICATE' " + quote(dir / file)).out);
  }
  TempDir dir;
};

TEST_F(StorePaths, CheckReadsARelativeStoreFromTheWorkingFolder) {
  const auto r = in_dir("check --system-only --store app.pem --at 2026-12-01 --format json");
  const auto s = store_at(parse(r), dir / "app.pem");
  ASSERT_FALSE(s.is_null()) << r.out << r.err;
  EXPECT_TRUE(s.at("error").is_null()) << s.dump(2);
  EXPECT_EQ(s.at("certificates"), blocks("app.pem"));
}

TEST_F(StorePaths, StoresReadsARelativeStoreFromTheWorkingFolder) {
  const auto r = in_dir("stores --system-only --store app.pem --format json");
  const auto s = store_at(parse(r), dir / "app.pem");
  ASSERT_FALSE(s.is_null()) << r.out << r.err;
  EXPECT_TRUE(s.at("error").is_null()) << s.dump(2);
  EXPECT_EQ(s.at("certificates"), blocks("app.pem"));
}

TEST_F(StorePaths, PathsTakesAStoreBeforeTheChainAndReadsItFromTheWorkingFolder) {
  // --store before the chain: one value per use, so chain.pem is the chain.
  const auto r = in_dir("paths --store app.pem chain.pem --client openssl --at 2026-12-01 --format json");
  const auto j = parse(r);
  ASSERT_TRUE(j.is_object()) << r.err;
  EXPECT_EQ(j.at("anchors"), blocks("app.pem"));
  EXPECT_NE(j.at("store").get<std::string>().find(dir / "app.pem"), std::string::npos) << j.at("store");
  const bool openssl_accepts = run("openssl verify -no-CApath -no-CAstore -attime 1796083200 -CAfile " +
                                   quote(dir / "app.pem") + " " + quote(dir / "chain.pem")).exit_code == 0;
  EXPECT_EQ(j.at("clients").at(0).at("accepts").get<bool>(), openssl_accepts) << j.dump(2);
  EXPECT_EQ(r.exit_code, openssl_accepts ? 0 : 1) << r.err;
}

TEST_F(StorePaths, TwoStoresAreTwoUsesOfStore) {
  testing::write_bundle(dir / "other.pem", {"ISRG_Root_X1.pem"});
  const auto r = in_dir("paths chain.pem --store app.pem --store other.pem --at 2026-12-01 --format json");
  const auto j = parse(r);
  ASSERT_TRUE(j.is_object()) << r.err;
  EXPECT_EQ(j.at("anchors"), blocks("app.pem") + blocks("other.pem"));
}

// Under --root, a path given is inside the tree, wherever the command is started.
TEST_F(StorePaths, UnderRootEveryStoreIsAPathInsideTheRoot) {
  TempDir root;
  testing::write_bundle(root / "etc/app/ca.pem", {"Amazon_Root_CA_1.pem"});
  testing::make_dirs(dir / "etc/app");  // a decoy of the same relative name outside the tree
  testing::write_bundle(dir / "etc/app/ca.pem", {"ISRG_Root_X1.pem", "ISRG_Root_X2.pem"});
  for (const std::string given : {"etc/app/ca.pem", "/etc/app/ca.pem"}) {
    SCOPED_TRACE(given);
    auto r = in_dir("stores --system-only --root " + quote(root.path()) + " --store " + given + " --format json");
    const auto s = store_at(parse(r), "/etc/app/ca.pem");
    ASSERT_FALSE(s.is_null()) << r.out << r.err;
    EXPECT_EQ(s.at("certificates"), 1) << s.dump(2);
    r = in_dir("paths chain.pem --root " + quote(root.path()) + " --store " + given + " --format json");
    EXPECT_EQ(parse(r).at("anchors"), 1) << r.out << r.err;
  }
}

// `check --store DIR` and `paths --store DIR` on one NSS database trust the same roots:
// the database's own, and NSS's built-in roots module where Debian installs it.
TEST(NssStorePaths, CheckAndPathsCountTheSameAnchorsForOneNssDatabase) {
  TRUSTREADY_REQUIRE_TOOL("certutil");
  const std::string lib = "/usr/lib/x86_64-linux-gnu/libnssckbi.so";
  if (!std::filesystem::exists(lib)) TRUSTREADY_SKIP_OUTSIDE_CI(lib << " not installed (libnss3)");
  TempDir root;
  const auto ok = [](const testing::CommandResult& c) { ASSERT_EQ(c.exit_code, 0) << c.out << c.err; };
  testing::make_dirs(root / "srv/profile");
  ASSERT_NO_FATAL_FAILURE(ok(run("certutil -N -d sql:" + quote(root / "srv/profile") + " --empty-password")));
  ASSERT_NO_FATAL_FAILURE(ok(run("certutil -A -d sql:" + quote(root / "srv/profile") + " -n 'ISRG Root X1' -t C,, -i " +
                                 quote(real_cert("ISRG_Root_X1.pem")))));
  testing::make_dirs(root / "usr/lib/x86_64-linux-gnu");
  ASSERT_NO_FATAL_FAILURE(ok(run("cp -L " + quote(lib) + " " + quote(root.path() + lib))));
  testing::write_bundle(root / "chain.pem", {"amazon1_x_sfsg2.pem"});
  const std::string bin = quote(testing::binary());
  auto c = run(bin + " check --system-only --root " + quote(root.path()) + " --store /srv/profile --format json");
  auto cj = json::parse(c.out, nullptr, false);
  ASSERT_FALSE(cj.is_discarded()) << c.out << c.err;
  json store;
  for (const auto& s : cj.at("stores"))
    if (s.at("path") == "/srv/profile") store = s;
  ASSERT_FALSE(store.is_null()) << c.out;
  EXPECT_EQ(store.at("judged_with"), lib) << store.dump(2);
  auto p = run(bin + " paths " + quote(root / "chain.pem") + " --root " + quote(root.path()) +
               " --store /srv/profile --format json");
  auto pj = json::parse(p.out, nullptr, false);
  ASSERT_FALSE(pj.is_discarded()) << p.out << p.err;
  EXPECT_EQ(store.at("anchors"), pj.at("anchors")) << "check and paths disagree on what the database's readers trust";
  EXPECT_GT(pj.at("anchors").get<int>(), 100);  // the built-in roots, and the one the database adds
}

}  // namespace
}  // namespace trustready
