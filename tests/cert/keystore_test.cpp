// cert::parse_keystore, looks_like_keystore and Keystore::java_anchors against keystores
// written at test time by the real `keytool` (JKS, JCEKS, PKCS#12) and `openssl pkcs12`,
// holding the real public roots of data/certs and key pairs generated in a TempDir.
// Expected aliases, entry types and fingerprints come from `keytool -list -rfc` and
// `openssl x509 -fingerprint -sha256`, never from the code under test. Each keystore is
// built once per test program, on first use (a JVM start costs about half a second).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cert/keystore.h"
#include "support/fixtures.h"
#include "support/keytool.h"

namespace trustready {
namespace {

using cert::Integrity;
using cert::Keystore;
using cert::KeystoreFormat;
using cert::looks_like_keystore;
using cert::parse_keystore;
using testing::openssl_fingerprint;
using testing::quote;
using testing::real_cert;
using testing::run;
using testing::TempDir;

const std::string kAmazon1 = "Amazon_Root_CA_1.pem";
const std::string kStarfield2 = "Starfield_Class_2_CA.pem";
const std::string kSecret = "s3cret-1";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

bool any_mentions(const std::vector<std::string>& lines, const std::string& needle) {
  for (const auto& l : lines)
    if (contains(l, needle)) return true;
  return false;
}

/// Shared by every keystore and file this test program writes; removed at exit.
const TempDir& scratch() {
  static const TempDir dir;
  return dir;
}

using testing::import_cert;
using testing::keytool;
using testing::store_args;

std::string gen_key_pair(const std::string& file, const std::string& type, const std::string& pass,
                         const std::string& alias) {
  return keytool("-genkeypair", "-alias " + alias + " -keyalg EC -groupname secp256r1 -dname CN=" + alias +
                                    " -validity 30 -keypass " + quote(pass) + " " + store_args(file, type, pass));
}

/// One entry as `keytool -list -rfc` prints it: alias, entry type, first certificate.
struct Listed {
  std::string alias;
  std::string type;  ///< "trustedCertEntry", "PrivateKeyEntry"
  std::string sha256;  ///< of the entry's first certificate, from the openssl CLI
};

std::vector<Listed> parse_listing(const std::string& out, const std::string& pem_prefix) {
  std::vector<Listed> entries;
  std::istringstream in(out);
  std::string line, pem;
  bool want_pem = false, in_pem = false;
  while (std::getline(in, line)) {
    if (line.starts_with("Alias name: ")) {
      entries.push_back({line.substr(12), "", ""});
      want_pem = true;
    } else if (line.starts_with("Entry type: ") && !entries.empty()) {
      entries.back().type = line.substr(12);
    } else if (want_pem && line == "-----BEGIN CERTIFICATE-----") {
      in_pem = true;
      pem = line + "\n";
    } else if (in_pem) {
      pem += line + "\n";
      if (line == "-----END CERTIFICATE-----") {
        in_pem = want_pem = false;
        const std::string file = pem_prefix + std::to_string(entries.size()) + ".pem";
        testing::write_file(file, pem);
        entries.back().sha256 = openssl_fingerprint(file);
      }
    }
  }
  return entries;
}

struct Built {
  std::string path;
  std::string bytes;
  std::vector<Listed> listed;  ///< empty unless a listing was asked for
  std::string failure;         ///< why it could not be built; empty when it was
};

/// Runs `commands` in order, then (when `list_type` is set) `keytool -list -rfc`.
Built build(const std::string& name, const std::vector<std::string>& commands, const std::string& list_type = "",
            const std::string& list_pass = "") {
  Built b;
  b.path = scratch() / name;
  auto made = testing::make_keystore(b.path, commands);
  b.bytes = std::move(made.bytes);
  b.failure = std::move(made.failure);
  if (!list_type.empty() && b.failure.empty()) {
    const auto l = run(keytool("-list", "-rfc " + store_args(b.path, list_type, list_pass)));
    if (l.exit_code != 0) b.failure = "keytool -list: " + l.out + l.err;
    b.listed = parse_listing(l.out, b.path + ".listed-");
    if (b.listed.empty()) b.failure += "keytool -list -rfc listed nothing:\n" + l.out;
  }
  return b;
}

// ------------------------------------------------------------------ keystores

/// JKS, "changeit": one trusted certificate (Amazon Root CA 1).
const Built& small_jks() {
  static const Built b = [] {
    const std::string f = scratch() / "small.jks";
    return build("small.jks", {import_cert(f, "JKS", "changeit", "amazon1", kAmazon1)});
  }();
  return b;
}

/// JKS, kSecret: a key pair "server" and two trusted certificates.
const Built& mixed_jks() {
  static const Built b = [] {
    const std::string f = scratch() / "mixed.jks";
    return build("mixed.jks",
                 {gen_key_pair(f, "JKS", kSecret, "server"), import_cert(f, "JKS", kSecret, "amazon1", kAmazon1),
                  import_cert(f, "JKS", kSecret, "starfield2", kStarfield2)},
                 "JKS", kSecret);
  }();
  return b;
}

/// JCEKS, "changeit": a trusted certificate and a key pair.
const Built& jceks() {
  static const Built b = [] {
    const std::string f = scratch() / "trust.jceks";
    return build("trust.jceks",
                 {import_cert(f, "JCEKS", "changeit", "amazon1", kAmazon1), gen_key_pair(f, "JCEKS", "changeit", "server")},
                 "JCEKS", "changeit");
  }();
  return b;
}

/// JCEKS, "changeit": a trusted certificate and an AES secret key.
const Built& jceks_secret() {
  static const Built b = [] {
    const std::string f = scratch() / "secret.jceks";
    return build("secret.jceks", {import_cert(f, "JCEKS", "changeit", "amazon1", kAmazon1),
                                  keytool("-genseckey", "-alias aes -keyalg AES -keysize 128 -keypass changeit " +
                                                            store_args(f, "JCEKS", "changeit"))});
  }();
  return b;
}

/// PKCS#12 by keytool, kSecret: two trusted certificates and a key pair "server".
const Built& keytool_p12() {
  static const Built b = [] {
    const std::string f = scratch() / "keytool.p12";
    return build("keytool.p12",
                 {import_cert(f, "PKCS12", kSecret, "amazon1", kAmazon1),
                  import_cert(f, "PKCS12", kSecret, "starfield2", kStarfield2), gen_key_pair(f, "PKCS12", kSecret, "server")},
                 "PKCS12", kSecret);
  }();
  return b;
}

/// PKCS#12 by keytool, kSecret: a key entry "server" whose certificate was signed by a CA
/// key pair in another keystore (keytool -certreq | -gencert, the reply installed with its chain).
const Built& chained_p12() {
  static const Built b = [] {
    const std::string ca = scratch() / "ca.p12", f = scratch() / "chained.p12";
    const std::string signed_pem = scratch() / "chained-server.pem", ca_pem = scratch() / "chained-ca.pem";
    const std::string chain_pem = scratch() / "chained-chain.pem";
    return build(
        "chained.p12",
        {keytool("-genkeypair", "-alias ca -keyalg EC -groupname secp256r1 -dname CN=trustready-test-ca -ext bc:c "
                                "-validity 30 -keypass " + quote(kSecret) + " " + store_args(ca, "PKCS12", kSecret)),
         gen_key_pair(f, "PKCS12", kSecret, "server"),
         keytool("-certreq", "-alias server " + store_args(f, "PKCS12", kSecret)) + " | " +
             keytool("-gencert", "-alias ca -rfc " + store_args(ca, "PKCS12", kSecret)) + " > " + quote(signed_pem),
         keytool("-exportcert", "-rfc -alias ca " + store_args(ca, "PKCS12", kSecret)) + " > " + quote(ca_pem),
         "cat " + quote(signed_pem) + " " + quote(ca_pem) + " > " + quote(chain_pem),
         keytool("-importcert", "-alias server -file " + quote(chain_pem) + " " + store_args(f, "PKCS12", kSecret))},
        "PKCS12", kSecret);
  }();
  return b;
}

/// PKCS#12 by keytool the way recent JDKs write cacerts: no MAC, certificates in the clear.
const Built& passwordless_p12() {
  static const Built b = [] {
    const std::string f = scratch() / "passwordless.p12";
    const std::string kt = "keytool -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 "
                           "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE -J-Dkeystore.pkcs12.macAlgorithm=NONE ";
    return build("passwordless.p12", {kt + "-importcert -noprompt -alias amazon1 -file " + quote(real_cert(kAmazon1)) +
                                      " " + store_args(f, "PKCS12", "changeit")});
  }();
  return b;
}

/// JKS whose password is not ASCII ("pässwort"), passed to keytool as UTF-8 through the environment.
const Built& unicode_jks() {
  static const Built b = [] {
    const std::string f = scratch() / "unicode.jks";
    return build("unicode.jks",
                 {"export LC_ALL=C.UTF-8 PW='p\xc3\xa4sswort' && keytool -J-Dfile.encoding=UTF-8 "
                  "-J-Dsun.jnu.encoding=UTF-8 -importcert -noprompt -alias amazon1 -file " +
                  quote(real_cert(kAmazon1)) + " -keystore " + quote(f) + " -storetype JKS -storepass:env PW"});
  }();
  return b;
}

/// A key and self-signed certificate made by the openssl CLI (in scratch, never committed).
const std::string& leaf_pem() {
  static const std::string pem = [] {
    const std::string key = scratch() / "leaf.key", cert = scratch() / "leaf.pem";
    run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + quote(key) + " -out " +
        quote(cert) + " -subj /CN=trustready-p12-key -days 30");
    return cert;
  }();
  return pem;
}

std::string p12_export(const std::string& args, const std::string& out) {
  return "openssl pkcs12 -export " + args + " -out " + quote(out) + " -passout pass:changeit";
}

/// openssl pkcs12 -export with a key, its certificate, and Amazon Root CA 1 (-certfile): sha256 MAC.
const Built& openssl_keyed_p12() {
  static const Built b = [] {
    const std::string leaf = leaf_pem();
    return build("keyed.p12", {p12_export("-inkey " + quote(scratch() / "leaf.key") + " -in " + quote(leaf) +
                                              " -certfile " + quote(real_cert(kAmazon1)) + " -name leaf",
                                          scratch() / "keyed.p12")});
  }();
  return b;
}

/// openssl pkcs12 -export -nomac with a key and its certificate.
const Built& openssl_nomac_p12() {
  static const Built b = [] {
    const std::string leaf = leaf_pem();
    return build("nomac.p12", {p12_export("-nomac -inkey " + quote(scratch() / "leaf.key") + " -in " + quote(leaf) +
                                              " -name leaf",
                                          scratch() / "nomac.p12")});
  }();
  return b;
}

/// openssl pkcs12 -export -nokeys of two roots, without Java's trusted attribute.
const Built& openssl_nokeys_p12() {
  static const Built b = [] {
    const std::string bundle = scratch() / "two-roots.pem";
    testing::write_bundle(bundle, {kAmazon1, kStarfield2});
    return build("nokeys.p12", {p12_export("-nokeys -in " + quote(bundle), scratch() / "nokeys.p12")});
  }();
  return b;
}

std::multiset<std::string> fingerprints(const std::vector<cert::Certificate>& certs) {
  std::multiset<std::string> out;
  for (const auto& c : certs) out.insert(c.sha256().hex());
  return out;
}

std::multiset<std::string> listed_fingerprints(const Built& b) {
  std::multiset<std::string> out;
  for (const auto& l : b.listed) out.insert(l.sha256);
  return out;
}

std::set<std::string> listed_aliases(const Built& b) {
  std::set<std::string> out;
  for (const auto& l : b.listed) out.insert(l.alias);
  return out;
}

std::set<std::string> aliases(const Keystore& ks) {
  std::set<std::string> out;
  for (const auto& e : ks.entries) out.insert(e.alias);
  return out;
}

const cert::KeystoreEntry* entry(const Keystore& ks, const std::string& alias) {
  for (const auto& e : ks.entries)
    if (e.alias == alias) return &e;
  return nullptr;
}

std::string sha256_of(const std::string& data_cert) {
  const std::string hex = openssl_fingerprint(real_cert(data_cert));
  EXPECT_EQ(hex.size(), 64u) << data_cert;
  return hex;
}

std::string with_byte(std::string s, std::size_t at, unsigned char value) {
  s[at] = static_cast<char>(value);
  return s;
}

std::string with_u32(std::string s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xff);
  return s;
}

