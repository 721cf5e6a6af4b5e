// A store as each library that reads it really loads it, judged by `check`: the system
// bundle is read by OpenSSL's clients, curl and GnuTLS's, each of which loads a file its
// own way. Expected values come from openssl verify, certtool and python3 on the same file.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::read_file;
using testing::real_cert;
using testing::run;
using testing::TempDir;
using testing::write_file;

const std::vector<std::string> kAllAts = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                          "Amazon_Root_CA_4.pem", "Starfield_Class_2_CA.pem",
                                          "Starfield_Services_Root_Certificate_Authority_-_G2.pem"};
constexpr const char* kBundle = "/etc/ssl/certs/ca-certificates.crt";

std::string pem_of(const std::vector<std::string>& files) {
  std::string out;
  for (const auto& f : files) out += read_file(real_cert(f));
  return out;
}

/// A root tree whose only store is the system bundle (every PEM library reads it).
class LibraryLoads : public ::testing::Test {
 protected:
  void bundle(const std::string& pem) { write_file(dir_.path() + kBundle, pem); }
  std::string bundle_path() const { return dir_.path() + kBundle; }
  testing::CommandResult check(const std::string& extra = "") const {
    return run(quote(testing::binary()) + " check --no-color --root " + quote(dir_.path()) + " --at " +
               testing::kTestDate + " " + extra);
  }
  json bundle_json(const std::string& extra = "") const {
    const auto j = json::parse(check("--format json " + extra).out, nullptr, false);
    if (j.is_discarded()) return json();
    for (const auto& s : j.at("stores"))
      if (s.at("path") == kBundle) return s;
    return json();
  }
  /// `openssl verify -purpose sslserver` of a root against the bundle: the purpose and
  /// trust libssl sets for a client (s_client, curl, Python).
  testing::CommandResult openssl_verify(const std::string& target) const {
    return run("openssl verify -attime " + std::string(testing::kTestEpoch) + " -purpose sslserver -CAfile " +
               quote(bundle_path()) + " " + quote(real_cert(target)));
  }
  testing::CommandResult certtool_verify(const std::string& chain_file) const {
    return run(testing::at_test_date("certtool --verify --load-ca-certificate " + quote(bundle_path()) +
                                     " --infile " + quote(chain_file)));
  }
  std::string served_rsa_chain() const {  // what the ATS endpoints send above the leaf
    const std::string file = dir_ / "served.pem";
    write_file(file, pem_of({"amazon1_x_sfsg2.pem", "sfsg2_x_sfclass2.pem"}));
    return file;
  }
  std::string with_trust(const std::string& root, const std::string& settings) const {
    const std::string out = dir_ / "trusted.pem";
    EXPECT_EQ(run("openssl x509 -in " + quote(real_cert(root)) + " " + settings + " -out " + quote(out)).exit_code, 0);
    return read_file(out);
  }
  TempDir dir_;
};

TEST_F(LibraryLoads, ASystemBundleWithOneDamagedBlockIsBrokenBecauseOpensslCerttoolAndPythonLoadNothing) {
  TRUSTREADY_REQUIRE_TOOL("certtool");
  TRUSTREADY_REQUIRE_TOOL("python3");
  const std::string damaged = "-----BEGIN CERTIFICATE-----\nMIIB!!!garbage\n-----END CERTIFICATE-----\n";
  bundle(pem_of({kAllAts[0], kAllAts[1], kAllAts[2]}) + damaged + pem_of({kAllAts[3], kAllAts[4], kAllAts[5]}));
  // The real readers: nothing loads.
  const auto o = openssl_verify("Amazon_Root_CA_1.pem");
  EXPECT_NE((o.out + o.err).find("Error loading file"), std::string::npos) << o.out << o.err;
  const auto g = certtool_verify(real_cert("Amazon_Root_CA_1.pem"));
  EXPECT_NE((g.out + g.err).find("gnutls_x509_trust_add_trust_file"), std::string::npos) << g.out << g.err;
  EXPECT_NE(run("python3 -c 'import ssl,sys; ssl.create_default_context(cafile=sys.argv[1])' " + quote(bundle_path())).exit_code, 0);

  const auto r = check();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("broken     " + std::string(kBundle)), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("openssl, curl load nothing: OpenSSL cannot load"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("gnutls load nothing: GnuTLS cannot load"), std::string::npos) << r.out;
  const auto s = bundle_json();
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(s.at("verdict"), "broken");
  for (const auto& l : s.at("libraries")) EXPECT_FALSE(l.at("loads").get<bool>()) << l.dump();
  EXPECT_EQ(s.at("libraries").size(), 3u);
  // Adding roots would not help; repairing the file does.
  EXPECT_NE(s.at("fix").get<std::string>().find("repair or remove"), std::string::npos) << s.at("fix");
  EXPECT_EQ(s.at("fix").get<std::string>().find("--export-anchors"), std::string::npos) << s.at("fix");

  // The same roots without the damaged block: every reader loads them, and check is ready.
  bundle(pem_of(kAllAts));
  EXPECT_EQ(openssl_verify("Amazon_Root_CA_1.pem").exit_code, 0);
  EXPECT_EQ(check().exit_code, 0);
}

