// `trustready fix --apply` and `rollback` on Java keystores made by the real keytool:
// JKS and PKCS#12, with the default password and another one, named with --store, and
// a JDK's own cacerts found under --root. What the keystore holds afterwards is what
// the real `keytool -list` prints, compared with the SHA-256 fingerprints the openssl
// CLI gives for the data/certs files; "byte for byte" is sha256sum's word.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/fixtures.h"
#include "support/keytool.h"
#include "support/pem_bundle.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::make_dirs;
using testing::quote;
using testing::real_cert;
using testing::run;
using testing::TempDir;
using testing::write_file;

/// The five roots amazontrust.com says to put into custom trust stores: what a fix adds
/// to a store that holds none of them.
const std::vector<std::string> kRecommended = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                               "Amazon_Root_CA_4.pem",
                                               "Starfield_Services_Root_Certificate_Authority_-_G2.pem"};
const std::string kIsrg = "ISRG_Root_X1.pem";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string hex_only(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isxdigit(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::set<std::string> openssl_fingerprints(const std::vector<std::string>& files) {
  std::set<std::string> out;
  for (const auto& f : files) out.insert(testing::openssl_fingerprint(real_cert(f)));
  return out;
}

/// What one `keytool -list` says of a keystore: its type line and each entry.
struct Listing {
  std::string type;                                    ///< "JKS", "PKCS12"
  std::map<std::string, std::string> trusted;          ///< alias -> SHA-256 of trustedCertEntry rows
  std::size_t entries = 0;                             ///< every entry row, of any kind
};

Listing keytool_list(const std::string& keystore, const std::string& password) {
  const auto r = run(testing::keytool("-list", "-keystore " + quote(keystore) + " -storepass " + quote(password)));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  Listing l;
  std::istringstream in(r.out);
  std::string alias;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("Keystore type: ")) l.type = line.substr(15);
    if (contains(line, "Entry,") || contains(line, "Entry, ")) {
      ++l.entries;
      alias = contains(line, ", trustedCertEntry,") ? line.substr(0, line.find(',')) : "";
    } else if (line.starts_with("Certificate fingerprint (SHA-256): ") && !alias.empty()) {
      l.trusted[alias] = hex_only(line.substr(35));
    }
  }
  return l;
}