#define REQUIRE_BUILT(b) ASSERT_TRUE((b).failure.empty()) << (b).failure

// ------------------------------------------------------------------ detection

TEST(KeystoreDetect, RealKeystoresLookLikeKeystores) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  for (const Built* b :
       {&small_jks(), &jceks_secret(), &passwordless_p12(), &openssl_nokeys_p12(), &openssl_nomac_p12()}) {
    REQUIRE_BUILT(*b);
    EXPECT_TRUE(looks_like_keystore(b->bytes)) << b->path;
  }
}

TEST(KeystoreDetect, CertificatesAndOtherFilesDoNotLookLikeKeystores) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  const std::string pem = testing::read_file(real_cert(kAmazon1));
  const std::string der = testing::der_of(dir, real_cert(kAmazon1));
  ASSERT_FALSE(der.empty());
  EXPECT_FALSE(looks_like_keystore(pem));
  EXPECT_FALSE(looks_like_keystore(der));
  EXPECT_FALSE(looks_like_keystore(""));
  EXPECT_FALSE(looks_like_keystore(std::string("\xfe\xed\xfe", 3)));  // a magic cut short
  EXPECT_FALSE(looks_like_keystore(std::string("\x30\x82", 2)));
  EXPECT_FALSE(looks_like_keystore(std::string("\x30\x84\xff\xff\xff\xff", 6)));  // long length, nothing after
  EXPECT_FALSE(looks_like_keystore(std::string("\x30\xff\x02\x01\x03\x00\x00\x00", 8)));  // length of length 127
  EXPECT_FALSE(looks_like_keystore("just some text, long enough"));
  // A PKCS#7 certificate bundle is DER too, but not a PFX (version 3).
  const auto p7 = run("openssl crl2pkcs7 -nocrl -certfile " + quote(real_cert(kAmazon1)) + " -outform DER -out " +
                      quote(dir / "certs.p7b"));
  ASSERT_EQ(p7.exit_code, 0) << p7.err;
  EXPECT_FALSE(looks_like_keystore(testing::read_file(dir / "certs.p7b")));
}

