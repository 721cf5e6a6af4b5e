// scan::detect() on trust stores made by the real tools: PEM bundles and PEM inside code
// (openssl), DER (openssl x509 -outform DER), PKCS#7 (openssl crl2pkcs7), JKS, JCEKS and
// PKCS#12 keystores (keytool, checked against keytool -list), and the certifi and botocore
// bundles Debian ships. Fingerprints from openssl, counts from grep and keytool, positions
// from rg --column.
#include <gtest/gtest.h>

#include <string>

#include "scan/detect.h"
#include "support/keytool.h"
#include "support/test_pki.h"
#include "scan/scan_support.h"

namespace trustready::scan {
namespace {

using namespace testing_support;
using trustready::testing::keytool;
using trustready::testing::make_keystore;
using trustready::testing::openssl_fingerprint;
using trustready::testing::TempDir;
using trustready::testing::TestPki;
using trustready::testing::write_file;

class DetectStores : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    pki_.root("alpha");
    pki_.root_ec("beta");
  }
  std::string file(const std::string& name) const { return dir_ / name; }
  TempDir dir_;
  TestPki pki_{dir_};
};

bool any_contains(const std::vector<std::string>& lines, const std::string& needle) {
  for (const auto& l : lines)
    if (l.find(needle) != std::string::npos) return true;
  return false;
}

TEST_F(DetectStores, PemBundleHoldsEveryCertificateOpensslWroteAtTheLineRgFinds) {
  write_file(file("bundle.pem"), "# our private roots\n\n" + read_file(file("alpha.pem")) + read_file(file("beta.pem")));
  const auto f = detect_file(file("bundle.pem"));
  ASSERT_EQ(f.stores.size(), 1u);
  const auto& s = f.stores[0];
  EXPECT_EQ(s.format, StoreFormat::PemBundle);
  EXPECT_FALSE(s.embedded);
  EXPECT_EQ(s.vendor, StoreVendor::None);
  ASSERT_EQ(std::to_string(s.certificates.size()), sh("grep -c 'BEGIN CERTIFICATE' " + file("bundle.pem")));
  EXPECT_EQ(s.certificates[0].sha256().hex(), openssl_fingerprint(file("alpha.pem")));
  EXPECT_EQ(s.certificates[1].sha256().hex(), openssl_fingerprint(file("beta.pem")));
  EXPECT_EQ(at(s.at), rg_at(file("bundle.pem"), "-----BEGIN CERTIFICATE-----"));
}

TEST_F(DetectStores, PemInsidePythonSourceIsAnEmbeddedStore) {
  write_file(file("client.py"), "import ssl\n\nCA = \"\"\"\n" + read_file(file("alpha.pem")) + "\"\"\"\n");
  const auto f = detect_file(file("client.py"), "/srv/app/client.py");
  ASSERT_EQ(f.stores.size(), 1u);
  EXPECT_TRUE(f.stores[0].embedded);
  ASSERT_EQ(f.stores[0].certificates.size(), 1u);
  EXPECT_EQ(f.stores[0].certificates[0].sha256().hex(), openssl_fingerprint(file("alpha.pem")));
  EXPECT_EQ(at(f.stores[0].at), rg_at(file("client.py"), "-----BEGIN CERTIFICATE-----"));
}

TEST_F(DetectStores, PemSplitAcrossJavaStringLiteralsStillDecodes) {
  // Each PEM line as a Java literal ending in \n, joined with +, as IDEs format them.
  sh("awk 'BEGIN{print \"class Pins {\\n  static final String CA =\"} {printf \"      \\\"%s\\\\n\\\" +\\n\", $0} "
     "END{print \"      \\\"\\\";\\n}\"}' " + file("beta.pem") + " >" + file("Pins.java"));
  const auto f = detect_file(file("Pins.java"));
  ASSERT_EQ(f.stores.size(), 1u) << read_file(file("Pins.java"));
  EXPECT_TRUE(f.stores[0].embedded);
  ASSERT_EQ(f.stores[0].certificates.size(), 1u);
  EXPECT_EQ(f.stores[0].certificates[0].sha256().hex(), openssl_fingerprint(file("beta.pem")));
  EXPECT_EQ(at(f.stores[0].at), rg_at(file("Pins.java"), "-----BEGIN CERTIFICATE-----"));
}

