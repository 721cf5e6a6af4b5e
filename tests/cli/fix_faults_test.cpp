// fix --apply and rollback killed at every journal write (TRUSTREADY_TEST_KILL_AT, a
// SIGKILL as a crash or `kill -9` gives), and refusing bad input: a read-only root, a full
// disk, a held lock, a store changed since its plan, missing stores, no root rights. What
// is left is judged by the outside tools: sha256sum, diff, openssl.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "support/fix_roots.h"

namespace trustready {
namespace {

using testing::quote;
using testing::run;
using testing::TempDir;

const std::string kBundle = "/etc/ssl/certs/ca-certificates.crt";
/// sh's status for a command killed by SIGKILL.
constexpr int kKilled = 128 + 9;

class FixFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("update-ca-certificates");
    TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
    TRUSTREADY_REQUIRE_TOOL("openssl");
    ASSERT_TRUE(testing::copy_debian_root(original_));
  }
  /// A fresh copy of the original root at dir_/NAME.
  std::string fresh(const std::string& name) const {
    const std::string root = dir_ / name;
    EXPECT_EQ(run("cp -a " + quote(original_) + " " + quote(root)).exit_code, 0);
    return root;
  }
  /// The run's status as sh gives it (`; exit $?` keeps sh from exec'ing it, so a SIGKILL
  /// is the status 137 rather than a signal that would also take run()'s timeout down).
  static testing::CommandResult killed_at(int n, const std::string& args) {
    return run("TRUSTREADY_TEST_KILL_AT=" + std::to_string(n) + " " + quote(testing::binary()) + " " + args + "; exit $?");
  }
  static std::string at() { return std::string(" --at ") + testing::kTestDate; }
  /// Every line of stderr, for the one-line contract.
  static std::size_t lines(const std::string& err) { return std::count(err.begin(), err.end(), '\n'); }
  TempDir dir_;
  const std::string original_ = dir_ / "original";
};

TEST_F(FixFaults, ApplyKilledAtEachJournalWriteLeavesTheStoreWholeAndRollbackOrFixAgainFinishes) {
  const std::string was = testing::sha256_of(original_ + kBundle);
  int kills = 0;
  bool completed = false;
  for (int n = 1; n <= 20 && !completed; ++n) {
    SCOPED_TRACE("killed at journal write " + std::to_string(n));
    const std::string root = fresh("n" + std::to_string(n));
    const auto r = killed_at(n, "fix --apply --no-color --root " + quote(root) + at());
    if (r.exit_code != kKilled) {
      EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
      completed = true;
    } else {
      ++kills;
    }
    // Either as it was, byte for byte, or holding ISRG Root X1 and all five roots.
    const std::string now = testing::sha256_of(root + kBundle);
    if (now != was) {
      EXPECT_EQ(testing::openssl_count(root + kBundle), 6);
    }
    if (n % 2 == 1) {
      const auto back = testing::trustready("rollback --root " + quote(root));
      EXPECT_EQ(back.exit_code, 0) << back.out << back.err;
      EXPECT_EQ(testing::diff_but_state(original_, root), "");
    } else {
      const auto again = testing::trustready_at("fix --apply --root " + quote(root));
      EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
      EXPECT_TRUE(testing::bundle_verifies_cross_chain(root));
      EXPECT_TRUE(testing::capath_verifies_cross_chain(root));
    }
    run("rm -rf " + quote(root));
  }
  EXPECT_TRUE(completed) << "a run with TRUSTREADY_TEST_KILL_AT=20 was still killed";
  EXPECT_GE(kills, 3);  // a journal before the first write, one per step, one at the end
}