// ------------------------------------------------------------------ JKS

TEST(KeystoreJks, TrustedEntryIsAnAnchorVerifiedWithChangeit) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = small_jks();
  REQUIRE_BUILT(b);
  const auto ks = parse_keystore(b.bytes, {"changeit"});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->format, KeystoreFormat::Jks);
  EXPECT_STREQ(cert::to_string(ks->format), "JKS");
  EXPECT_EQ(ks->integrity, Integrity::Verified);
  EXPECT_EQ(ks->password_used, "changeit");
  ASSERT_EQ(ks->entries.size(), 1u);
  EXPECT_EQ(ks->entries[0].alias, "amazon1");
  EXPECT_TRUE(ks->entries[0].trusted);
  EXPECT_EQ(fingerprints(ks->java_anchors()), (std::multiset<std::string>{sha256_of(kAmazon1)}));
  EXPECT_TRUE(ks->notes.empty()) << joined(ks->notes);
}

TEST(KeystoreJks, KeyEntryContributesItsOwnCertificateToTheAnchors) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = mixed_jks();
  REQUIRE_BUILT(b);
  ASSERT_EQ(b.listed.size(), 3u);
  // The passwords are tried in turn; the second one verifies.
  const auto ks = parse_keystore(b.bytes, {"changeit", kSecret});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::Verified);
  EXPECT_EQ(ks->password_used, kSecret);
  EXPECT_EQ(aliases(*ks), listed_aliases(b));
  for (const auto& l : b.listed) {
    const auto* e = entry(*ks, l.alias);
    ASSERT_NE(e, nullptr) << l.alias;
    EXPECT_EQ(e->trusted, l.type == "trustedCertEntry") << l.alias << ": " << l.type;
    ASSERT_FALSE(e->certificates.empty()) << l.alias;
    EXPECT_EQ(e->certificates.front().sha256().hex(), l.sha256) << l.alias;
  }
  const auto anchors = fingerprints(ks->java_anchors());
  EXPECT_EQ(anchors, listed_fingerprints(b));
  EXPECT_EQ(anchors.count(sha256_of(kAmazon1)), 1u);
  EXPECT_EQ(anchors.count(sha256_of(kStarfield2)), 1u);
}

