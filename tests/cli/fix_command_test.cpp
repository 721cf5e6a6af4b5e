// `trustready fix` and `rollback` as an operator runs them, on Debian roots built with the
// real update-ca-certificates and on bundle files: what the outside tools (openssl verify,
// find, sha256sum, diff, stat) see before and after, never what trustready says of itself.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fix_roots.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::run;
using testing::TempDir;

class FixApply : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("update-ca-certificates");
    TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
    TRUSTREADY_REQUIRE_TOOL("openssl");
    ASSERT_TRUE(testing::copy_debian_root(root_));
  }
  testing::CommandResult fix(const std::string& args = "") const {
    return testing::trustready_at("fix --root " + quote(root_) + " " + args);
  }
  /// The path `fix` writes the Debian plan's roots to, on the host.
  std::string local(const std::string& name = "") const {
    return root_ + "/usr/local/share/ca-certificates" + (name.empty() ? "" : "/" + name);
  }
  TempDir dir_;
  const std::string root_ = dir_ / "root";
};

TEST_F(FixApply, DryRunOnADebianRootLackingAtsRootsChangesNotAByteNorATimestampAndExitsOne) {
  const std::string before = testing::tree_listing(root_);
  const auto r = fix();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find(local("Amazon_Root_CA_1.crt").substr(root_.size())), std::string::npos) << r.out;
  EXPECT_EQ(testing::tree_listing(root_), before);
}

TEST_F(FixApply, DebianRootLackingAtsRootsVerifiesTheRealCrossChainAfterwards) {
  ASSERT_FALSE(testing::bundle_verifies_cross_chain(root_));
  ASSERT_FALSE(testing::capath_verifies_cross_chain(root_));
  const auto r = fix("--apply");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(testing::bundle_verifies_cross_chain(root_));
  EXPECT_TRUE(testing::capath_verifies_cross_chain(root_));
  // ISRG Root X1 and the five roots, no more (nothing of this host's own folders).
  EXPECT_EQ(testing::openssl_count(root_ + "/etc/ssl/certs/ca-certificates.crt"), 6);
}

TEST_F(FixApply, SecondApplyChangesNothingAndSaysSo) {
  ASSERT_EQ(fix("--apply").exit_code, 0);
  // The lock file holds the pid of whoever holds it: every run takes it.
  const std::vector<std::string> lock = {"./var/lib/trustready/lock"};
  const std::string after_first = testing::tree_listing(root_, lock);
  const auto r = fix("--apply");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("nothing to change"), std::string::npos) << r.out;
  EXPECT_EQ(testing::tree_listing(root_, lock), after_first);
}

TEST_F(FixApply, RollbackRestoresTheRootByteForByteWithModesAndOwners) {
  const std::string before = dir_ / "before";
  ASSERT_EQ(run("cp -a " + quote(root_) + " " + quote(before)).exit_code, 0);
  ASSERT_EQ(fix("--apply").exit_code, 0);
  ASSERT_NE(testing::diff_but_state(before, root_), "");  // the fix did change the root
  const auto r = testing::trustready("rollback --root " + quote(root_));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(testing::diff_but_state(before, root_), "");
  EXPECT_EQ(testing::modes_and_owners(root_), testing::modes_and_owners(before));
  EXPECT_FALSE(testing::bundle_verifies_cross_chain(root_));
}

/// check's fix and fix's plan are one plan said twice: the two commands' outputs agree.
TEST_F(FixApply, CheckPrintsTheFixLinesFixPrintsByHand) {
  const auto text = fix();
  const auto plan = fix("--format json");
  const auto checked = testing::trustready_at("check --root " + quote(root_) + " --format json");
  ASSERT_EQ(checked.exit_code, 1) << checked.err;
  const auto lines = testing::by_hand_lines(text.out);
  ASSERT_GE(lines.size(), 2u) << text.out;
  std::vector<std::string> shells;
  const json planned = json::parse(plan.out), judged = json::parse(checked.out);  // kept: the loops refer into them
  for (const auto& store : planned.at("stores"))
    for (const auto& step : store.at("steps"))
      for (const auto& line : step.at("shell")) shells.push_back(line.get<std::string>());
  EXPECT_EQ(shells, lines);
  int compared = 0;
  for (const auto& store : judged.at("stores")) {
    if (store.at("verdict") == "ready") continue;
    EXPECT_EQ(store.at("fix").get<std::string>(), testing::joined(lines, " && ")) << store.at("id");
    ++compared;
  }
  EXPECT_EQ(compared, 2);  // /etc/ssl/certs/ca-certificates.crt and /etc/ssl/certs
}