TEST_F(LibraryLoads, ARootWhoseTrustSettingsRejectServerAuthIsNoAnchorForOpensslNorGnutls) {
  TRUSTREADY_REQUIRE_TOOL("certtool");
  TRUSTREADY_REQUIRE_TOOL("faketime");
  bundle(with_trust("Amazon_Root_CA_1.pem", "-addreject serverAuth") +
         pem_of({"Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem", "Amazon_Root_CA_4.pem"}));
  const auto o = openssl_verify("Amazon_Root_CA_1.pem");
  EXPECT_NE((o.out + o.err).find("certificate rejected"), std::string::npos) << o.out << o.err;
  EXPECT_NE(certtool_verify(served_rsa_chain()).exit_code, 0);  // GnuTLS skips the TRUSTED block
  const auto s = bundle_json();
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(s.at("verdict"), "broken");
  bool refused = false;
  for (const auto& l : s.at("libraries"))
    for (const auto& r : l.at("refused"))
      refused = refused || (l.at("library") == "openssl" && r.get<std::string>().starts_with("Amazon Root CA 1: trust settings reject"));
  EXPECT_TRUE(refused) << s.at("libraries").dump(2);
  bool finding = false;
  for (const auto& f : s.at("findings")) finding = finding || f.at("code") == "trust-settings";
  EXPECT_TRUE(finding) << s.at("findings").dump(2);

  // The same root marked -addtrust serverAuth: openssl takes it, and so does check's openssl.
  bundle(with_trust("Amazon_Root_CA_1.pem", "-addtrust serverAuth") +
         pem_of({"Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem", "Amazon_Root_CA_4.pem"}));
  EXPECT_EQ(openssl_verify("Amazon_Root_CA_1.pem").exit_code, 0);
  const auto t = bundle_json();
  ASSERT_TRUE(t.is_object());
  for (const auto& chain : t.at("chains")) {
    if (chain.at("id") != "rsa-root-ca-1") continue;
    for (const auto& c : chain.at("clients")) {
      if (c.at("client") == "openssl") {
        EXPECT_TRUE(c.at("accepts").get<bool>()) << c.dump();
      }
    }
  }
}

TEST_F(LibraryLoads, ABundleOfTrustedCertificateBlocksIsEmptyForGnutlsSoItsClientsAreAtRisk) {
  TRUSTREADY_REQUIRE_TOOL("certtool");
  std::string pem;
  for (const auto& f : kAllAts) pem += with_trust(f, "-trustout");
  bundle(pem);
  EXPECT_EQ(openssl_verify("Amazon_Root_CA_1.pem").exit_code, 0);
  const auto g = certtool_verify(real_cert("Amazon_Root_CA_1.pem"));
  EXPECT_NE((g.out + g.err).find("No certificate was found"), std::string::npos) << g.out << g.err;
  const auto r = check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const auto s = bundle_json();
  ASSERT_TRUE(s.is_object());
  EXPECT_EQ(s.at("verdict"), "at-risk");
  EXPECT_EQ(s.at("breaks"), json::array({"gnutls"}));
}