TEST(KeystoreJks, WrongPasswordIsMismatchButCertificatesAreListed) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = mixed_jks();
  REQUIRE_BUILT(b);
  for (const std::vector<std::string>& passwords :
       {std::vector<std::string>{"changeit", "s3cret-2"}, std::vector<std::string>{}}) {
    const auto ks = parse_keystore(b.bytes, passwords);
    ASSERT_TRUE(ks) << ks.error();
    EXPECT_EQ(ks->integrity, Integrity::Mismatch) << passwords.size() << " passwords";
    EXPECT_TRUE(ks->password_used.empty());
    EXPECT_EQ(fingerprints(ks->java_anchors()), listed_fingerprints(b));
    EXPECT_EQ(aliases(*ks), listed_aliases(b));
  }
}

TEST(KeystoreJks, FlippedDigestByteIsMismatchWithCertificatesListed) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = small_jks();
  REQUIRE_BUILT(b);
  ASSERT_GT(b.bytes.size(), 20u);
  // The sanity check from the real tool: keytool refuses the altered file.
  const std::string altered_path = scratch() / "small-altered.jks";
  const std::size_t last = b.bytes.size() - 1;
  testing::write_file(altered_path, with_byte(b.bytes, last, static_cast<unsigned char>(b.bytes[last] ^ 0x01)));
  const auto kt = run(keytool("-list", store_args(altered_path, "JKS", "changeit")));
  EXPECT_NE(kt.exit_code, 0) << "keytool accepted an altered digest: " << kt.out;
  for (std::size_t i = b.bytes.size() - 20; i < b.bytes.size(); ++i) {
    const auto ks = parse_keystore(with_byte(b.bytes, i, static_cast<unsigned char>(b.bytes[i] ^ 0x80)), {"changeit"});
    ASSERT_TRUE(ks) << "digest byte " << i << ": " << ks.error();
    EXPECT_EQ(ks->integrity, Integrity::Mismatch) << "digest byte " << i;
    EXPECT_EQ(fingerprints(ks->java_anchors()), (std::multiset<std::string>{sha256_of(kAmazon1)})) << i;
  }
}

TEST(KeystoreJks, FlippedBodyByteIsMismatchOrError) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  const auto& b = small_jks();
  REQUIRE_BUILT(b);
  // The creation time (8 bytes after the alias) is covered by the digest but read by nobody.
  const std::size_t alias_at = b.bytes.find("amazon1");
  ASSERT_NE(alias_at, std::string::npos);
  const std::size_t time_at = alias_at + 7;
  const auto ks = parse_keystore(with_byte(b.bytes, time_at + 7, static_cast<unsigned char>(b.bytes[time_at + 7] ^ 1)),
                                 {"changeit"});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::Mismatch);
  EXPECT_EQ(ks->java_anchors().size(), 1u);
}

TEST(KeystoreJks, BytesAfterTheDigestAreNotedAndIgnored) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  const auto& b = small_jks();
  REQUIRE_BUILT(b);
  const auto ks = parse_keystore(b.bytes + "extra", {"changeit"});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::Verified);
  EXPECT_EQ(ks->java_anchors().size(), 1u);
  EXPECT_TRUE(any_mentions(ks->notes, "5 bytes after the integrity digest")) << joined(ks->notes);
}