TEST_F(FixApply, ByHandLinesRunInShellGiveTheBundleFixApplyWrites) {
  const std::string by_hand = dir_ / "by-hand";
  ASSERT_EQ(run("cp -a " + quote(root_) + " " + quote(by_hand)).exit_code, 0);
  const auto lines = testing::by_hand_lines(testing::trustready_at("fix --root " + quote(by_hand)).out);
  ASSERT_FALSE(lines.empty());
  const std::string path = "PATH=" + quote(testing::shim_path(dir_)) + ":$PATH; ";
  for (const auto& line : lines) {
    const auto r = run(path + line);
    ASSERT_EQ(r.exit_code, 0) << line << "\n" << r.out << r.err;
  }
  ASSERT_EQ(fix("--apply").exit_code, 0);
  const std::string bundle = "/etc/ssl/certs/ca-certificates.crt";
  EXPECT_EQ(testing::sha256_of(by_hand + bundle), testing::sha256_of(root_ + bundle));
  EXPECT_EQ(testing::diff_but_state(by_hand, root_), "");
}

class FixBundle : public FixApply {
 protected:
  void SetUp() override {
    FixApply::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    // ISRG Root X1 without its final newline, as an editor that strips it leaves a file.
    std::string pem = testing::read_file(testing::real_cert("ISRG_Root_X1.pem"));
    while (!pem.empty() && pem.back() == '\n') pem.pop_back();
    testing::write_file(bundle(), pem);
    ASSERT_EQ(run("chmod 0640 " + quote(bundle()) + " && chown 1234:1234 " + quote(bundle())).exit_code, 0);
    ASSERT_EQ(run("tail -c1 " + quote(bundle())).out, "-");
  }
  std::string bundle(const std::string& root = "") const { return (root.empty() ? root_ : root) + "/app/bundle.pem"; }
  std::string store() const { return "--store /app/bundle.pem"; }
};

TEST_F(FixBundle, AppendsOnANewLineToABundleWithoutFinalNewlineKeepingModeAndOwner) {
  ASSERT_EQ(testing::openssl_count(bundle()), 1);
  const auto r = fix("--apply " + store());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(testing::openssl_count(bundle()), 6);
  EXPECT_EQ(testing::end_lines(bundle()), 6);
  EXPECT_EQ(run("stat -c '%a %u %g' " + quote(bundle())).out, "640 1234 1234\n");
  EXPECT_TRUE(testing::bundle_verifies_cross_chain(root_, "/app/bundle.pem"));
  // Only the bundle named: the Debian store is left as it was.
  EXPECT_FALSE(testing::bundle_verifies_cross_chain(root_));
}

TEST_F(FixBundle, PrintedShellLineAppendsOnANewLineToo) {
  const std::string by_hand = dir_ / "by-hand";
  ASSERT_EQ(run("cp -a " + quote(root_) + " " + quote(by_hand)).exit_code, 0);
  const auto lines = testing::by_hand_lines(testing::trustready_at("fix --root " + quote(by_hand) + " " + store()).out);
  ASSERT_EQ(lines.size(), 1u);
  const auto checked = testing::trustready_at("check --root " + quote(by_hand) + " " + store() + " --format json");
  std::string check_fix;
  const json judged = json::parse(checked.out);
  for (const auto& s : judged.at("stores"))
    if (s.at("path") == "/app/bundle.pem") check_fix = s.at("fix");
  EXPECT_EQ(check_fix, lines.front());
  const auto r = run("PATH=" + quote(testing::shim_path(dir_)) + ":$PATH; " + lines.front());
  ASSERT_EQ(r.exit_code, 0) << lines.front() << "\n" << r.err;
  EXPECT_EQ(testing::openssl_count(bundle(by_hand)), 6);
  EXPECT_EQ(testing::end_lines(bundle(by_hand)), 6);
  ASSERT_EQ(fix("--apply " + store()).exit_code, 0);
  EXPECT_EQ(testing::sha256_of(bundle(by_hand)), testing::sha256_of(bundle()));
}

/// Symlinks in a root lead inside it, never to this host: the planted ones here point at
/// folders and files of this machine outside the root.
class FixConfinement : public FixApply {
 protected:
  /// `fix --apply` in a private mount namespace where this host's own anchor folder holds
  /// ISRG Root X2 (a root the tree lacks): it must not reach the root's stores.
  testing::CommandResult apply_with_a_host_root() const {
    const std::string host_local = dir_ / "host-local";
    testing::write_file(host_local + "/ISRG_Root_X2.crt", testing::read_file(testing::real_cert("ISRG_Root_X2.pem")));
    return run("unshare --mount sh -c " +
               quote("mount --bind " + quote(host_local) + " /usr/local/share/ca-certificates && " +
                     quote(testing::binary()) + " fix --apply --no-color --at " + testing::kTestDate + " --root " +
                     quote(root_)));
  }
  bool bundle_has_isrg_x2() const {
    return run("openssl verify -no-CApath -no-CAfile -no-CAstore -attime " + std::string(testing::kTestEpoch) +
               " -CAfile " + quote(root_ + "/etc/ssl/certs/ca-certificates.crt") + " " +
               quote(testing::real_cert("ISRG_Root_X2.pem")))
               .exit_code == 0;
  }
  TempDir outside_;
};

