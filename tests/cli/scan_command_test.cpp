// `trustready scan` over a tree made by the test: stores found by content and judged as
// the real openssl verify and keytool say, pins judged against the SPKI hashes openssl
// computes (OkHttp's documented recipe), line numbers as grep -n gives them, SARIF that
// Microsoft's SARIF multitool validates with GitHub's ingestion rules.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"
#include "support/test_pki.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::real_cert;
using testing::run;

/// OkHttp's recipe for a pin: sha256 of the DER SubjectPublicKeyInfo, base64.
std::string openssl_spki_pin(const std::string& pem) {
  const auto r = run("openssl x509 -in " + quote(pem) +
                     " -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out.substr(0, r.out.find('\n'));
}

/// `openssl verify` of a chain issued under Amazon Root CA 1 against STORE alone: the root
/// itself, or the cross-certificate the servers send with Starfield's as untrusted.
bool openssl_verifies_ats(const std::string& store) {
  const std::string base = "openssl verify -no-CApath -no-CAstore -attime " + std::string(testing::kTestEpoch) +
                           " -CAfile " + quote(store) + " ";
  if (run(base + quote(real_cert("Amazon_Root_CA_1.pem"))).exit_code == 0) return true;
  return run(base + "-untrusted " + quote(real_cert("sfsg2_x_sfclass2.pem")) + " " + quote(real_cert("amazon1_x_sfsg2.pem")))
             .exit_code == 0;
}

/// The line grep -n gives for the first line of FILE holding TEXT.
int grep_line(const std::string& file, const std::string& text) {
  const auto r = run("grep -n -F -m1 -e " + quote(text) + " " + quote(file) + " | cut -d: -f1");
  return std::atoi(r.out.c_str());
}

class ScanCommand : public ::testing::Test {
 protected:
  void SetUp() override { TRUSTREADY_REQUIRE_TOOL("openssl"); }
  std::string at(const std::string& relative) const { return dir_ / ("tree/" + relative); }
  void file(const std::string& relative, const std::string& content) {
    testing::make_dirs(std::filesystem::path(at(relative)).parent_path().string());
    testing::write_file(at(relative), content);
  }
  testing::CommandResult scan(const std::string& args) {
    return run("cd " + quote(dir_.path()) + " && " + quote(testing::binary()) + " scan --no-progress --at " +
               testing::kTestDate + " " + args);
  }
  json scan_json(const std::string& args, int expected_exit) {
    const auto r = scan(args + " --format json");
    EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
    try {
      return json::parse(r.out);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what() << "\n" << r.out << r.err;
      return json::object();
    }
  }
  static const json* by_path(const json& list, const std::string& suffix) {
    for (const auto& item : list)
      if (item.value("path", "").ends_with(suffix)) return &item;
    return nullptr;
  }
  testing::TempDir dir_;
};

TEST_F(ScanCommand, BundlesDerAndKeystoresAreFoundByContentAndJudgedAsOpensslAndKeytoolSay) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  testing::TestPki pki(dir_);
  pki.root("Corp Root");
  pki.leaf("server", "Corp Root", "app.example.test");
  // A custom bundle without the Amazon roots, one with Amazon Root CA 1 after other text,
  // a DER certificate under a name that says nothing, a server's own certificate.
  file("config/corp-ca.pem", testing::read_file(pki.path("Corp Root.pem")));
  file("config/ats.pem", "# roots for the S3 client\n\n" + testing::read_file(pki.path("Corp Root.pem")) +
                             testing::read_file(real_cert("Amazon_Root_CA_1.pem")));
  testing::make_dirs(at("data"));
  ASSERT_EQ(run("openssl x509 -in " + quote(real_cert("Starfield_Class_2_CA.pem")) + " -outform DER -out " +
                quote(at("data/blob.bin"))).exit_code, 0);
  file("config/server.crt", testing::read_file(pki.path("server.pem")));
  testing::make_dirs(at("lib"));
  const auto k = run("keytool -importcert -noprompt -storetype PKCS12 -keystore " + quote(at("lib/trust.p12")) +
                     " -storepass changeit -alias amazon1 -file " + quote(real_cert("Amazon_Root_CA_1.pem")) +
                     " && keytool -list -keystore " + quote(at("lib/trust.p12")) + " -storepass changeit");
  ASSERT_EQ(k.exit_code, 0) << k.out << k.err;
  ASSERT_NE(k.out.find("trustedCertEntry"), std::string::npos) << k.out;

  const json report = scan_json("tree", 1);
  const json& stores = report["stores"];
  const json* corp = by_path(stores, "config/corp-ca.pem");
  const json* ats = by_path(stores, "config/ats.pem");
  const json* der = by_path(stores, "data/blob.bin");
  const json* p12 = by_path(stores, "lib/trust.p12");
  const json* leaf = by_path(stores, "config/server.crt");
  ASSERT_TRUE(corp && ats && der && p12 && leaf) << report.dump(2);

  EXPECT_EQ((*corp)["verdict"] == "ready", openssl_verifies_ats(at("config/corp-ca.pem"))) << corp->dump(2);
  EXPECT_EQ((*ats)["verdict"] == "ready", openssl_verifies_ats(at("config/ats.pem"))) << ats->dump(2);
  EXPECT_EQ((*ats)["line"], grep_line(at("config/ats.pem"), "-----BEGIN CERTIFICATE-----"));
  EXPECT_EQ((*der)["format"], "der");
  EXPECT_EQ((*p12)["format"], "pkcs12");
  EXPECT_EQ((*p12)["verdict"], "ready") << p12->dump(2);  // keytool -list: Amazon Root CA 1, trusted
  EXPECT_EQ((*leaf)["trust_store"], false) << leaf->dump(2);
  EXPECT_EQ(report["verdict"], "broken");
  EXPECT_EQ((*corp)["missing"].size(), 5u) << corp->dump(2);
  EXPECT_NE((*corp)["fix"].get<std::string>().find("Amazon Root CA 1"), std::string::npos);
}