TEST(KeystoreJks, NonAsciiPasswordVerifiesAsJavaCharacters) {
  // Java keys the digest with the password's UTF-16 code units: "pässwort" is 00 70 00 E4 ...
  TRUSTREADY_REQUIRE_TOOL("keytool");
  const auto& b = unicode_jks();
  REQUIRE_BUILT(b);
  // The real tools agree on the digest: SHA-1 over UTF-16BE(password) + "Mighty Aphrodite" + body.
  const std::string body = scratch() / "unicode.body";
  testing::write_file(body, b.bytes.substr(0, b.bytes.size() - 20));
  const auto sha = run("{ printf 'p\xc3\xa4sswort' | iconv -f UTF-8 -t UTF-16BE; printf 'Mighty Aphrodite'; cat " +
                       quote(body) + "; } | openssl sha1 -binary | od -An -tx1 | tr -d ' \\n'");
  std::string trailer_hex;
  for (unsigned char c : b.bytes.substr(b.bytes.size() - 20)) {
    const char* digits = "0123456789abcdef";
    trailer_hex += digits[c >> 4];
    trailer_hex += digits[c & 15];
  }
  ASSERT_EQ(sha.out, trailer_hex) << "keytool did not receive the password as UTF-8: " << sha.err;
  const auto ks = parse_keystore(b.bytes, {"p\xc3\xa4sswort"});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::Verified) << "a UTF-8 password must be keyed as its UTF-16 code units";
  EXPECT_EQ(ks->java_anchors().size(), 1u);
}

// ------------------------------------------------------------------ JCEKS

TEST(KeystoreJceks, TrustedAndKeyEntriesAreRead) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = jceks();
  REQUIRE_BUILT(b);
  ASSERT_EQ(static_cast<unsigned char>(b.bytes[0]), 0xCE);
  const auto ks = parse_keystore(b.bytes, {"changeit"});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->format, KeystoreFormat::Jceks);
  EXPECT_STREQ(cert::to_string(ks->format), "JCEKS");
  EXPECT_EQ(ks->integrity, Integrity::Verified);
  EXPECT_EQ(aliases(*ks), listed_aliases(b));
  EXPECT_EQ(fingerprints(ks->java_anchors()), listed_fingerprints(b));
  const auto* server = entry(*ks, "server");
  ASSERT_NE(server, nullptr);
  EXPECT_FALSE(server->trusted);

  const auto wrong = parse_keystore(b.bytes, {"not-it"});
  ASSERT_TRUE(wrong) << wrong.error();
  EXPECT_EQ(wrong->integrity, Integrity::Mismatch);
  EXPECT_EQ(fingerprints(wrong->java_anchors()), listed_fingerprints(b));
}

TEST(KeystoreJceks, SecretKeyEntryIsAnError) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  const auto& b = jceks_secret();
  REQUIRE_BUILT(b);
  const auto listing = run(keytool("-list", store_args(b.path, "JCEKS", "changeit")));
  ASSERT_TRUE(contains(listing.out, "SecretKeyEntry")) << listing.out << listing.err;
  const auto ks = parse_keystore(b.bytes, {"changeit"});
  ASSERT_FALSE(ks) << "a JCEKS secret key entry was skipped silently";
  EXPECT_TRUE(contains(ks.error(), "JCEKS secret keys")) << ks.error();
}

// ------------------------------------------------------------------ corrupt input

TEST(KeystoreCorrupt, BadMagicIsAnError) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  const auto& b = small_jks();
  REQUIRE_BUILT(b);
  for (std::uint32_t magic : {0xFEEDFEEEu, 0xCECECECFu, 0xCAFEBABEu, 0x00000000u, 0xFFFFFFFFu}) {
    const auto ks = parse_keystore(with_u32(b.bytes, 0, magic), {"changeit"});
    EXPECT_FALSE(ks) << std::hex << magic;
  }
  const auto v = parse_keystore(with_u32(b.bytes, 4, 7), {"changeit"});  // version 7
  EXPECT_FALSE(v);
}

TEST(KeystoreCorrupt, TruncationAtEveryOffsetIsAnErrorOrMismatch) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  for (const Built* b : {&small_jks(), &mixed_jks()}) {
    REQUIRE_BUILT(*b);
    ASSERT_LT(b->bytes.size(), 8192u);  // bounds the loop
    std::size_t errors = 0;
    for (std::size_t n = 0; n < b->bytes.size(); ++n) {
      const auto ks = parse_keystore(std::string_view(b->bytes).substr(0, n), {"changeit", kSecret});
      if (!ks) {
        ++errors;
        EXPECT_FALSE(ks.error().empty()) << n;
      } else {
        EXPECT_EQ(ks->integrity, Integrity::Mismatch) << b->path << " cut at " << n;
      }
    }
    // Without its 20-byte digest no prefix is a whole keystore.
    EXPECT_EQ(errors, b->bytes.size()) << b->path;
  }
}