TEST_F(FixConfinement, AnchorFolderLinkedOutsideTheRootIsWrittenInsideTheRoot) {
  ASSERT_EQ(run("rmdir " + quote(local()) + " && ln -s " + quote(outside_.path()) + " " + quote(local())).exit_code, 0);
  const auto r = apply_with_a_host_root();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(run("ls -A " + quote(outside_.path())).out, "");
  EXPECT_EQ(run("ls " + quote(root_ + outside_.path()) + " | grep -c '\\.crt$'").out, "5\n");
  EXPECT_TRUE(testing::bundle_verifies_cross_chain(root_));
  EXPECT_FALSE(bundle_has_isrg_x2());
}

TEST_F(FixConfinement, RootWithoutAnAnchorFolderGetsNoneOfThisHostsOwn) {
  ASSERT_EQ(run("rmdir " + quote(local())).exit_code, 0);
  const auto r = apply_with_a_host_root();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(testing::bundle_verifies_cross_chain(root_));
  EXPECT_FALSE(bundle_has_isrg_x2());
  EXPECT_EQ(testing::openssl_count(root_ + "/etc/ssl/certs/ca-certificates.crt"), 6);
}

TEST_F(FixConfinement, PlantedLinkToAFileOutsideLeavesItUntouched) {
  const std::string victim = outside_ / "victim";
  testing::write_file(victim, "not a certificate: bytes that must stay\n");
  const std::string was = testing::sha256_of(victim);
  const std::string link = local("Amazon_Root_CA_1.crt");
  ASSERT_EQ(run("ln -s " + quote(victim) + " " + quote(link)).exit_code, 0);
  const auto r = fix("--apply");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(testing::sha256_of(victim), was);
  EXPECT_EQ(run("readlink " + quote(link)).out, victim + "\n");
  EXPECT_TRUE(testing::bundle_verifies_cross_chain(root_));  // Amazon Root CA 1 went in under another name
  EXPECT_EQ(testing::sha256_of(victim), was);
}

TEST_F(FixConfinement, CompiledBundleLinkedOutsideTheRootNeverChangesTheOutsideFile) {
  const std::string bundle = root_ + "/etc/ssl/certs/ca-certificates.crt";
  const std::string target = outside_ / "ca-certificates.crt";
  ASSERT_EQ(run("mv " + quote(bundle) + " " + quote(target) + " && ln -s " + quote(target) + " " + quote(bundle)).exit_code, 0);
  const std::string was = testing::sha256_of(target);
  const auto r = fix("--apply");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(testing::sha256_of(target), was);
  const auto back = testing::trustready("rollback --root " + quote(root_));
  EXPECT_EQ(back.exit_code, 0) << back.out << back.err;
  EXPECT_EQ(testing::sha256_of(target), was);
}

}  // namespace
}  // namespace trustready

namespace trustready {
namespace {

/// The root's own update.d hooks are the image's programs: this host's update-ca-certificates
/// run over the root (as root, with this host's file system) never runs them.
TEST_F(FixConfinement, TheRootsHooksNeverRunOnThisHost) {
  const std::string mark = outside_ / "hook-ran";
  testing::write_file(root_ + "/etc/ca-certificates/update.d/evil", "#!/bin/sh\nid > " + quote(mark) + "\n");
  ASSERT_EQ(run("chmod 755 " + quote(root_ + "/etc/ca-certificates/update.d/evil")).exit_code, 0);
  const auto r = fix("--apply");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(run("test -e " + quote(mark)).exit_code, 1) << "the root's hook ran on this host";
  EXPECT_TRUE(testing::bundle_verifies_cross_chain(root_));
}

/// A file of this host linked into the root's anchor folder would be followed by this
/// host's tool: it is never run over such a folder, and nothing of the file reaches the root.
TEST_F(FixConfinement, AHostFileLinkedIntoTheAnchorFolderNeverReachesTheRootsBundle) {
  const std::string secret = outside_ / "secret.crt";
  testing::write_file(secret, testing::read_file(testing::real_cert("ISRG_Root_X2.pem")));
  ASSERT_EQ(run("ln -s " + quote(secret) + " " + quote(local("host.crt"))).exit_code, 0);
  const auto r = fix("--apply");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_FALSE(bundle_has_isrg_x2());
  EXPECT_TRUE(testing::bundle_verifies_cross_chain(root_));
}

}  // namespace
}  // namespace trustready
