// stores::read_store on Java keystores inside a RootFs tree: StoreKind::Keystore locations
// and StoreKind::Bundle locations (--store FILE) that turn out to be keystores. The
// keystores are written at test time by the real `keytool` and `openssl pkcs12` with the
// real roots of data/certs; expected fingerprints come from the openssl CLI and
// `keytool -list -rfc`. Each keystore is built once per test program, on first use.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fs/root_fs.h"
#include "stores/readers.h"
#include "stores/store_test_support.h"
#include "support/fixtures.h"
#include "support/keytool.h"

namespace trustready {
namespace {

using namespace store_test;

using stores::read_store;
using stores::ReadOptions;
using stores::Store;
using stores::StoreKind;
using stores::StoreLocation;
using stores::Verifier;
using testing::TempDir;

const std::string kStarfield2 = "Starfield_Class_2_CA.pem";
const std::string kSecret = "s3cret-1";

/// Keystores are written here once, then copied into each test's root.
const TempDir& scratch() {
  static const TempDir dir;
  return dir;
}

using testing::import_cert;
using testing::keytool;
using testing::store_args;

struct Built {
  std::string bytes;
  std::multiset<std::string> anchors;  ///< first certificate of each entry, per keytool -list -rfc + openssl
  std::string failure;                 ///< empty when built
};

/// SHA-256 of the first certificate of every entry `keytool -list -rfc` prints.
std::multiset<std::string> listed_first_certificates(const std::string& out, const std::string& pem_prefix) {
  std::multiset<std::string> fps;
  std::istringstream in(out);
  std::string line, pem;
  bool want = false, in_pem = false;
  int n = 0;
  while (std::getline(in, line)) {
    if (line.starts_with("Alias name: ")) {
      want = true;
    } else if (want && line == "-----BEGIN CERTIFICATE-----") {
      in_pem = true;
      pem = line + "\n";
    } else if (in_pem) {
      pem += line + "\n";
      if (line == "-----END CERTIFICATE-----") {
        in_pem = want = false;
        const std::string file = pem_prefix + std::to_string(++n) + ".pem";
        write_file(file, pem);
        fps.insert(testing::openssl_fingerprint(file));
      }
    }
  }
  return fps;
}

Built build(const std::string& name, const std::vector<std::string>& commands, const std::string& list_type = "",
            const std::string& list_pass = "") {
  Built b;
  const std::string path = scratch() / name;
  auto made = testing::make_keystore(path, commands);
  b.bytes = std::move(made.bytes);
  b.failure = std::move(made.failure);
  if (!list_type.empty() && b.failure.empty()) {
    const auto l = run(keytool("-list", "-rfc " + store_args(path, list_type, list_pass)));
    b.anchors = listed_first_certificates(l.out, path + ".listed-");
    if (l.exit_code != 0 || b.anchors.empty()) b.failure = "keytool -list -rfc: " + l.out + l.err;
  }
  return b;
}

/// JKS, "changeit": Amazon Root CA 1 and Starfield Class 2 as trusted entries.
const Built& changeit_jks() {
  static const Built b = [] {
    const std::string f = scratch() / "changeit.jks";
    return build("changeit.jks", {import_cert(f, "JKS", "changeit", "amazon1", kAmazon1),
                                  import_cert(f, "JKS", "changeit", "starfield2", kStarfield2)});
  }();
  return b;
}

/// JKS, kSecret: Amazon Root CA 1 trusted, and a key pair "server".
const Built& secret_jks() {
  static const Built b = [] {
    const std::string f = scratch() / "secret.jks";
    return build("secret.jks",
                 {import_cert(f, "JKS", kSecret, "amazon1", kAmazon1),
                  keytool("-genkeypair", "-alias server -keyalg EC -groupname secp256r1 -dname CN=server -validity 30 "
                                         "-keypass " + quote(kSecret) + " " + store_args(f, "JKS", kSecret))},
                 "JKS", kSecret);
  }();
  return b;
}

/// PKCS#12 by keytool, kSecret (certificates encrypted): Amazon Root CA 1 and Starfield Class 2.
const Built& secret_p12() {
  static const Built b = [] {
    const std::string f = scratch() / "secret.p12";
    return build("secret.p12", {import_cert(f, "PKCS12", kSecret, "amazon1", kAmazon1),
                                import_cert(f, "PKCS12", kSecret, "starfield2", kStarfield2)});
  }();
  return b;
}

/// PKCS#12 by keytool, "changeit": Amazon Root CA 1.
const Built& changeit_p12() {
  static const Built b = [] {
    const std::string f = scratch() / "changeit.p12";
    return build("changeit.p12", {import_cert(f, "PKCS12", "changeit", "amazon1", kAmazon1)});
  }();
  return b;
}

/// openssl pkcs12 -export -nokeys of two roots (no Java trusted attribute), "changeit".
const Built& nokeys_p12() {
  static const Built b = [] {
    const std::string bundle = scratch() / "two-roots.pem";
    testing::write_bundle(bundle, {kAmazon1, kStarfield2});
    return build("nokeys.p12", {"openssl pkcs12 -export -nokeys -in " + quote(bundle) + " -out " +
                                quote(scratch() / "nokeys.p12") + " -passout pass:changeit"});
  }();
  return b;
}

#define REQUIRE_BUILT(b) ASSERT_TRUE((b).failure.empty()) << (b).failure

StoreLocation keystore_location(const std::string& path, StoreKind kind = StoreKind::Keystore) {
  StoreLocation loc;
  loc.id = "test-keystore";
  loc.kind = kind;
  loc.path = path;
  loc.consumers = {"Java"};
  loc.found_by = "test";
  loc.verifier = kind == StoreKind::Keystore ? Verifier::Java : Verifier::OpenSsl;
  return loc;
}

/// Copies `bytes` to `path` inside a fresh root and reads the location there.
Store read_in_root(const std::string& bytes, const StoreLocation& loc, const ReadOptions& options = {}) {
  TempDir root;
  write_file(root.path() + loc.path, bytes);
  auto fs = fs::RootFs::open(root.path());
  EXPECT_TRUE(fs) << fs.error();
  if (!fs) return {};
  return read_store(fs.value(), loc, options);
}

ReadOptions given(std::vector<std::string> passwords) {
  ReadOptions o;
  o.passwords = std::move(passwords);
  o.password_given = true;
  return o;
}

bool any_note(const Store& s, const std::string& needle) {
  for (const auto& n : s.notes)
    if (contains(n, needle)) return true;
  return false;
}

const std::string kCacerts = "/usr/lib/jvm/java-17-openjdk-amd64/lib/security/cacerts";
const std::string kAppStore = "/opt/app/conf/truststore.jks";

// ------------------------------------------------------------------ JKS

TEST(KeystoreReader, ChangeitJksIsReadWithTheDefaultPassword) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = changeit_jks();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location(kCacerts));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.format, "JKS");
  EXPECT_EQ(s.resolved_path, kCacerts);
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kStarfield2}));
  EXPECT_TRUE(s.default_password);
  EXPECT_FALSE(any_note(s, "integrity not verified")) << joined(s.notes);
  EXPECT_FALSE(any_note(s, "key entries")) << joined(s.notes);
}