TEST(KeystoreCorrupt, HugeCountsAndLengthsAreErrorsNotLoops) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  const auto& b = small_jks();
  REQUIRE_BUILT(b);
  // Header: u32 magic, u32 version, u32 entry count (sun.security.provider.JavaKeyStore).
  for (std::uint32_t count : {0xFFFFFFFFu, 0x7FFFFFFFu, 0x00010000u, 2u}) {
    const auto ks = parse_keystore(with_u32(b.bytes, 8, count), {"changeit"});
    EXPECT_FALSE(ks) << "entry count " << count;
  }
  // The certificate's u32 length follows its type string "X.509".
  const std::size_t type_at = b.bytes.find("X.509");
  ASSERT_NE(type_at, std::string::npos);
  for (std::uint32_t len : {0xFFFFFFFFu, 0x80000000u, static_cast<std::uint32_t>(b.bytes.size())}) {
    const auto ks = parse_keystore(with_u32(b.bytes, type_at + 5, len), {"changeit"});
    EXPECT_FALSE(ks) << "certificate length " << len;
  }
  // The alias length (u16 before "amazon1").
  const std::size_t alias_at = b.bytes.find("amazon1");
  ASSERT_NE(alias_at, std::string::npos);
  auto long_alias = with_byte(b.bytes, alias_at - 2, 0xFF);
  long_alias = with_byte(long_alias, alias_at - 1, 0xFF);
  EXPECT_FALSE(parse_keystore(long_alias, {"changeit"}));
  // An unknown entry tag (the u32 after the header).
  EXPECT_FALSE(parse_keystore(with_u32(b.bytes, 12, 9), {"changeit"}));
  // A JKS may not hold a JCEKS secret key (tag 3).
  EXPECT_FALSE(parse_keystore(with_u32(b.bytes, 12, 3), {"changeit"}));
}

TEST(KeystoreCorrupt, HugeChainLengthOfAKeyEntryIsAnError) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = mixed_jks();
  REQUIRE_BUILT(b);
  // The chain length is the u32 just before the first certificate's type string of the key entry.
  const std::size_t server_at = b.bytes.find("server");
  ASSERT_NE(server_at, std::string::npos);
  const std::size_t type_at = b.bytes.find(std::string("\x00\x05X.509", 7), server_at);
  ASSERT_NE(type_at, std::string::npos);
  for (std::uint32_t chain : {0xFFFFFFFFu, 0x01000000u, 50u}) {
    const auto ks = parse_keystore(with_u32(b.bytes, type_at - 4, chain), {kSecret});
    EXPECT_FALSE(ks) << "chain length " << chain;
  }
}

TEST(KeystoreCorrupt, EmptyAndGarbageInputAreErrors) {
  EXPECT_FALSE(parse_keystore("", {"changeit"}));
  EXPECT_FALSE(parse_keystore(std::string("\xfe\xed\xfe\xed", 4), {"changeit"}));
  EXPECT_FALSE(parse_keystore(std::string("\xce\xce\xce\xce\x00\x00\x00\x02", 8), {"changeit"}));
  EXPECT_FALSE(parse_keystore(std::string("\x30\x82\x01\x00\x02\x01\x03", 7), {"changeit"}));
  EXPECT_FALSE(parse_keystore("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", {"changeit"}));
  std::mt19937 rng(20240601);  // fixed seed: the same inputs every run
  std::size_t errors = 0;
  for (int round = 0; round < 300; ++round) {
    std::string junk(static_cast<std::size_t>(rng() % 600), '\0');
    for (auto& c : junk) c = static_cast<char>(rng() & 0xff);
    // Give a third of them a keystore's first bytes so the parsers go further in.
    if (round % 3 == 1 && junk.size() >= 12) junk = with_u32(with_u32(junk, 0, 0xFEEDFEEDu), 4, 2);
    if (round % 3 == 2 && junk.size() >= 8) junk.replace(0, 7, std::string("\x30\x82\x01\x00\x02\x01\x03", 7));
    const auto ks = parse_keystore(junk, {"changeit"});
    if (!ks) {
      ++errors;
    } else {
      EXPECT_NE(ks->integrity, Integrity::Verified) << "round " << round;
    }
  }
  EXPECT_GT(errors, 250u);
}

TEST(KeystoreCorrupt, RandomByteFlipsNeverVerify) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = mixed_jks();
  REQUIRE_BUILT(b);
  std::mt19937 rng(7);
  for (int round = 0; round < 2000; ++round) {
    std::string s = b.bytes;
    const std::size_t at = rng() % s.size();
    s[at] = static_cast<char>(s[at] ^ static_cast<char>(1 + rng() % 255));
    const auto ks = parse_keystore(s, {kSecret});
    if (ks) {
      EXPECT_NE(ks->integrity, Integrity::Verified) << "byte " << at << " altered, still verified";
    }
  }
}

// ------------------------------------------------------------------ PKCS#12