TEST_F(DetectStores, IndentedPemInYamlIsReadAsItsApplicationReadsIt) {
  sh("(printf 'tls:\\n  ca: |\\n'; sed 's/^/    /' " + file("alpha.pem") + ") >" + file("values.yaml"));
  const auto f = detect_file(file("values.yaml"));
  ASSERT_EQ(f.stores.size(), 1u) << read_file(file("values.yaml"));
  ASSERT_EQ(f.stores[0].certificates.size(), 1u);
  EXPECT_EQ(f.stores[0].certificates[0].sha256().hex(), openssl_fingerprint(file("alpha.pem")));
  EXPECT_EQ(at(f.stores[0].at), rg_at(file("values.yaml"), "-----BEGIN CERTIFICATE-----"));
}

TEST_F(DetectStores, DerCertificateIsFoundByItsBytesWhateverItsName) {
  sh("openssl x509 -in " + file("alpha.pem") + " -outform DER -out " + file("alpha.der"));
  sh("cp " + file("alpha.der") + " " + file("blob"));
  for (const std::string name : {"alpha.der", "blob"}) {
    const auto f = detect_file(file(name));
    ASSERT_EQ(f.stores.size(), 1u) << name;
    EXPECT_EQ(f.stores[0].format, StoreFormat::DerCertificate);
    ASSERT_EQ(f.stores[0].certificates.size(), 1u);
    EXPECT_EQ(f.stores[0].certificates[0].sha256().hex(), openssl_fingerprint(file(name), "DER"));
    EXPECT_EQ(at(f.stores[0].at), "1:1");
  }
}

TEST_F(DetectStores, Pkcs7FromCrl2pkcs7HoldsTheCertificatesOpensslPrints) {
  pki_.bundle("both.pem", {"alpha", "beta"});
  for (const std::string form : {"DER", "PEM"}) {
    const std::string p7 = file("both." + form + ".p7b");
    sh("openssl crl2pkcs7 -nocrl -certfile " + file("both.pem") + " -outform " + form + " -out " + p7);
    const auto f = detect_file(p7);
    ASSERT_EQ(f.stores.size(), 1u) << form;
    EXPECT_EQ(f.stores[0].format, StoreFormat::Pkcs7) << form;
    EXPECT_EQ(std::to_string(f.stores[0].certificates.size()),
              sh("openssl pkcs7 -inform " + form + " -in " + p7 + " -print_certs | grep -c 'BEGIN CERTIFICATE'"));
  }
}

class DetectKeystores : public DetectStores {};

TEST_F(DetectKeystores, EveryKeytoolFormatListsTheEntriesKeytoolLists) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  const std::vector<std::pair<std::string, StoreFormat>> formats = {
      {"JKS", StoreFormat::Jks}, {"JCEKS", StoreFormat::Jceks}, {"PKCS12", StoreFormat::Pkcs12}};
  for (const auto& entry : formats) {
    const std::string type = entry.first;  // a named copy: clang 14 cannot capture a structured binding
    const StoreFormat format = entry.second;
    const std::string ks = file("trust." + type);
    const auto args = [&](const std::string& alias, const std::string& cert) {
      return keytool("-importcert", "-alias " + alias + " -file " + quote(cert) + " -keystore " + quote(ks) +
                                        " -storetype " + type + " -storepass changeit");
    };
    const auto made = make_keystore(ks, {args("alpha", file("alpha.pem")), args("beta", file("beta.pem"))});
    ASSERT_TRUE(made.failure.empty()) << made.failure;
    const std::string listed = sh(keytool("-list", "-keystore " + quote(ks) + " -storetype " + type +
                                                       " -storepass changeit") + " | grep -c trustedCertEntry");
    const auto f = detect("/opt/app/conf/trust.ks", made.bytes);
    ASSERT_EQ(f.stores.size(), 1u) << type << ": " << (f.notes.empty() ? "" : f.notes[0]);
    EXPECT_EQ(f.stores[0].format, format) << type;
    EXPECT_EQ(std::to_string(f.stores[0].certificates.size()), listed) << type;
    ASSERT_TRUE(f.stores[0].integrity.has_value());
    EXPECT_EQ(*f.stores[0].integrity, cert::Integrity::Verified) << type;
    EXPECT_EQ(f.stores[0].vendor, StoreVendor::None);
  }
}

