// `trustready fix --apply` and `rollback` on NSS sql: databases made by the real certutil
// (`certutil -N --empty-password`), found under --root (/etc/pki/nssdb, the shared system
// database) or named with --store. What the database holds afterwards is what the real
// `certutil -L` lists, and each certificate it exports (`-L -n NAME -a`) has the SHA-256
// the openssl CLI gives for the data/certs file; "byte for byte" is sha256sum's word.
// The roots hold no libnssckbi, so NSS's built-in roots are not there to make them ready.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::make_dirs;
using testing::quote;
using testing::real_cert;
using testing::run;
using testing::TempDir;
using testing::write_file;

const std::vector<std::string> kRecommended = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                               "Amazon_Root_CA_4.pem",
                                               "Starfield_Services_Root_Certificate_Authority_-_G2.pem"};
const std::vector<std::string> kDbFiles = {"cert9.db", "key4.db", "pkcs11.txt"};

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

/// `certutil -L -d sql:DIR`: nickname -> trust attributes ("C,,"), the rows under its header.
std::map<std::string, std::string> certutil_list(const std::string& dir) {
  const auto r = run("certutil -L -d " + quote("sql:" + dir));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::map<std::string, std::string> out;
  std::istringstream in(r.out);
  bool rows = false;
  for (std::string line; std::getline(in, line);) {
    if (contains(line, "SSL,S/MIME,JAR/XPI")) {
      rows = true;
      continue;
    }
    line = trim(line);
    if (!rows || line.empty()) continue;
    const std::size_t gap = line.find_last_of(" \t");
    if (gap == std::string::npos) continue;
    out[trim(line.substr(0, gap))] = line.substr(gap + 1);
  }
  return out;
}

/// The SHA-256 of the certificate certutil exports under `nickname`, by the openssl CLI.
std::string exported_fingerprint(const std::string& dir, const std::string& nickname, const TempDir& scratch) {
  const std::string pem = scratch / "exported.pem";
  const auto r = run("certutil -L -d " + quote("sql:" + dir) + " -n " + quote(nickname) + " -a > " + quote(pem));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return testing::openssl_fingerprint(pem);
}

std::map<std::string, std::string> sha256sums(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& f : kDbFiles) {
    const auto r = run("sha256sum " + quote(dir + "/" + f));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    out[f] = r.out.substr(0, 64);
  }
  return out;
}

/// Runs trustready; `fix` judges at kTestDate, whatever day the suite runs (it runs
/// under faketime at 2028, 2034 and 2037 too).
testing::CommandResult trustready(const std::string& args) {
  const std::string at = args.starts_with("fix ") ? std::string(" --at ") + testing::kTestDate : "";
  // setsid: no controlling terminal, so a certutil that wants a password cannot wait on one.
  return run("setsid -w " + quote(testing::binary()) + " " + args + at + " </dev/null");
}

class FixNss : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("certutil");
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("setsid");
    write_file(root() + "/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  }
  std::string root() const { return dir_.path() + "/root"; }

  /// `certutil -N` at `in_root`: an empty database, or one with a password.
  void make_db(const std::string& in_root, const std::string& password = "") {
    make_dirs(root() + in_root);
    std::string args = "--empty-password";
    if (!password.empty()) {
      write_file(dir_ / "pwfile", password + "\n");
      args = "-f " + quote(dir_ / "pwfile");
    }
    const auto r = run("certutil -N -d " + quote("sql:" + root() + in_root) + " " + args);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }

  /// fix --apply, then certutil's view of the database, then rollback.
  void apply_and_roll_back(const std::string& in_root, const std::string& store_flag) {
    const std::string db = root() + in_root;
    const auto before = sha256sums(db);
    ASSERT_TRUE(certutil_list(db).empty());

    auto r = trustready("fix --root " + quote(root()) + store_flag + " --apply");
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const auto listed = certutil_list(db);
    EXPECT_EQ(listed.size(), kRecommended.size()) << r.out;
    std::set<std::string> fingerprints;
    for (const auto& [nickname, trust] : listed) {
      EXPECT_EQ(trust, "C,,") << nickname;  // a CA for TLS servers, nothing else
      fingerprints.insert(exported_fingerprint(db, nickname, dir_));
    }
    std::set<std::string> expected;
    for (const auto& f : kRecommended) expected.insert(testing::openssl_fingerprint(real_cert(f)));
    EXPECT_EQ(fingerprints, expected);

    r = trustready("rollback --root " + quote(root()));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(sha256sums(db), before);
    EXPECT_TRUE(certutil_list(db).empty());
  }

  TempDir dir_;
};