TEST_F(ScanCommand, OkHttpPinsAreJudgedAgainstTheKeysOpensslHashesAndThePinsToAddAreInOkHttpsSyntax) {
  testing::TestPki pki(dir_);
  pki.root("Old Root");
  const std::string old_pin = openssl_spki_pin(pki.path("Old Root.pem"));
  const std::string amazon1 = openssl_spki_pin(real_cert("Amazon_Root_CA_1.pem"));
  const std::string class2 = openssl_spki_pin(real_cert("Starfield_Class_2_CA.pem"));
  file("app/src/main/kotlin/Net.kt", "val pinner = CertificatePinner.Builder()\n"
                                     "    .add(\"s3.amazonaws.com\", \"sha256/" + old_pin + "\")\n"
                                     "    .build()\n");
  file("app/src/main/java/Good.java", "CertificatePinner p = new CertificatePinner.Builder()\n"
                                      "    .add(\"s3.amazonaws.com\", \"sha256/" + amazon1 + "\")\n    .build();\n");
  file("app/src/main/java/Legacy.java", "CertificatePinner p = new CertificatePinner.Builder()\n"
                                        "    .add(\"s3.amazonaws.com\", \"sha256/" + class2 + "\")\n    .build();\n");
  const json report = scan_json("tree", 1);
  const json* broken = by_path(report["pins"], "Net.kt");
  const json* good = by_path(report["pins"], "Good.java");
  const json* legacy = by_path(report["pins"], "Legacy.java");
  ASSERT_TRUE(broken && good && legacy) << report.dump(2);
  EXPECT_EQ((*broken)["verdict"], "broken");
  EXPECT_EQ((*broken)["line"], grep_line(at("app/src/main/kotlin/Net.kt"), old_pin));
  bool adds_amazon1 = false;
  for (const auto& a : (*broken)["add"])
    adds_amazon1 = adds_amazon1 || a["line"] == ".add(\"s3.amazonaws.com\", \"sha256/" + amazon1 + "\") // Amazon Root CA 1";
  EXPECT_TRUE(adds_amazon1) << broken->dump(2);
  EXPECT_EQ((*good)["verdict"], "ready") << good->dump(2);
  // Starfield Class 2 is on the path only for clients whose store lacks the newer roots.
  EXPECT_EQ((*legacy)["verdict"], "at-risk") << legacy->dump(2);
}