TEST_F(DetectKeystores, AKeystoreNamedCacertsIsAJavaCacertsCopyAndAnotherPasswordIsAMismatch) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  const std::string ks = file("cacerts");
  const auto made = make_keystore(ks, {keytool("-importcert", "-alias alpha -file " + quote(file("alpha.pem")) +
                                                                  " -keystore " + quote(ks) + " -storetype JKS -storepass s3cret")});
  ASSERT_TRUE(made.failure.empty()) << made.failure;
  const auto f = detect("/usr/lib/jvm/java-8/jre/lib/security/cacerts", made.bytes);
  ASSERT_EQ(f.stores.size(), 1u);
  EXPECT_EQ(f.stores[0].vendor, StoreVendor::JavaCacerts);
  ASSERT_EQ(f.stores[0].certificates.size(), 1u);
  EXPECT_EQ(f.stores[0].certificates[0].sha256().hex(), openssl_fingerprint(file("alpha.pem")));
  EXPECT_EQ(*f.stores[0].integrity, cert::Integrity::Mismatch);
  DetectOptions with_password;
  with_password.passwords = {"changeit", "s3cret"};
  EXPECT_EQ(*detect("/x/cacerts", made.bytes, with_password).stores.at(0).integrity, cert::Integrity::Verified);
}

TEST_F(DetectKeystores, ATruncatedJksIsANoteNotACrash) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  const std::string ks = file("t.jks");
  const auto made = make_keystore(ks, {keytool("-importcert", "-alias alpha -file " + quote(file("alpha.pem")) +
                                                                  " -keystore " + quote(ks) + " -storetype JKS -storepass changeit")});
  ASSERT_TRUE(made.failure.empty()) << made.failure;
  const auto f = detect("/x/t.jks", made.bytes.substr(0, 48));
  EXPECT_TRUE(f.stores.empty());
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_NE(f.notes[0].find("/x/t.jks"), std::string::npos) << f.notes[0];
  EXPECT_NE(f.notes[0].find("JKS magic"), std::string::npos) << f.notes[0];
}

TEST_F(DetectStores, VendoredBundlesAreNamedByTheirPlace) {
  write_file(file("b.pem"), read_file(file("alpha.pem")));
  const std::vector<std::pair<std::string, StoreVendor>> places = {
      {"/venv/lib/python3.11/site-packages/certifi/cacert.pem", StoreVendor::Certifi},
      {"/venv/lib/python3.11/site-packages/pip/_vendor/certifi/cacert.pem", StoreVendor::Pip},
      {"/usr/lib/python3/dist-packages/botocore/cacert.pem", StoreVendor::Botocore},
      {"/usr/lib/python2.7/site-packages/requests/cacert.pem", StoreVendor::Requests},
      {"/usr/lib/python2.7/site-packages/httplib2/cacerts.txt", StoreVendor::Httplib2},
      {"/var/lib/gems/2.7.0/gems/aws-sdk-core-2.0.1/ca-bundle.crt", StoreVendor::AwsSdkRuby},
      {"/srv/certs/cacert.pem", StoreVendor::None}};
  for (const auto& [place, vendor] : places) {
    const auto f = detect(place, read_file(file("b.pem")));
    ASSERT_EQ(f.stores.size(), 1u) << place;
    EXPECT_EQ(f.stores[0].vendor, vendor) << place;
  }
}