TEST(KeystoreReader, UnknownPasswordNotGivenIsANoteNotAnError) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = secret_jks();
  REQUIRE_BUILT(b);
  ASSERT_EQ(b.anchors.size(), 2u);
  const auto s = read_in_root(b.bytes, keystore_location(kAppStore));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.format, "JKS");
  EXPECT_FALSE(s.default_password);
  EXPECT_TRUE(any_note(s, "integrity not verified")) << joined(s.notes);
  // JKS stores certificates in the clear: the trusted one and the key pair's own.
  EXPECT_EQ(fingerprints(s), b.anchors);
  EXPECT_EQ(fingerprints(s).count(openssl_sha256(real_cert(kAmazon1))), 1u);
  EXPECT_TRUE(any_note(s, "1 key entries")) << joined(s.notes);
}

TEST(KeystoreReader, WrongPasswordGivenIsAnErrorNamingThePath) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = secret_jks();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location(kAppStore), given({"not-the-password", "changeit"}));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, kAppStore)) << *s.error;
  EXPECT_TRUE(contains(*s.error, "wrong keystore password")) << *s.error;
  EXPECT_FALSE(s.default_password);
}

TEST(KeystoreReader, RightPasswordGivenVerifies) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = secret_jks();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location(kAppStore), given({kSecret, "changeit"}));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(fingerprints(s), b.anchors);
  EXPECT_FALSE(s.default_password) << "verified with a password that is not changeit";
  EXPECT_FALSE(any_note(s, "integrity not verified")) << joined(s.notes);
}