TEST_F(ScanCommand, SarifPassesMicrosoftsMultitoolWithGithubsIngestionRules) {
  const char* multitool = std::getenv("TRUSTREADY_SARIF_MULTITOOL");
  if (!multitool || !*multitool) TRUSTREADY_SKIP_OUTSIDE_CI("TRUSTREADY_SARIF_MULTITOOL not set (scripts/test installs it)");
  testing::TestPki pki(dir_);
  pki.root("Corp Root");
  file("certs/corp.pem", testing::read_file(pki.path("Corp Root.pem")));
  file("src/Net.kt", "CertificatePinner.Builder().add(\"api.amazonaws.com\", \"sha256/" +
                         openssl_spki_pin(pki.path("Corp Root.pem")) + "\").build()\n");
  const auto r = scan("--format sarif -o out.sarif tree");
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto v = run(quote(multitool) + " validate --rule-kind 'Gh;Sarif' --level Error --log ForceOverwrite --output " +
                     quote(dir_ / "validation.sarif") + " " + quote(dir_ / "out.sarif"));
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  const json validation = json::parse(testing::read_file(dir_ / "validation.sarif"));
  EXPECT_TRUE(validation["runs"][0]["results"].empty()) << validation["runs"][0]["results"].dump(2);
  const json sarif = json::parse(testing::read_file(dir_ / "out.sarif"));
  ASSERT_EQ(sarif["runs"][0]["results"].size(), 2u) << sarif.dump(2);
  EXPECT_EQ(sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "tree/certs/corp.pem");
}

TEST_F(ScanCommand, BadInputIsOneLineWithExitTwoAndHostileTreesAreScannedToTheEnd) {
  auto r = scan("nowhere");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "trustready: nowhere: No such file or directory\n");
  r = scan("--image missing.tar");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err, "trustready: --image missing.tar: No such file or directory\n");
  // An image GNU tar cannot read either: a note naming it, and no "ready" for what was not read.
  testing::write_file(dir_ / "garbage.tar", std::string(4096, '\x5a'));
  ASSERT_NE(run("tar -tf " + quote(dir_ / "garbage.tar")).exit_code, 0);
  r = scan("--image garbage.tar");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("note: garbage.tar: not a tar archive"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verdict: error"), std::string::npos) << r.out;
  // A loop, a link out of the tree, a FIFO, a name that is not UTF-8, PEM armour around
  // garbage: each is passed over or noted, and the good store after them is still found.
  file("a/lookalike.pem", "-----BEGIN CERTIFICATE-----\nnot base64 at all !!!\n-----END CERTIFICATE-----\n");
  ASSERT_EQ(run("cd " + quote(at("a")) + " && ln -s . loop && ln -s /etc/passwd passwd && mkfifo fifo && printf x > \"$(printf 'caf\\351')\"").exit_code, 0);
  file("z/amazon.pem", testing::read_file(real_cert("Amazon_Root_CA_1.pem")));
  const json report = scan_json("--follow tree", 0);
  const json* good = by_path(report["stores"], "z/amazon.pem");
  ASSERT_TRUE(good) << report.dump(2);
  EXPECT_EQ((*good)["verdict"], "ready");
  EXPECT_FALSE(report["problems"].empty()) << report.dump(2);  // the loop, the lookalike
}

}  // namespace
}  // namespace trustready