TEST(KeystorePkcs12, KeytoolTrustedAndKeyEntries) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = keytool_p12();
  REQUIRE_BUILT(b);
  ASSERT_EQ(b.listed.size(), 3u);
  const auto ks = parse_keystore(b.bytes, {"changeit", kSecret});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->format, KeystoreFormat::Pkcs12);
  EXPECT_STREQ(cert::to_string(ks->format), "PKCS#12");
  EXPECT_EQ(ks->integrity, Integrity::Verified);
  EXPECT_EQ(ks->password_used, kSecret);
  EXPECT_EQ(aliases(*ks), listed_aliases(b));
  for (const auto& l : b.listed) {
    const auto* e = entry(*ks, l.alias);
    ASSERT_NE(e, nullptr) << l.alias;
    EXPECT_EQ(e->trusted, l.type == "trustedCertEntry") << l.alias << ": " << l.type;
    ASSERT_FALSE(e->certificates.empty()) << l.alias;
    EXPECT_EQ(e->certificates.front().sha256().hex(), l.sha256) << l.alias;
  }
  EXPECT_EQ(fingerprints(ks->java_anchors()), listed_fingerprints(b));
  EXPECT_FALSE(any_mentions(ks->notes, "trusted-certificate attribute")) << joined(ks->notes);
}

TEST(KeystorePkcs12, KeyEntryWithACaChainContributesOnlyItsOwnCertificate) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = chained_p12();
  REQUIRE_BUILT(b);
  ASSERT_EQ(b.listed.size(), 1u);
  ASSERT_EQ(b.listed[0].type, "PrivateKeyEntry");
  const auto verbose = run(keytool("-list", "-v " + store_args(b.path, "PKCS12", kSecret)));
  ASSERT_TRUE(contains(verbose.out, "Certificate chain length: 2")) << verbose.out << verbose.err;
  const auto ks = parse_keystore(b.bytes, {kSecret});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::Verified);
  // Java trusts the key entry's own certificate, not the CA above it.
  EXPECT_EQ(fingerprints(ks->java_anchors()), listed_fingerprints(b));
  const auto ca_fp = openssl_fingerprint(scratch() / "chained-ca.pem");
  ASSERT_EQ(ca_fp.size(), 64u);
  EXPECT_EQ(fingerprints(ks->java_anchors()).count(ca_fp), 0u);
  const auto* server = entry(*ks, "server");
  ASSERT_NE(server, nullptr);
  EXPECT_FALSE(server->trusted);
  // keytool stores the CA with a friendlyName and no localKeyID: it completes the key's
  // chain, and is no loose certificate made without -jdktrust.
  EXPECT_FALSE(any_mentions(ks->notes, "lack Java's trusted-certificate attribute")) << joined(ks->notes);
  EXPECT_TRUE(any_mentions(ks->notes, "1 CA certificates of key entries' chains")) << joined(ks->notes);
}

TEST(KeystorePkcs12, KeytoolFileWithWrongPasswordCannotListAndSaysGiveStorePassword) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = keytool_p12();
  REQUIRE_BUILT(b);
  const auto ks = parse_keystore(b.bytes, {"changeit"});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::Mismatch);
  EXPECT_TRUE(ks->java_anchors().empty());
  EXPECT_TRUE(any_mentions(ks->notes, "--store-password")) << joined(ks->notes);
}

TEST(KeystorePkcs12, OpensslNokeysCertificatesAreIgnoredWithANote) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = openssl_nokeys_p12();
  REQUIRE_BUILT(b);
  const auto info = run("openssl pkcs12 -in " + quote(b.path) + " -passin pass:changeit -nokeys");
  ASSERT_EQ(info.exit_code, 0) << info.err;
  ASSERT_FALSE(contains(info.out, "2.16.840.1.113894.746875.1.1")) << info.out;
  std::size_t certs = 0;
  for (std::size_t at = 0; (at = info.out.find("BEGIN CERTIFICATE", at)) != std::string::npos; ++at) ++certs;
  ASSERT_EQ(certs, 2u);
  const auto ks = parse_keystore(b.bytes, {"changeit"});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::Verified);
  EXPECT_TRUE(ks->java_anchors().empty());
  EXPECT_TRUE(any_mentions(ks->notes, std::to_string(certs) + " certificates lack Java's trusted-certificate attribute"))
      << joined(ks->notes);
}

TEST(KeystorePkcs12, OpensslKeyEntryCertificateIsAnAnchorAndExtraCertificatesAreNot) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = openssl_keyed_p12();
  REQUIRE_BUILT(b);
  const auto ks = parse_keystore(b.bytes, {"changeit"});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::Verified);
  EXPECT_EQ(fingerprints(ks->java_anchors()), (std::multiset<std::string>{openssl_fingerprint(leaf_pem())}));
  const auto* leaf = entry(*ks, "leaf");
  ASSERT_NE(leaf, nullptr) << "the -name given to openssl pkcs12";
  EXPECT_FALSE(leaf->trusted);
  // Amazon Root CA 1 (-certfile) has neither the attribute nor a key.
  EXPECT_TRUE(any_mentions(ks->notes, "1 certificates lack Java's trusted-certificate attribute")) << joined(ks->notes);
}

TEST(KeystorePkcs12, WrongPasswordOnAnOpensslFileIsMismatch) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = openssl_keyed_p12();
  REQUIRE_BUILT(b);
  const auto ks = parse_keystore(b.bytes, {"wrong", ""});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::Mismatch);
  EXPECT_TRUE(ks->password_used.empty());
  EXPECT_TRUE(any_mentions(ks->notes, "--store-password")) << joined(ks->notes);
}