TEST(KeystoreReader, ChangeitGivenExplicitlyIsTheDefaultPassword) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = changeit_jks();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location(kCacerts), given({"other", "changeit"}));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.default_password);
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kStarfield2}));
}

TEST(KeystoreReader, LocationPasswordIsTried) {
  // -Djavax.net.ssl.trustStorePassword found with the store.
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = secret_jks();
  REQUIRE_BUILT(b);
  auto loc = keystore_location(kAppStore);
  loc.password = kSecret;
  const auto s = read_in_root(b.bytes, loc);  // default options: only "changeit" besides it
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_FALSE(any_note(s, "integrity not verified")) << joined(s.notes);
  EXPECT_FALSE(s.default_password);
  EXPECT_EQ(fingerprints(s), b.anchors);

  // A location password that does not open it, then --store-password that does.
  loc.password = "stale-password";
  const auto s2 = read_in_root(b.bytes, loc, given({kSecret}));
  ASSERT_FALSE(s2.error) << *s2.error;
  EXPECT_FALSE(any_note(s2, "integrity not verified")) << joined(s2.notes);

  // The location password on a changeit keystore, changeit among the rest: still the default.
  const auto& c = changeit_jks();
  REQUIRE_BUILT(c);
  loc.password = "changeit";
  const auto s3 = read_in_root(c.bytes, loc, given({kSecret}));
  ASSERT_FALSE(s3.error) << *s3.error;
  EXPECT_TRUE(s3.default_password);
}

TEST(KeystoreReader, AlteredDigestIsANoteUnlessAPasswordWasGiven) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = changeit_jks();
  REQUIRE_BUILT(b);
  std::string altered = b.bytes;
  altered[altered.size() - 3] = static_cast<char>(altered[altered.size() - 3] ^ 0x40);
  const auto s = read_in_root(altered, keystore_location(kCacerts));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_FALSE(s.default_password);
  EXPECT_TRUE(any_note(s, "integrity not verified")) << joined(s.notes);
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kStarfield2}));

  const auto g = read_in_root(altered, keystore_location(kCacerts), given({"changeit"}));
  ASSERT_TRUE(g.error);
  EXPECT_TRUE(contains(*g.error, kCacerts)) << *g.error;
  EXPECT_TRUE(contains(*g.error, "wrong keystore password")) << *g.error;
}

// ------------------------------------------------------------------ PKCS#12

TEST(KeystoreReader, ChangeitPkcs12IsReadWithTheDefaultPassword) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = changeit_p12();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location(kCacerts));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.format, "PKCS#12");
  EXPECT_TRUE(s.default_password);
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1}));
}

TEST(KeystoreReader, Pkcs12WithUnknownPasswordCannotBeListedAndSaysGiveStorePassword) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = secret_p12();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location(kAppStore));
  EXPECT_TRUE(s.certificates.empty());
  EXPECT_FALSE(s.default_password);
  const std::string said = (s.error ? *s.error + "\n" : "") + joined(s.notes);
  EXPECT_TRUE(contains(said, "--store-password")) << said;
  // Nothing could be listed: the store is unusable as read, and says where.
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, kAppStore)) << *s.error;

  const auto ok = read_in_root(b.bytes, keystore_location(kAppStore), given({kSecret}));
  ASSERT_FALSE(ok.error) << *ok.error;
  EXPECT_EQ(ok.format, "PKCS#12");
  EXPECT_FALSE(ok.default_password);
  EXPECT_EQ(fingerprints(ok), openssl_fingerprints({kAmazon1, kStarfield2}));
}