std::string sha256sum(const std::string& file) {
  const auto r = run("sha256sum " + quote(file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.substr(0, 64);
}

/// `stat -c '%a %u %g'`: mode, owner, group.
std::string mode_owner(const std::string& file) {
  const auto r = run("stat -c '%a %u %g' " + quote(file));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

std::vector<std::string> names_in(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

/// Runs trustready; `fix` judges at kTestDate, so what "ready" means does not move with
/// the day the suite runs (it runs under faketime at 2028, 2034 and 2037 too).
testing::CommandResult trustready(const std::string& args) {
  const std::string at = args.starts_with("fix ") ? std::string(" --at ") + testing::kTestDate : "";
  return run(quote(testing::binary()) + " " + args + at + " </dev/null");
}

std::size_t lines(const std::string& text) {
  std::size_t n = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) ++n;
  return n;
}

class FixKeystore : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("keytool");
    TRUSTREADY_REQUIRE_TOOL("openssl");
  }
  /// A keystore made by the real keytool holding ISRG Root X1 only (nothing of the migration).
  void make(const std::string& path, const std::string& type, const std::string& password) {
    make_dirs(std::filesystem::path(path).parent_path().string());
    const auto m = testing::make_keystore(path, {testing::import_cert(path, type, password, "isrgrootx1", kIsrg)});
    ASSERT_TRUE(m.failure.empty()) << m.failure;
  }

  /// Applies the fix to a keystore named with --store, checks it with keytool, rolls it back.
  void apply_and_roll_back(const std::string& type, const std::string& password, bool give_password) {
    const std::string ext = type == "PKCS12" ? "p12" : type == "JKS" ? "jks" : "jceks";
    const std::string ks = dir_ / ("app/truststore." + ext);
    ASSERT_NO_FATAL_FAILURE(make(ks, type, password));
    // An owner and mode of the application's, not root's 0644: the fix keeps them.
    ASSERT_EQ(run("chown 1234:2345 " + quote(ks) + " && chmod 0640 " + quote(ks)).exit_code, 0);
    const std::string before_sha = sha256sum(ks);
    const std::string before_meta = mode_owner(ks);
    ASSERT_EQ(before_meta, "640 1234 2345\n");

    const std::string pass_flag = give_password ? " --store-password " + quote(password) : "";
    auto r = trustready("fix --store " + quote(ks) + pass_flag + " --apply --state-dir " + quote(dir_ / "state"));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;

    const auto after = keytool_list(ks, password);
    EXPECT_EQ(after.type, type);  // keytool says the type is what it was
    EXPECT_EQ(after.entries, 6u);
    std::set<std::string> trusted;
    for (const auto& [alias, sha] : after.trusted) trusted.insert(sha);
    auto expected = openssl_fingerprints(kRecommended);
    expected.insert(testing::openssl_fingerprint(real_cert(kIsrg)));
    EXPECT_EQ(trusted, expected) << r.out;
    EXPECT_EQ(after.trusted.at("isrgrootx1"), testing::openssl_fingerprint(real_cert(kIsrg)));
    EXPECT_EQ(mode_owner(ks), before_meta);
    EXPECT_EQ(names_in(dir_ / "app"), std::vector<std::string>{std::filesystem::path(ks).filename().string()});

    r = trustready("rollback --state-dir " + quote(dir_ / "state"));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(sha256sum(ks), before_sha);
    EXPECT_EQ(mode_owner(ks), before_meta);
  }

  TempDir dir_;
};

TEST_F(FixKeystore, JksWithTheDefaultPasswordGetsTheFiveRootsAndRollbackRestoresItByteForByte) {
  apply_and_roll_back("JKS", "changeit", false);
}

TEST_F(FixKeystore, Pkcs12WithTheDefaultPasswordStaysPkcs12AndRollbackRestoresItByteForByte) {
  apply_and_roll_back("PKCS12", "changeit", false);
}

TEST_F(FixKeystore, JksWithItsOwnPasswordIsFixedWithStorePassword) {
  apply_and_roll_back("JKS", "s3cret pass", true);
}

TEST_F(FixKeystore, Pkcs12WithItsOwnPasswordIsFixedWithStorePassword) {
  apply_and_roll_back("PKCS12", "s3cret pass", true);
}

// JCEKS (Java's older keystore with secret keys) holds trusted-cert entries too; keytool
// must be told its type, or it reads the file as PKCS#12 and fails.
TEST_F(FixKeystore, JceksStaysJceksAndGetsTheFiveRoots) {
  apply_and_roll_back("JCEKS", "changeit", false);
}

// keytool refuses a wrong password before it writes anything ("keystore password was
// incorrect" for PKCS#12, "Keystore was tampered with, or password was incorrect" for
// JKS): fix stops with one line naming the keystore, and it is left as it was.
TEST_F(FixKeystore, WrongPasswordStopsWithOneLineAndLeavesTheKeystoreAsItWas) {
  for (const std::string type : {"PKCS12", "JKS"}) {
    SCOPED_TRACE(type);
    const std::string dir = dir_ / type;
    const std::string ks = dir + "/truststore";
    ASSERT_NO_FATAL_FAILURE(make(ks, type, "right-password"));
    const std::string before = sha256sum(ks);
    const std::string state = dir_ / ("state-" + type);
    auto r = trustready("fix --store " + quote(ks) + " --store-password wrong-password --apply --state-dir " +
                        quote(state));
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_TRUE(contains(r.err, ks)) << r.err;
    EXPECT_TRUE(contains(r.err, "password was incorrect")) << r.err;
    EXPECT_EQ(sha256sum(ks), before);
    EXPECT_EQ(names_in(dir), std::vector<std::string>{"truststore"});  // no truststore.trustready-new

    // No password at all is "changeit": wrong too, and said the same way.
    r = trustready("fix --store " + quote(ks) + " --apply --state-dir " + quote(state));
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_TRUE(contains(r.err, "password was incorrect")) << r.err;
    EXPECT_EQ(sha256sum(ks), before);

    // The failed runs left nothing to revert: the right password then just works.
    r = trustready("fix --store " + quote(ks) + " --store-password right-password --apply --state-dir " + quote(state));
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_FALSE(contains(r.err, "did not finish")) << r.err;
    EXPECT_EQ(keytool_list(ks, "right-password").trusted.size(), 6u);
  }
}

// --store-password is the password of the keystores that do not open with "changeit":
// a JDK's cacerts that does is fixed in the same run, with its own.
TEST_F(FixKeystore, JdkCacertsWithTheDefaultPasswordAndAnAppKeystoreWithItsOwnAreFixedInOneRun) {
  const std::string root = dir_.path();
  write_file(root + "/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
  const std::string jdk_ks = "/usr/lib/jvm/java-17/lib/security/cacerts";
  const std::string app_ks = "/opt/app/truststore.p12";
  write_file(root + "/usr/lib/jvm/java-17/bin/java", "#!/bin/sh\nexit 0\n");
  ASSERT_NO_FATAL_FAILURE(make(root + jdk_ks, "JKS", "changeit"));
  ASSERT_NO_FATAL_FAILURE(make(root + app_ks, "PKCS12", "app-secret"));
  const auto r = trustready("fix --root " + quote(root) + " --store " + jdk_ks + " --store " + app_ks +
                            " --store-password app-secret --apply");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto expected = openssl_fingerprints(kRecommended);
  expected.insert(testing::openssl_fingerprint(real_cert(kIsrg)));
  for (const auto& [ks, password] : {std::pair{jdk_ks, "changeit"}, std::pair{app_ks, "app-secret"}}) {
    std::set<std::string> trusted;
    for (const auto& [alias, sha] : keytool_list(root + ks, password).trusted) trusted.insert(sha);
    EXPECT_EQ(trusted, expected) << ks;
  }
}

// A JDK installed from a tarball (/usr/lib/jvm/java-17 with bin/java and its own
// lib/security/cacerts) is fixed in place. Debian's /etc/ssl/certs/java/cacerts is
// ca-certificates-java's, rebuilt by its update-ca-certificates hook: fix never edits it,
// and neither does it through the JDK that Debian's openjdk packages link to it
// (/usr/lib/jvm/java-17-openjdk-amd64/lib/security/cacerts -> /etc/ssl/certs/java/cacerts,
// as this machine's own openjdk-17 package has it). The test root has no hook in
// /etc/ca-certificates/update.d, so that keystore stays byte for byte.
TEST_F(FixKeystore, JdkCacertsUnderRootIsFixedInPlaceButDebiansJavaCacertsIsLeftToItsHook) {
  TRUSTREADY_REQUIRE_TOOL("update-ca-certificates");
  TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  const std::string root = dir_.path();
  auto r = testing::make_debian_root(root, {kIsrg});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string debian_ks = "/etc/ssl/certs/java/cacerts";
  const std::string jdk = "/usr/lib/jvm/java-17";
  const std::string jdk_ks = jdk + "/lib/security/cacerts";
  const std::string linked_jdk = "/usr/lib/jvm/java-17-openjdk-amd64";
  ASSERT_NO_FATAL_FAILURE(make(root + debian_ks, "JKS", "changeit"));
  ASSERT_NO_FATAL_FAILURE(make(root + jdk_ks, "JKS", "changeit"));
  for (const auto& home : {jdk, linked_jdk}) {
    write_file(root + home + "/bin/java", "#!/bin/sh\nexit 0\n");
    write_file(root + home + "/release", "JAVA_VERSION=\"17.0.9\"\n");
  }
  make_dirs(root + linked_jdk + "/lib/security");
  std::filesystem::create_symlink(debian_ks, root + linked_jdk + "/lib/security/cacerts");
  const std::string debian_before = sha256sum(root + debian_ks);

  r = trustready("fix --root " + quote(root) + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const json plan = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(plan.is_discarded()) << r.out << r.err;
  bool jdk_planned = false, debian_planned = false;
  for (const auto& sp : plan.at("stores")) {
    for (const auto& step : sp.at("steps")) {
      const std::string path = step.at("path");
      EXPECT_NE(path, debian_ks) << sp.dump(2);
      EXPECT_NE(path, linked_jdk + "/lib/security/cacerts") << sp.dump(2);
      if (step.at("kind") == "import-keystore") {
        EXPECT_EQ(path, jdk_ks) << sp.dump(2);
        jdk_planned = true;
      }
    }
    for (const auto& p : sp.at("paths"))
      if (p == debian_ks) {
        // Its fix is the Debian one: the anchor folder and update-ca-certificates.
        EXPECT_EQ(sp.at("writer"), "debian") << sp.dump(2);
        debian_planned = true;
      }
  }
  EXPECT_TRUE(jdk_planned) << r.out;
  EXPECT_TRUE(debian_planned) << r.out;

  r = trustready("fix --root " + quote(root) + " --apply");
  // Debian's keystore is still broken (no hook rebuilt it), so fix says so and exits 1.
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, debian_ks)) << r.err;
  EXPECT_EQ(sha256sum(root + debian_ks), debian_before);
  const auto fixed = keytool_list(root + jdk_ks, "changeit");
  EXPECT_EQ(fixed.type, "JKS");
  std::set<std::string> trusted;
  for (const auto& [alias, sha] : fixed.trusted) trusted.insert(sha);
  auto expected = openssl_fingerprints(kRecommended);
  expected.insert(testing::openssl_fingerprint(real_cert(kIsrg)));
  EXPECT_EQ(trusted, expected);
  // The system bundle got the five roots through the anchor folder and the real tool.
  const auto bundle = testing::bundle_fingerprints(root + "/etc/ssl/certs/ca-certificates.crt");
  std::multiset<std::string> want(expected.begin(), expected.end());
  EXPECT_EQ(bundle, want);
}

}  // namespace
}  // namespace trustready
