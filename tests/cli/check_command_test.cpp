// `trustready check` as a user runs it: the binary, root trees built with the real
// update-ca-certificates, exit codes, text and JSON.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::run;
using testing::TempDir;

const std::vector<std::string> kAllAts = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                          "Amazon_Root_CA_4.pem",
                                          "Starfield_Services_Root_Certificate_Authority_-_G2.pem",
                                          "Starfield_Class_2_CA.pem"};

testing::CommandResult check(const std::string& args) {
  return run(quote(testing::binary()) + " check --no-color --at " + testing::kTestDate + " " + args);
}

class DebianRoot : public ::testing::Test {
 protected:
  void build(const std::vector<std::string>& certs, const std::vector<std::string>& local = {}) {
    auto r = testing::make_debian_root(dir_.path(), certs, local);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("update-ca-certificates");
    TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
  }
  std::string root() const { return dir_.path(); }
  TempDir dir_;
};

TEST_F(DebianRoot, AllSixAnchorsIsReadyAndExitsZero) {
  build(kAllAts);
  const auto r = check("--root " + quote(root()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ready    every trust store verifies the aws-ats chains"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/etc/ssl/certs/ca-certificates.crt"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(DebianRoot, NoAtsAnchorIsBrokenExitsOneAndPrintsTheDebianFix) {
  build({"ISRG_Root_X1.pem", "ISRG_Root_X2.pem"});
  const auto r = check("--root " + quote(root()));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("broken"), std::string::npos) << r.out;
  // The AWS article's Debian/Ubuntu steps: .crt files into /usr/local/share/ca-certificates,
  // then update-ca-certificates.
  EXPECT_NE(r.out.find("--export-anchors " + root() + "/usr/local/share/ca-certificates"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("update-ca-certificates"), std::string::npos) << r.out;
}

TEST_F(DebianRoot, OnlyStarfieldServicesG2IsReadyThroughTheCrossSign) {
  build({"Starfield_Services_Root_Certificate_Authority_-_G2.pem", "ISRG_Root_X1.pem"});
  const auto r = check("--root " + quote(root()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("through the cross-sign to Starfield Services Root CA G2"), std::string::npos) << r.out;
}

// A PEM bundle holding Amazon Root CA 1's cross-certificate, not the root: no anchor for
// OpenSSL's default verification or GnuTLS, an anchor for curl's partial chains. check
// calls the store broken and says curl would still connect; the real openssl verify
// and certtool answer the same questions the same way.
TEST_F(DebianRoot, CrossCertificateInTheBundleIsBrokenButCurlAccepts) {
  build({"amazon1_x_sfsg2.pem", "ISRG_Root_X1.pem"});
  const auto r = check("--root " + quote(root()));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("curl accepts RSA chain to Amazon Root CA 1"), std::string::npos) << r.out;
  const auto j = json::parse(check("--root " + quote(root()) + " --format json").out, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  std::map<std::string, bool> accepts;
  for (const auto& store : j.at("stores"))
    if (store.at("path") == "/etc/ssl/certs/ca-certificates.crt")
      for (const auto& chain : store.at("chains"))
        if (chain.at("id") == "rsa-root-ca-1")
          for (const auto& c : chain.at("clients")) accepts[c.at("client")] = c.at("accepts").get<bool>();
  const std::string bundle = root() + "/etc/ssl/certs/ca-certificates.crt";
  const std::string cross = testing::real_cert("amazon1_x_sfsg2.pem");
  auto openssl_verify = [&](const char* flags) {
    // -no-CApath -no-CAstore: this machine's own roots must not take part.
    return run("openssl verify -no-CApath -no-CAstore -attime " + std::string(testing::kTestEpoch) + " " +
               std::string(flags) + " -CAfile " + quote(bundle) + " -untrusted " +
               quote(testing::real_cert("sfsg2_x_sfclass2.pem")) + " " + quote(cross))
               .exit_code == 0;
  };
  ASSERT_EQ(accepts.size(), 3u) << j.dump(2);
  EXPECT_FALSE(accepts.at("openssl"));
  EXPECT_EQ(accepts.at("openssl"), openssl_verify(""));
  EXPECT_TRUE(accepts.at("curl"));
  EXPECT_EQ(accepts.at("curl"), openssl_verify("-partial_chain"));
  TRUSTREADY_REQUIRE_TOOL("certtool");
  TRUSTREADY_REQUIRE_TOOL("faketime");  // certtool has no time option
  const std::string served = dir_ / "served.pem";
  testing::write_bundle(served, {"amazon1_x_sfsg2.pem", "sfsg2_x_sfclass2.pem"});
  EXPECT_EQ(accepts.at("gnutls"),
            run(testing::at_test_date("certtool --verify --load-ca-certificate " + quote(bundle) + " --infile " + quote(served))).exit_code == 0);
}

TEST_F(DebianRoot, OnlyTheEcdsaRootsNamesTheBrokenRsaChainAndTheWorkingEcdsaOnes) {
  build({"Amazon_Root_CA_3.pem", "Amazon_Root_CA_4.pem"});
  const auto r = check("--root " + quote(root()));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("FAIL RSA chain to Amazon Root CA 1: no path: the store lacks Amazon Root CA 1"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ok   ECDSA P-256 chain to Amazon Root CA 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok   ECDSA P-384 chain to Amazon Root CA 4"), std::string::npos) << r.out;
}

TEST_F(DebianRoot, ApplyingThePrintedFixFilesMakesTheStoreReady) {
  build({"ISRG_Root_X1.pem"});
  ASSERT_EQ(check("--root " + quote(root())).exit_code, 1);
  // The fix's first half, as printed; the second half (update-ca-certificates) runs
  // the way make_debian_root runs it, in a private mount namespace.
  const auto exported = run(quote(testing::binary()) + " migrations aws-ats --export-anchors " +
                            quote(root() + "/usr/local/share/ca-certificates"));
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  build({"ISRG_Root_X1.pem"}, {});
  const auto r = check("--root " + quote(root()));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("5 certificate(s)"), std::string::npos) << r.out;  // the anchor folder
}

TEST_F(DebianRoot, JsonFollowsTheContract) {
  build({"Amazon_Root_CA_3.pem", "Amazon_Root_CA_4.pem"});
  const auto r = check("--root " + quote(root()) + " --format json");
  EXPECT_EQ(r.exit_code, 1);
  const json j = json::parse(r.out);  // stdout holds only the JSON
  EXPECT_EQ(j.at("migration"), "aws-ats");
  EXPECT_EQ(j.at("root"), root());
  EXPECT_EQ(j.at("verdict"), "broken");
  ASSERT_TRUE(j.at("sdks").is_array());
  ASSERT_TRUE(j.at("pins").is_array());
  ASSERT_EQ(j.at("stores").size(), 2u);
  for (const auto& s : j.at("stores")) {
    for (const char* field : {"id", "kind", "path", "consumers", "certificates", "verdict", "anchors_present",
                              "missing", "reason", "fix"})
      EXPECT_TRUE(s.contains(field)) << field;
    EXPECT_EQ(s.at("verdict"), "broken");
    EXPECT_EQ(s.at("certificates"), 2);
    EXPECT_EQ(s.at("anchors_present"), json({"Amazon Root CA 3", "Amazon Root CA 4"}));
    EXPECT_NE(s.at("fix").get<std::string>().find("update-ca-certificates"), std::string::npos);
  }
  EXPECT_EQ(j.at("stores")[0].at("kind"), "bundle");
  EXPECT_EQ(j.at("stores")[1].at("kind"), "hashed-dir");
}

// A home the user running check cannot list hides whatever stores are in it: the
// verdict says how many places were not searched, and the JSON names them. Run as the
// unprivileged user nobody (root lists anything).
TEST_F(DebianRoot, UnreadableHomeIsNamedAsNotSearchedAndTheVerdictSaysSo) {
  if (::geteuid() != 0) TRUSTREADY_SKIP_NOT_POSSIBLE_HERE("needs root to run check as another user");
  TRUSTREADY_REQUIRE_TOOL("runuser");
  build(kAllAts);
  testing::write_file(root() + "/home/u/.aws/config", "[default]\nca_bundle = /home/u/old.pem\n");
  ASSERT_EQ(run("chmod 755 " + quote(root()) + " && chmod 700 " + quote(root() + "/home/u")).exit_code, 0);
  // A copy of the binary nobody can reach, wherever the build is (a checkout may be private).
  TempDir bin;
  ASSERT_EQ(run("chmod 755 " + quote(bin.path()) + " && cp " + quote(testing::binary()) + " " + quote(bin / "trustready"))
                .exit_code,
            0);
  const std::string as_nobody = "runuser -u nobody -- " + quote(bin / "trustready") + " check --no-color --at " +
                                testing::kTestDate + " ";
  if (run("runuser -u nobody -- " + quote(bin / "trustready") + " --version").exit_code != 0)
    TRUSTREADY_SKIP_OUTSIDE_CI("nobody cannot run " << bin / "trustready");

  auto r = run(as_nobody + "--root " + quote(root()) + " --format json");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  ASSERT_EQ(j.at("search_problems").size(), 1u) << j.dump(2);
  const std::string problem = j.at("search_problems")[0];
  EXPECT_NE(problem.find("/home/u"), std::string::npos) << problem;
  EXPECT_NE(problem.find("Permission denied"), std::string::npos) << problem;
  r = run(as_nobody + "--root " + quote(root()));
  EXPECT_NE(r.out.find("(1 place not searched: see above)"), std::string::npos) << r.out;

  // As root the home is searched: its AWS config's missing bundle is found, nothing is unsearched.
  r = check("--root " + quote(root()) + " --format json");
  j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  EXPECT_TRUE(j.at("search_problems").empty()) << j.dump(2);
  EXPECT_NE(r.out.find("/home/u/old.pem"), std::string::npos) << r.out;
}

// /etc/ssl/certs of mode 700, check run as nobody: the bundle and the hashed folder are
// there but unreadable, and that is what check says (an error naming each and "Permission
// denied", as `cat` and `openssl verify -CApath` say as nobody), never that no store
// exists and a package should be installed.
TEST_F(DebianRoot, FolderNobodyCanReadIsAnErrorStoreNotAMissingOne) {
  if (::geteuid() != 0) TRUSTREADY_SKIP_NOT_POSSIBLE_HERE("needs root to run check as another user");
  TRUSTREADY_REQUIRE_TOOL("runuser");
  build(kAllAts);
  ASSERT_EQ(run("chmod 755 " + quote(root()) + " && chmod 700 " + quote(root() + "/etc/ssl/certs")).exit_code, 0);
  TempDir bin;
  ASSERT_EQ(run("chmod 755 " + quote(bin.path()) + " && cp " + quote(testing::binary()) + " " + quote(bin / "trustready"))
                .exit_code,
            0);
  if (run("runuser -u nobody -- " + quote(bin / "trustready") + " --version").exit_code != 0)
    TRUSTREADY_SKIP_OUTSIDE_CI("nobody cannot run " << bin / "trustready");
  // What the real tools say as nobody.
  const auto cat = run("runuser -u nobody -- cat " + quote(root() + "/etc/ssl/certs/ca-certificates.crt"));
  ASSERT_NE(cat.exit_code, 0);
  ASSERT_NE(cat.err.find("Permission denied"), std::string::npos) << cat.err;
  const auto ls = run("runuser -u nobody -- ls " + quote(root() + "/etc/ssl/certs"));
  ASSERT_NE(ls.err.find("Permission denied"), std::string::npos) << ls.err;

  const std::string as_nobody = "runuser -u nobody -- " + quote(bin / "trustready") + " check --no-color --at " +
                                testing::kTestDate + " --root " + quote(root());
  auto r = run(as_nobody + " --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  std::map<std::string, std::string> errors;  // path -> error
  for (const auto& s : j.at("stores"))
    if (s.at("error").is_string()) errors[s.at("path")] = s.at("error");
  for (const std::string path : {"/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs"}) {
    ASSERT_TRUE(errors.count(path)) << path << " is not an error store:\n" << j.dump(2);
    EXPECT_NE(errors[path].find(path), std::string::npos) << errors[path];
    EXPECT_NE(errors[path].find("Permission denied"), std::string::npos) << errors[path];
  }
  EXPECT_FALSE(j.contains("note")) << j.dump(2);
  r = run(as_nobody);
  EXPECT_EQ(r.out.find("install the ca-certificates package"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("no system trust store"), std::string::npos) << r.out;
}

TEST(CheckCommand, ThisHostsSystemStoresAreReady) {
  if (testing::run("test -s /etc/ssl/certs/ca-certificates.crt").exit_code != 0)
    TRUSTREADY_SKIP_OUTSIDE_CI("no system bundle (ca-certificates)");
  // Read only: the host's stores are judged, never changed.
  // At the tests' date: Amazon Root CA 1 expires in 2038, so from 2037 the host is rightly at-risk.
  const auto r = run(quote(testing::binary()) + " check --no-color --at " + testing::kTestDate);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ready      /etc/ssl/certs/ca-certificates.crt"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ready      /etc/ssl/certs "), std::string::npos) << r.out;
}

TEST(CheckCommand, MissingRootIsAOneLineErrorWithExitTwo) {
  const auto r = check("--root /nonexistent/trustready-root");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(r.err, "trustready: --root /nonexistent/trustready-root: No such file or directory\n");
}

TEST(CheckCommand, BadUsageExitsTwoWithOneLine) {
  for (const std::string args : {"--at yesterday", "--migration no-such-ca", "--format xml", "--bogus-flag"}) {
    const auto r = check(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << args;
  }
}

TEST(CheckCommand, GarbageEmptyAndTruncatedStoresAreErrorVerdictsNamingThePath) {
  TempDir dir;
  testing::write_file(dir / "garbage.pem", "this is not a certificate\n");
  testing::write_file(dir / "empty.pem", "");
  const std::string der = run("openssl x509 -in " + quote(testing::real_cert("Amazon_Root_CA_1.pem")) + " -outform DER").out;
  testing::write_file(dir / "truncated.der", der.substr(0, der.size() / 2));
  const auto r = check("--root " + quote(dir.path()) + " --store /garbage.pem --store /empty.pem --store /truncated.der");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("/garbage.pem: no certificate found"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/empty.pem: empty file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/truncated.der: not a DER certificate or PKCS#7 bundle: certificate: truncated DER"),
            std::string::npos)
      << r.out;
}

TEST(CheckCommand, SymlinkLoopInAHashedDirIsReportedAndTheRestIsJudged) {
  TempDir dir;
  testing::make_dirs(dir / "etc/ssl/certs");
  testing::write_file(dir / "etc/ssl/certs/sfsg2.pem",
                      testing::read_file(testing::real_cert("Starfield_Services_Root_Certificate_Authority_-_G2.pem")));
  ASSERT_EQ(run("openssl rehash " + quote(dir / "etc/ssl/certs")).exit_code, 0);
  ASSERT_EQ(run("cd " + quote(dir / "etc/ssl/certs") + " && ln -s loop-b deadbeef.0 && ln -s deadbeef.0 loop-b").exit_code, 0);
  const auto r = check("--root " + quote(dir.path()));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("deadbeef.0: symbolic link loop"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ready      /etc/ssl/certs"), std::string::npos) << r.out;
}

TEST(CheckCommand, AnEmptyRootHasNoTrustStoreAndIsBroken) {
  TempDir dir;
  const auto r = check("--root " + quote(dir.path()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("no system trust store found"), std::string::npos) << r.out;
}

TEST(CheckCommand, SslCertFileOverrideIsJudgedAsItsOwnStore) {
  TempDir dir;
  testing::write_bundle(dir / "custom.pem", {"ISRG_Root_X1.pem"});
  const auto r = run("SSL_CERT_FILE=" + quote(dir / "custom.pem") + " " + quote(testing::binary()) +
                     " check --no-color --format json");
  const json j = json::parse(r.out);
  ASSERT_FALSE(j.at("stores").empty());
  EXPECT_EQ(j.at("stores")[0].at("id"), "ssl-cert-file");
  EXPECT_EQ(j.at("stores")[0].at("verdict"), "broken");
  EXPECT_NE(j.at("stores")[0].at("fix").get<std::string>().find("tee -a " + dir.path() + "/custom.pem"),
            std::string::npos);
  EXPECT_EQ(r.exit_code, 1);
}

TEST(CheckCommand, QuietPrintsOnlyTheVerdictLine) {
  TempDir dir;
  testing::write_bundle(dir / "etc/ssl/cert.pem", kAllAts);
  const auto r = check("--root " + quote(dir.path()) + " -q");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "ready    every trust store verifies the aws-ats chains\n");
}

TEST(CheckCommand, LetsEncryptMigrationIsJudgedFromTheSameCode) {
  TempDir dir;
  testing::write_bundle(dir / "etc/ssl/cert.pem", {"DST_Root_CA_X3.pem"});
  auto r = check("--root " + quote(dir.path()) + " --migration letsencrypt-isrg");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("broken"), std::string::npos) << r.out;
  r = run(quote(testing::binary()) + " check --no-color --migration letsencrypt-isrg --at 2021-06-01 --root " +
          quote(dir.path()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("at-risk"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace trustready

namespace trustready {
namespace {

TEST(CheckCommand, UserSpaceResolutionForOldKernelsGivesTheSameJudgementAsOpenat2) {
  // A root tree with an absolute in-root symlink, a `..` that tries to climb out, and a
  // loop: the kernel's RESOLVE_IN_ROOT and the user-space fallback must agree.
  testing::TempDir dir;
  testing::write_bundle(dir / "usr/share/ca/bundle.pem", {"Starfield_Class_2_CA.pem", "ISRG_Root_X1.pem"});
  testing::make_dirs(dir / "etc/ssl/certs");
  testing::make_dirs(dir / "etc/pki/tls/certs");
  ASSERT_EQ(testing::run("ln -s /usr/share/ca/bundle.pem " + testing::quote(dir / "etc/ssl/certs/ca-certificates.crt") +
                         " && ln -s ../../../../../../../usr/share/ca/bundle.pem " +
                         testing::quote(dir / "etc/pki/tls/certs/ca-bundle.crt") + " && ln -s /a " +
                         testing::quote(dir / "etc/ssl/cert.pem"))
                .exit_code,
            0);
  ASSERT_EQ(testing::run("ln -s /etc/ssl/cert.pem " + testing::quote(dir / "a")).exit_code, 0);
  const std::string args = " check --no-color --format json --at 2026-12-01 --root " + testing::quote(dir.path());
  const auto kernel = testing::run(testing::quote(testing::binary()) + args);
  const auto user = testing::run("TRUSTREADY_NO_OPENAT2=1 " + testing::quote(testing::binary()) + args);
  EXPECT_EQ(kernel.exit_code, 1) << kernel.out << kernel.err;  // the looping /etc/ssl/cert.pem
  EXPECT_EQ(kernel.out, user.out);
  const auto j = nlohmann::json::parse(kernel.out);
  ASSERT_EQ(j.at("stores").size(), 2u) << kernel.out;  // two links reach one file inside the root
  EXPECT_EQ(j.at("stores")[0].at("resolved_path"), "/usr/share/ca/bundle.pem");
  EXPECT_EQ(j.at("stores")[0].at("certificates"), 2);
  EXPECT_EQ(j.at("stores")[0].at("verdict"), "ready");
  EXPECT_EQ(j.at("stores")[1].at("path"), "/etc/ssl/cert.pem");
  EXPECT_EQ(j.at("stores")[1].at("verdict"), "error");
  EXPECT_NE(j.at("stores")[1].at("reason").get<std::string>().find("symbolic link loop"), std::string::npos)
      << j.at("stores")[1];
}

}  // namespace
}  // namespace trustready

namespace trustready {
namespace {

TEST(CheckCommand, AKnownBundlePathThatIsADirectoryIsReportedNotSkipped) {
  testing::TempDir dir;
  testing::make_dirs(dir / "etc/ssl/cert.pem");  // a directory where Alpine's bundle belongs
  testing::write_bundle(dir / "etc/ssl/certs/ca-certificates.crt", {"Amazon_Root_CA_1.pem"});
  const auto r = testing::run(testing::quote(testing::binary()) + " check --no-color --root " +
                              testing::quote(dir.path()));
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("/etc/ssl/cert.pem: is a directory, expected a file"), std::string::npos) << r.out;
}

// GnuTLS builds no path to a trusted root below the certificates the server sends: with
// Amazon Root CA 1 alone (no Starfield root), OpenSSL is fine and GnuTLS is not, and the
// real certtool agrees on the same chain. GnuTLS reads the system bundle (apt, wget, git
// on Debian), so the store is at-risk, exit 1, naming GnuTLS: a CI job that checks the
// exit status sees that those clients break.
TEST_F(DebianRoot, AmazonRootCa1AloneIsAtRiskBecauseGnutlsClientsRejectTheServedChain) {
  build({"Amazon_Root_CA_1.pem", "ISRG_Root_X1.pem"});
  const auto r = check("--root " + quote(root()));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("at-risk    /etc/ssl/certs/ca-certificates.crt"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gnutls rejects RSA chain to Amazon Root CA 1"), std::string::npos) << r.out;
  const auto j = json::parse(check("--root " + quote(root()) + " --format json").out, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  bool seen = false;
  for (const auto& store : j.at("stores")) {
    if (store.at("path") != "/etc/ssl/certs/ca-certificates.crt") continue;
    for (const auto& chain : store.at("chains")) {
      if (chain.at("id") != "rsa-root-ca-1") continue;
      // OpenSSL's clients stop at Amazon Root CA 1 in the store (trusted first, as
      // tests/cli/real_clients_test.cpp shows with s_client and curl); GnuTLS does not.
      std::map<std::string, bool> accepts;
      for (const auto& c : chain.at("clients")) accepts[c.at("client")] = c.at("accepts").get<bool>();
      EXPECT_EQ(accepts, (std::map<std::string, bool>{{"curl", true}, {"gnutls", false}, {"openssl", true}}));
      EXPECT_EQ(store.at("verdict"), "at-risk");
      EXPECT_EQ(store.at("breaks"), json::array({"gnutls"}));
      seen = true;
    }
  }
  EXPECT_TRUE(seen) << j.dump(2);
  TRUSTREADY_REQUIRE_TOOL("certtool");
  TRUSTREADY_REQUIRE_TOOL("faketime");  // certtool has no time option
  const std::string served = dir_ / "served.pem";
  testing::write_bundle(served, {"amazon1_x_sfsg2.pem", "sfsg2_x_sfclass2.pem"});
  const std::string bundle = root() + "/etc/ssl/certs/ca-certificates.crt";
  EXPECT_NE(run(testing::at_test_date("certtool --verify --load-ca-certificate " + quote(bundle) + " --infile " + quote(served))).exit_code,
            0);
  // With Starfield Class 2 in the store too, GnuTLS accepts, as the JSON above would say.
  const std::string with_class2 = dir_ / "with-class2.pem";
  testing::write_bundle(with_class2, {"Amazon_Root_CA_1.pem", "Starfield_Class_2_CA.pem"});
  EXPECT_EQ(run(testing::at_test_date("certtool --verify --load-ca-certificate " + quote(with_class2) + " --infile " + quote(served))).exit_code,
            0);
}

// --path searches for application stores, which --system-only leaves out: asking for
// both is a usage error, not a silently ignored option.
TEST(CheckUsage, PathWithSystemOnlyIsAUsageError) {
  TempDir dir;
  const auto r = check("--system-only --path " + quote(dir.path()));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--system-only"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace
}  // namespace trustready