TEST(KeystoreReader, Pkcs12WrongPasswordGivenIsAnError) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = secret_p12();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location(kAppStore), given({"nope", "changeit"}));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, kAppStore)) << *s.error;
  EXPECT_TRUE(contains(*s.error, "wrong keystore password")) << *s.error;
}

TEST(KeystoreReader, OpensslNokeysFileHasNoJavaAnchorsAndSaysWhy) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = nokeys_p12();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location(kAppStore));
  EXPECT_TRUE(s.certificates.empty());
  EXPECT_EQ(s.format, "PKCS#12");
  EXPECT_TRUE(s.default_password);  // openssl was given -passout pass:changeit
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, kAppStore)) << *s.error;
  EXPECT_TRUE(contains(*s.error, "trusted-certificate attribute")) << *s.error;
}

TEST(KeystoreReader, EmptyKeystoreErrorNamesTheKeystoreCauseNotTheLocationNote) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = nokeys_p12();
  REQUIRE_BUILT(b);
  auto loc = keystore_location(kAppStore);
  loc.notes = {"named by -Djavax.net.ssl.trustStore in /opt/app/bin/start.sh"};
  const auto s = read_in_root(b.bytes, loc);
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "trusted-certificate attribute")) << *s.error;
  EXPECT_TRUE(any_note(s, "-Djavax.net.ssl.trustStore")) << joined(s.notes);
}

// ------------------------------------------------------------------ --store FILE (Bundle)

TEST(KeystoreReader, BundleLocationHoldingAJksIsReadAsAKeystore) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = changeit_jks();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location("/srv/app/trust.bin", StoreKind::Bundle));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.location.kind, StoreKind::Keystore);
  EXPECT_EQ(s.location.verifier, Verifier::Java);
  EXPECT_EQ(s.format, "JKS");
  EXPECT_TRUE(s.default_password);
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kStarfield2}));
}

TEST(KeystoreReader, BundleLocationHoldingAPkcs12IsReadAsAKeystore) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = secret_p12();
  REQUIRE_BUILT(b);
  const auto s = read_in_root(b.bytes, keystore_location("/srv/app/trust.p12", StoreKind::Bundle), given({kSecret}));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.location.kind, StoreKind::Keystore);
  EXPECT_EQ(s.location.verifier, Verifier::Java);
  EXPECT_EQ(s.format, "PKCS#12");
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kStarfield2}));

  const auto wrong = read_in_root(b.bytes, keystore_location("/srv/app/trust.p12", StoreKind::Bundle), given({"x"}));
  ASSERT_TRUE(wrong.error);
  EXPECT_TRUE(contains(*wrong.error, "wrong keystore password")) << *wrong.error;
}

// ------------------------------------------------------------------ broken files

TEST(KeystoreReader, CorruptOrMissingKeystoreIsAnErrorNamingThePath) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = changeit_jks();
  REQUIRE_BUILT(b);
  const std::vector<std::string> broken = {
      b.bytes.substr(0, b.bytes.size() / 2),      // truncated
      b.bytes.substr(0, b.bytes.size() - 20),     // digest cut off
      std::string("\xfe\xed\xfe\xee", 4) + b.bytes.substr(4),  // bad magic
      "",                                          // empty
      "not a keystore at all\n",
  };
  for (std::size_t i = 0; i < broken.size(); ++i) {
    const auto s = read_in_root(broken[i], keystore_location(kCacerts));
    ASSERT_TRUE(s.error) << "case " << i;
    EXPECT_TRUE(contains(*s.error, kCacerts)) << "case " << i << ": " << *s.error;
    EXPECT_FALSE(s.default_password) << "case " << i;
  }
  TempDir root;
  auto fs = fs::RootFs::open(root.path());
  ASSERT_TRUE(fs) << fs.error();
  const auto missing = read_store(fs.value(), keystore_location(kCacerts));
  ASSERT_TRUE(missing.error);
  EXPECT_TRUE(missing.certificates.empty());
}

}  // namespace
}  // namespace trustready