// `paths --store` asks each library with what it holds of the file too: openssl verify
// -CAfile loads nothing from a bundle with a damaged block, so the openssl engine rejects.
TEST_F(LibraryLoads, PathsWithADamagedBundleHasEveryLibraryRejectAsOpensslVerifyLoadsNothing) {
  const std::string damaged = "-----BEGIN CERTIFICATE-----\nMIIB!!!garbage\n-----END CERTIFICATE-----\n";
  bundle(pem_of(kAllAts) + damaged);
  const auto o = openssl_verify("Amazon_Root_CA_1.pem");
  EXPECT_NE((o.out + o.err).find("Error loading file"), std::string::npos) << o.out << o.err;
  const auto r = run(quote(testing::binary()) + " paths --format json --at " + testing::kTestDate + " --store " +
                     quote(bundle_path()) + " " + quote(served_rsa_chain()));
  const auto j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  std::map<std::string, bool> accepts;
  for (const auto& c : j.at("clients")) accepts[c.at("client")] = c.at("accepts").get<bool>();
  EXPECT_FALSE(accepts.at("openssl"));
  EXPECT_FALSE(accepts.at("curl"));
  EXPECT_FALSE(accepts.at("gnutls"));
  EXPECT_TRUE(accepts.at("ideal"));  // our reader reads the other blocks, and says the bundle is damaged
}

/// `openssl x509 -enddate` of a data/certs file, as YYYY-MM-DD (by date(1)).
std::string end_date(const std::string& file) {
  const auto r = run("date -u -d \"$(openssl x509 -in " + quote(real_cert(file)) +
                     " -noout -enddate | cut -d= -f2)\" +%F");
  return r.out.substr(0, r.out.find('\n'));
}

TEST_F(LibraryLoads, AnExpiredRootTheStoreHoldsIsSaidToBeHeldAndExpiredNeverLacking) {
  bundle(pem_of({"Starfield_Class_2_CA.pem", "Amazon_Root_CA_1.pem"}));
  const std::string class2 = end_date("Starfield_Class_2_CA.pem"), root1 = end_date("Amazon_Root_CA_1.pem");
  ASSERT_EQ(class2.size(), 10u);
  const auto r = run(quote(testing::binary()) + " check --no-color --root " + quote(dir_.path()) + " --at 2039-01-01");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("Starfield Class 2 CA (expired on " + class2 + ")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Amazon Root CA 1 (expired on " + root1 + ")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("it holds Starfield Class 2 CA, but it expired on " + class2), std::string::npos) << r.out;
  for (std::size_t at = r.out.find("lacks"); at != std::string::npos; at = r.out.find("lacks", at + 1)) {
    const std::string clause = r.out.substr(at, r.out.find_first_of(";\n(", at) - at);
    EXPECT_EQ(clause.find("Starfield Class 2 CA"), std::string::npos) << clause;
    EXPECT_EQ(clause.find("Amazon Root CA 1"), std::string::npos) << clause;
  }
}

TEST_F(LibraryLoads, NoFixIsPrintedWhenEveryAnchorTheStoreLacksHasExpiredByThen) {
  bundle(pem_of({"ISRG_Root_X1.pem"}));
  // date -d 2041-01-01 +%s: every ATS root has expired then, as openssl verify -attime says.
  const std::string at_2041 = "2240611200";
  for (const auto& f : kAllAts) {
    const auto v = run("openssl verify -attime " + at_2041 + " -CAfile " + quote(real_cert(f)) + " " + quote(real_cert(f)));
    EXPECT_NE((v.out + v.err).find("certificate has expired"), std::string::npos) << f << v.out << v.err;
  }
  const auto later = json::parse(
      run(quote(testing::binary()) + " check --format json --root " + quote(dir_.path()) + " --at 2041-01-01").out,
      nullptr, false);
  ASSERT_FALSE(later.is_discarded());
  const auto& s = later.at("stores").at(0);
  EXPECT_EQ(s.at("verdict"), "broken");
  EXPECT_EQ(s.at("fix"), "");
  EXPECT_NE(s.at("notes").dump().find("no fix: every anchor the store lacks is itself expired"), std::string::npos)
      << s.dump(2);
  const auto today = bundle_json();  // at the tests' date the same store has a fix
  ASSERT_TRUE(today.is_object());
  EXPECT_NE(today.at("fix").get<std::string>().find("--export-anchors"), std::string::npos);
}

}  // namespace
}  // namespace trustready