TEST_F(FixFaults, RollbackKilledAtEachJournalWriteIsFinishedByTheNextRollback) {
  bool completed = false;
  int kills = 0;
  for (int n = 1; n <= 10 && !completed; ++n) {
    SCOPED_TRACE("rollback killed at journal write " + std::to_string(n));
    const std::string root = fresh("n" + std::to_string(n));
    ASSERT_EQ(testing::trustready_at("fix --apply --root " + quote(root)).exit_code, 0);
    const auto r = killed_at(n, "rollback --root " + quote(root));
    completed = r.exit_code != kKilled;
    if (completed) {
      EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    } else {
      ++kills;
      const auto again = testing::trustready("rollback --root " + quote(root));
      // Killed after its last journal write, the rollback had finished: nothing is left to do.
      EXPECT_TRUE(again.exit_code == 0 || again.err.find("nothing to roll back") != std::string::npos)
          << again.out << again.err;
    }
    EXPECT_EQ(testing::diff_but_state(original_, root), "");
    EXPECT_NE(testing::trustready("rollback --list --root " + quote(root)).out.find("rolled-back"), std::string::npos);
    run("rm -rf " + quote(root));
  }
  EXPECT_TRUE(completed);
  EXPECT_GE(kills, 1);  // the hook reaches rollback: it journals before its first restore
}

TEST_F(FixFaults, JournalOfAKilledRunIsRevertedByTheNextApplyWhichSaysSo) {
  const std::string root = fresh("root");
  ASSERT_EQ(killed_at(3, "fix --apply --no-color --root " + quote(root) + at()).exit_code, kKilled);
  // A dry run says so too, and still changes nothing.
  const std::string listing = testing::tree_listing(root);
  const auto dry = testing::trustready_at("fix --root " + quote(root));
  EXPECT_NE(dry.err.find("did not finish"), std::string::npos) << dry.err;
  EXPECT_EQ(testing::tree_listing(root), listing);
  const auto r = testing::trustready_at("fix --apply --root " + quote(root));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("did not finish"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("reverting it"), std::string::npos) << r.err;
  EXPECT_TRUE(testing::bundle_verifies_cross_chain(root));
}

class FixBadInput : public FixFaults {
 protected:
  void SetUp() override {
    FixFaults::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    root_ = fresh("root");
    before_ = testing::tree_listing(root_, {"./var"});
  }
  /// The one-line error: exit 2, a single line on stderr holding every one of `names`,
  /// and nothing of the root changed (its state folder aside).
  void refused(const testing::CommandResult& r, const std::vector<std::string>& names) const {
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    for (const auto& name : names) EXPECT_NE(r.err.find(name), std::string::npos) << name << " not in: " << r.err;
    EXPECT_EQ(testing::tree_listing(root_, {"./var"}), before_);
  }
  std::string apply() const { return quote(testing::binary()) + " fix --apply --no-color --root " + quote(root_) + at(); }
  std::string root_;
  std::string before_;
};

TEST_F(FixBadInput, ReadOnlyRootIsRefusedInOneLineNamingIt) {
  const std::string ro = "mount --bind " + quote(root_) + " " + quote(root_) + " && mount -o remount,bind,ro " +
                         quote(root_) + " " + quote(root_) + " && ";
  refused(run("unshare --mount sh -c " + quote(ro + apply())), {root_ + "/var", "Read-only file system"});
  EXPECT_EQ(run("test -e " + quote(root_ + "/var")).exit_code, 1);
  // With the state folder elsewhere, the first write into the root is the one refused.
  const std::string state = dir_ / "state";
  refused(run("unshare --mount sh -c " + quote(ro + apply() + " --state-dir " + quote(state))),
          {"/usr/local/share/ca-certificates/Amazon_Root_CA_1.crt", "Read-only file system"});
  EXPECT_NE(testing::trustready("rollback --list --state-dir " + quote(state)).out.find("rolled-back"), std::string::npos);
}

TEST_F(FixBadInput, FullDiskIsRefusedInOneLineAndLeavesNoPartialFile) {
  const std::string local = root_ + "/usr/local/share/ca-certificates";
  const std::string left = dir_ / "left.txt";
  const std::string script = "mount -t tmpfs -o size=256k tmpfs " + quote(local) + " && { dd if=/dev/zero of=" +
                             quote(local + "/filler") + " bs=4k count=100 2>/dev/null; true; } && " + apply() +
                             "; status=$?; ls -A " + quote(local) + " > " + quote(left) + "; exit $status";
  refused(run("unshare --mount sh -c " + quote(script)),
          {"/usr/local/share/ca-certificates/Amazon_Root_CA_1.crt", "No space left on device"});
  EXPECT_EQ(testing::read_file(left), "filler\n");  // no temp file, no half certificate
  EXPECT_NE(testing::trustready("rollback --list --root " + quote(root_)).out.find("rolled-back"), std::string::npos);
}