TEST_F(FixNss, SystemDatabaseUnderRootGetsTheFiveRootsTrustedForTlsAndRollbackRestoresIt) {
  make_db("/etc/pki/nssdb");
  apply_and_roll_back("/etc/pki/nssdb", "");
}

TEST_F(FixNss, DatabaseNamedWithStoreGetsTheFiveRootsAndRollbackRestoresIt) {
  make_db("/srv/app/nssdb");
  apply_and_roll_back("/srv/app/nssdb", " --store /srv/app/nssdb");
}

/// Every file in `dir` with its sha256sum, sorted: equal before and after means the folder
/// is as it was, no file added, none changed.
std::string folder_state(const std::string& dir) {
  const auto r = run("cd " + quote(dir) + " && sha256sum * | LC_ALL=C sort");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

// NSS upgrades a database to the SQLite format as certutil -A opens it with sql:: a
// legacy cert8.db folder (certutil -N -d dbm:) gains cert9.db, key4.db and pkcs11.txt,
// and a sql: folder without pkcs11.txt gains one. Rollback removes what was created.
TEST_F(FixNss, RollbackRemovesTheDatabaseFilesCertutilCreated) {
  struct Case {
    const char* name;
    const char* make;  ///< the certutil -N database type, and what is removed after
    const char* remove;
  };
  for (const Case& c : {Case{"legacy cert8.db", "dbm:", ""}, Case{"sql: without pkcs11.txt", "sql:", "pkcs11.txt"}}) {
    SCOPED_TRACE(c.name);
    const std::string in_root = std::string("/srv/") + (c.make == std::string("dbm:") ? "legacy" : "nopkcs11");
    const std::string db = root() + in_root;
    make_dirs(db);
    auto r = run("certutil -N -d " + quote(c.make + db) + " --empty-password");
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    if (*c.remove) std::filesystem::remove(db + "/" + c.remove);
    const std::string before = folder_state(db);
    const std::string state = dir_ / (std::string("state-") + (c.make == std::string("dbm:") ? "dbm" : "sql"));

    r = trustready("fix --root " + quote(root()) + " --store " + in_root + " --apply --state-dir " + quote(state));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const auto listed = certutil_list(db);
    EXPECT_EQ(listed.size(), kRecommended.size()) << r.out;
    for (const auto& [nickname, trust] : listed) EXPECT_EQ(trust, "C,,") << nickname;

    r = trustready("rollback --root " + quote(root()) + " --state-dir " + quote(state));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(folder_state(db), before) << r.out;
  }
}

// certutil adds the certificate to a database with a password but cannot set its trust
// without logging in ("could not authenticate to token"): fix stops, naming the
// database, and the database is left byte for byte as it was.
TEST_F(FixNss, DatabaseWithAPasswordStopsNamingItAndIsLeftAsItWas) {
  make_db("/etc/pki/nssdb", "db-password");
  const std::string db = root() + "/etc/pki/nssdb";
  const auto before = sha256sums(db);
  const auto r = trustready("fix --root " + quote(root()) + " --apply");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "/etc/pki/nssdb")) << r.err;
  EXPECT_TRUE(contains(r.err, "authenticate")) << r.err;
  EXPECT_EQ(sha256sums(db), before);
  EXPECT_TRUE(certutil_list(db).empty());
}

}  // namespace
}  // namespace trustready