TEST(KeystorePkcs12, NoMacIsNotCheckedWithANote) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = openssl_nomac_p12();
  REQUIRE_BUILT(b);
  const auto info = run("openssl pkcs12 -in " + quote(b.path) + " -passin pass:changeit -info -noout");
  ASSERT_TRUE(contains(info.out + info.err, "MAC is absent")) << info.out << info.err;
  for (const std::vector<std::string>& passwords :
       {std::vector<std::string>{"changeit"}, std::vector<std::string>{"wrong"}}) {
    const auto ks = parse_keystore(b.bytes, passwords);
    ASSERT_TRUE(ks) << ks.error();
    EXPECT_EQ(ks->integrity, Integrity::NotChecked) << passwords[0];
    EXPECT_TRUE(any_mentions(ks->notes, "no integrity MAC")) << joined(ks->notes);
    // openssl -nomac leaves the certificates in the clear: listed whatever the password.
    EXPECT_EQ(fingerprints(ks->java_anchors()), (std::multiset<std::string>{openssl_fingerprint(leaf_pem())}))
        << passwords[0];
  }
}

TEST(KeystorePkcs12, PasswordlessJdkStyleFileIsReadWithoutPasswords) {
  TRUSTREADY_REQUIRE_TOOL("keytool");
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = passwordless_p12();
  REQUIRE_BUILT(b);
  const auto listing = run(keytool("-list", store_args(b.path, "PKCS12", "changeit")));
  ASSERT_TRUE(contains(listing.out, "amazon1, ")) << listing.out << listing.err;
  ASSERT_TRUE(contains(listing.out, "trustedCertEntry")) << listing.out;
  const auto ks = parse_keystore(b.bytes, {});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(ks->integrity, Integrity::NotChecked);
  EXPECT_TRUE(any_mentions(ks->notes, "no integrity MAC")) << joined(ks->notes);
  ASSERT_EQ(ks->entries.size(), 1u);
  EXPECT_EQ(ks->entries[0].alias, "amazon1");
  EXPECT_TRUE(ks->entries[0].trusted);
  EXPECT_EQ(fingerprints(ks->java_anchors()), (std::multiset<std::string>{sha256_of(kAmazon1)}));
}

TEST(KeystorePkcs12, MacOpensslCannotComputeIsNotCheckedNotMismatch) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = openssl_keyed_p12();
  REQUIRE_BUILT(b);
  const auto info = run("openssl pkcs12 -in " + quote(b.path) + " -passin pass:changeit -info -noout");
  ASSERT_TRUE(contains(info.out + info.err, "MAC: sha256")) << info.out << info.err;
  // The MacData comes last in the PFX: its SHA-256 OID 2.16.840.1.101.3.4.2.1 becomes .2.127.
  const std::string sha256_oid("\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01", 11);
  const std::size_t at = b.bytes.rfind(sha256_oid);
  ASSERT_NE(at, std::string::npos);
  ASSERT_GT(at, b.bytes.size() - 80);
  const std::string patched = with_byte(b.bytes, at + 10, 0x7f);
  const std::string patched_path = scratch() / "unknown-mac.p12";
  testing::write_file(patched_path, patched);
  const auto real = run("openssl pkcs12 -in " + quote(patched_path) + " -passin pass:changeit -noout");
  ASSERT_NE(real.exit_code, 0) << "the openssl CLI still verifies the patched MAC";
  for (const std::vector<std::string>& passwords :
       {std::vector<std::string>{"changeit"}, std::vector<std::string>{"wrong", "changeit"},
        std::vector<std::string>{"wrong"}}) {
    const auto ks = parse_keystore(patched, passwords);
    ASSERT_TRUE(ks) << ks.error();
    EXPECT_EQ(ks->integrity, Integrity::NotChecked) << passwords.size() << " passwords, first " << passwords[0];
    EXPECT_TRUE(any_mentions(ks->notes, "cannot be checked")) << joined(ks->notes);
  }
  // The certificates are encrypted with "changeit": listed when it is among the passwords.
  const auto ks = parse_keystore(patched, {"wrong", "changeit"});
  ASSERT_TRUE(ks) << ks.error();
  EXPECT_EQ(fingerprints(ks->java_anchors()), (std::multiset<std::string>{openssl_fingerprint(leaf_pem())}));
}

TEST(KeystorePkcs12, TruncationAtEveryOffsetIsAnErrorOrMismatch) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  const auto& b = openssl_keyed_p12();
  REQUIRE_BUILT(b);
  ASSERT_LT(b.bytes.size(), 8192u);
  std::size_t errors = 0;
  for (std::size_t n = 0; n < b.bytes.size(); ++n) {
    const auto ks = parse_keystore(std::string_view(b.bytes).substr(0, n), {"changeit"});
    if (!ks) {
      ++errors;
    } else {
      EXPECT_NE(ks->integrity, Integrity::Verified) << "cut at " << n;
    }
  }
  EXPECT_EQ(errors, b.bytes.size()) << "a truncated DER PFX was accepted";
  const auto whole = parse_keystore(b.bytes, {"changeit"});
  EXPECT_TRUE(whole) << whole.error();
}

}  // namespace
}  // namespace trustready