TEST_F(FixBadInput, ApplyWhileAnotherHoldsTheLockIsRefusedNamingTheLock) {
  const std::string lock = root_ + "/var/lib/trustready/lock";
  ASSERT_EQ(run("mkdir -p -m 700 " + quote(root_ + "/var/lib/trustready") + " && touch " + quote(lock)).exit_code, 0);
  // flock(1) holds the lock while the second run starts: no sleep, no race.
  refused(run("flock -n " + quote(lock) + " -c " + quote(apply())), {lock, "another trustready"});
  // No journal, no backup: the lock (still empty) is the only file in the state folder.
  EXPECT_EQ(run("cd " + quote(root_ + "/var") + " && find . -type f -printf '%p %s\\n'").out, "./lib/trustready/lock 0\n");
}

TEST_F(FixBadInput, StoreChangedBetweenPlanAndApplyIsRefusedNamingIt) {
  const std::string bundle = root_ + "/app/bundle.pem";
  testing::write_bundle(bundle, {"ISRG_Root_X1.pem"});
  const std::string plan = dir_ / "plan.json";
  const std::string store = " --store /app/bundle.pem";
  ASSERT_EQ(run(quote(testing::binary()) + " fix --format json --root " + quote(root_) + store + at() + " > " + quote(plan))
                .exit_code,
            1);
  ASSERT_EQ(run("printf '\\n' >> " + quote(bundle)).exit_code, 0);
  before_ = testing::tree_listing(root_, {"./var"});
  refused(run(apply() + store + " --plan " + quote(plan)), {"/app/bundle.pem", "changed since"});
  EXPECT_EQ(testing::openssl_count(bundle), 1);
}

TEST_F(FixBadInput, MissingStorePathIsOneLineExitTwo) {
  refused(run(apply() + " --store /nonexistent"), {"/nonexistent"});
}

TEST_F(FixBadInput, UnknownStoreIdIsOneLineExitTwo) {
  refused(run(apply() + " --store no-such-id"), {"no-such-id"});
}

TEST_F(FixBadInput, RollbackWithNothingToRollBackIsOneLineExitTwo) {
  refused(testing::trustready("rollback --root " + quote(root_)), {"nothing to roll back"});
  EXPECT_EQ(run("test -e " + quote(root_ + "/var")).exit_code, 1);
}

/// Not root: the refusal comes before any write. Run on this host's `/` as nobody, with a
/// root-owned bundle nobody could write anyway, so even a wrong answer changes nothing here.
TEST_F(FixBadInput, NotRootIsRefusedBeforeAnythingIsWritten) {
  if (::geteuid() != 0) TRUSTREADY_SKIP_NOT_POSSIBLE_HERE("needs root to run a command as nobody");
  TRUSTREADY_REQUIRE_TOOL("runuser");
  TempDir open_dir;  // outside /home, readable by nobody
  const std::string bundle = open_dir / "bundle.pem";
  const std::string bin = open_dir / "trustready";
  testing::write_bundle(bundle, {"ISRG_Root_X1.pem"});
  ASSERT_EQ(run("cp " + quote(testing::binary()) + " " + quote(bin) + " && chmod 755 " + quote(open_dir.path()) + " " +
                quote(bin) + " && chmod 644 " + quote(bundle))
                .exit_code,
            0);
  const std::string was = testing::sha256_of(bundle);
  const std::string state = run("ls -la --full-time /var/lib/trustready 2>&1").out;
  const auto r = run("runuser -u nobody -- " + quote(bin) + " fix --apply --no-color --store " + quote(bundle) + at());
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(lines(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("run it as root"), std::string::npos) << r.err;
  EXPECT_EQ(testing::sha256_of(bundle), was);
  EXPECT_EQ(run("ls -la --full-time /var/lib/trustready 2>&1").out, state);
}

}  // namespace
}  // namespace trustready