TEST(DetectDebianBundles, CertifiAndBotocoreAsDebianShipsThemHoldWhatGrepCounts) {
  // python3-certifi and python3-botocore (scripts/test installs them). Debian's certifi
  // answers where() with the system bundle, but still ships the file.
  for (const auto& [file, vendor] :
       std::vector<std::pair<std::string, StoreVendor>>{{"/usr/lib/python3/dist-packages/certifi/cacert.pem", StoreVendor::Certifi},
                                                         {"/usr/lib/python3/dist-packages/botocore/cacert.pem", StoreVendor::Botocore}}) {
    if (run("test -r " + file).exit_code != 0) TRUSTREADY_SKIP_OUTSIDE_CI(file + " (python3-certifi, python3-botocore)");
    const auto f = detect_file(file);
    ASSERT_EQ(f.stores.size(), 1u) << file;
    EXPECT_EQ(f.stores[0].vendor, vendor);
    EXPECT_TRUE(f.stores[0].problems.empty()) << f.stores[0].problems.front();
    EXPECT_EQ(std::to_string(f.stores[0].certificates.size()), sh("grep -c 'BEGIN CERTIFICATE' " + file)) << file;
    EXPECT_EQ(at(f.stores[0].at), rg_at(file, "-----BEGIN CERTIFICATE-----")) << file;
    EXPECT_EQ(f.stores[0].certificates.back().sha256().hex(),
              sh("awk '/BEGIN CERT/{b=\"\"} {b=b $0 \"\\n\"} END{printf \"%s\", b}' " + file +
                 " | openssl x509 -noout -fingerprint -sha256 | cut -d= -f2 | tr -d : | tr A-F a-f"));
  }
}

TEST_F(DetectStores, LookalikesAreNotesOrNothingNeverStores) {
  // PEM armour around garbage: base64 that decodes to no certificate, and bytes that are not base64.
  write_file(file("fake.pem"), "-----BEGIN CERTIFICATE-----\nTUlJQ0ZBS0UgQ0VSVElGSUNBVEU=\n-----END CERTIFICATE-----\n");
  write_file(file("bad64.crt"), "-----BEGIN CERTIFICATE-----\n!!!not base64 at all***\n-----END CERTIFICATE-----\n");
  for (const std::string name : {"fake.pem", "bad64.crt"}) {
    const auto f = detect_file(file(name));
    EXPECT_TRUE(f.stores.empty()) << name;
    ASSERT_EQ(f.notes.size(), 1u) << name;
    EXPECT_TRUE(any_contains(f.notes, "PEM armour but no certificate decodes")) << f.notes[0];
    EXPECT_TRUE(any_contains(f.notes, ":1:")) << f.notes[0];  // the BEGIN line, as grep -n says: 1
  }
  // A private key is PEM but no trust: nothing at all.
  sh("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + file("k.pem") + " 2>/dev/null");
  EXPECT_TRUE(detect_file(file("k.pem")).empty());
  // Some other binary starting like DER (a DER private key) is not a certificate either.
  sh("openssl pkey -in " + file("k.pem") + " -outform DER -out " + file("k.der"));
  EXPECT_TRUE(detect_file(file("k.der")).stores.empty());
  // A certificate named .der but cut short is a note.
  sh("openssl x509 -in " + file("alpha.pem") + " -outform DER | head -c 300 >" + file("cut.der"));
  const auto cut = detect_file(file("cut.der"));
  EXPECT_TRUE(cut.stores.empty());
  EXPECT_EQ(cut.notes.size(), 1u);
}

}  // namespace
}  // namespace trustready::scan
