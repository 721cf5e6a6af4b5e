// Pins found by scan::detect() in the syntaxes apps write them: OkHttp's
// CertificatePinner in Kotlin and Java, TrustKit in Swift, Objective-C and Info.plist,
// HPKP headers in nginx, Apache and HAProxy configurations, hex fingerprints beside
// pin-like names. Every pin is computed by openssl with OkHttp's documented recipe (SPKI,
// SHA-256, base64) or `openssl x509 -fingerprint`; every line and column comes from rg.
#include <gtest/gtest.h>

#include <string>

#include "scan/detect.h"
#include "scan/scan_support.h"
#include "support/test_pki.h"

namespace trustready::scan {
namespace {

using namespace testing_support;
using trustready::testing::TempDir;
using trustready::testing::TestPki;
using trustready::testing::write_file;

class DetectPins : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("rg");
    pki_.root("root");
    pki_.leaf("leaf", "root", "api.example.com");
    root_pin_ = spki_pin(pki_.path("root.pem"));
    leaf_pin_ = spki_pin(pki_.path("leaf.pem"));
    leaf_sha1_ = spki_pin_sha1(pki_.path("leaf.pem"));
  }
  std::string file(const std::string& name) const { return dir_ / name; }
  /// Where rg finds each pin of `set` in its file, one "LINE:COL" per line, in order.
  static std::string positions(const PinSet& set) {
    std::string out;
    for (const auto& p : set.pins) out += (out.empty() ? "" : "\n") + at(p.at);
    return out;
  }
  TempDir dir_;
  TestPki pki_{dir_};
  std::string root_pin_, leaf_pin_, leaf_sha1_;
};

std::vector<std::string> texts(const PinSet& set) {
  std::vector<std::string> out;
  for (const auto& p : set.pins) out.push_back(p.text);
  return out;
}

TEST_F(DetectPins, OkHttpKotlinAddsGiveOneSetPerHostWithEveryPinWhereRgFindsIt) {
  const std::string kt = file("Client.kt");
  write_file(kt, "package com.example\n\nimport okhttp3.CertificatePinner\n\n"
                 "private const val BACKUP = \"sha256/" + root_pin_ + "\"\n\n"
                 "val pinner = CertificatePinner.Builder()\n"
                 "    .add(\"api.example.com\", \"sha256/" + leaf_pin_ + "\", BACKUP)\n"
                 "    .add(\"**.example.org\", \"sha1/" + leaf_sha1_ + "\")\n"
                 "    .add(\"api.example.com\", \"sha256/" + root_pin_ + "\")\n"
                 "    .build()\n");
  const auto f = detect_file(kt);
  ASSERT_EQ(f.pins.size(), 2u);
  const auto& api = f.pins[0];
  EXPECT_EQ(api.syntax, PinSyntax::OkHttp);
  EXPECT_EQ(api.domains, std::vector<std::string>{"api.example.com"});
  EXPECT_FALSE(api.include_subdomains);
  EXPECT_EQ(texts(api), (std::vector<std::string>{"sha256/" + leaf_pin_, "sha256/" + root_pin_, "sha256/" + root_pin_}));
  ASSERT_EQ(api.pins[0].value.size(), 32u);
  EXPECT_EQ(cert::base64_encode(std::string_view(reinterpret_cast<const char*>(api.pins[0].value.data()), 32)), leaf_pin_);
  EXPECT_EQ(api.pins[0].digest, PinDigest::Sha256Spki);
  EXPECT_EQ(at(api.pins[0].at), rg_at(kt, "sha256/" + leaf_pin_));
  EXPECT_EQ(at(api.pins[1].at), rg_at(kt, "sha256/" + root_pin_));  // the constant's literal
  EXPECT_EQ(at(api.at), at(api.pins[0].at));
  const auto& org = f.pins[1];
  EXPECT_EQ(org.domains, std::vector<std::string>{"**.example.org"});
  EXPECT_TRUE(org.include_subdomains);
  ASSERT_EQ(org.pins.size(), 1u);
  EXPECT_EQ(org.pins[0].digest, PinDigest::Sha1Spki);
  EXPECT_EQ(org.pins[0].value.size(), 20u);
  EXPECT_EQ(at(org.pins[0].at), rg_at(kt, "sha1/" + leaf_sha1_));
}

TEST_F(DetectPins, OkHttpJavaBuilderOverSeveralLinesWithCommentsIsRead) {
  const std::string java = file("Pinning.java");
  write_file(java, "import okhttp3.CertificatePinner;\n\nclass Pinning {\n"
                   "  // .add(\"old.example.com\", \"sha256/" + root_pin_ + "\") was removed\n"
                   "  CertificatePinner pinner = new CertificatePinner.Builder()\n"
                   "      .add(\"*.example.com\",\n"
                   "           \"sha256/" + leaf_pin_ + "\",\n"
                   "           \"sha256/" + root_pin_ + "\")\n"
                   "      .build();\n}\n");
  const auto f = detect_file(java);
  ASSERT_EQ(f.pins.size(), 1u);
  EXPECT_EQ(f.pins[0].domains, std::vector<std::string>{"*.example.com"});
  EXPECT_EQ(texts(f.pins[0]), (std::vector<std::string>{"sha256/" + leaf_pin_, "sha256/" + root_pin_}));
  EXPECT_EQ(at(f.pins[0].pins[0].at), rg_at(java, "sha256/" + leaf_pin_));
  // rg's second match of the root pin is the live one (the first is in the comment).
  EXPECT_EQ(at(f.pins[0].pins[1].at), sh("rg --column -n -F -- " + quote("\"sha256/" + root_pin_ + "\")") + " " +
                                         quote(java) + " | tail -1 | cut -d: -f1,2 | awk -F: '{print $1\":\"$2+1}'"));
}

TEST_F(DetectPins, TrustKitInSwiftObjectiveCAndInfoPlistGivesDomainsPinsAndSubdomains) {
  const std::string swift = file("AppDelegate.swift");
  write_file(swift, "import TrustKit\n\nlet trustKitConfig = [\n  kTSKSwizzleNetworkDelegates: false,\n"
                    "  kTSKPinnedDomains: [\n    \"api.example.com\": [\n      kTSKExpirationDate: \"2027-12-01\",\n"
                    "      kTSKPublicKeyHashes: [\n        \"" + leaf_pin_ + "\",\n        \"" + root_pin_ + "\",\n      ],\n"
                    "      kTSKIncludeSubdomains: true,\n    ]]] as [String : Any]\n");
  const std::string objc = file("AppDelegate.m");
  write_file(objc, "NSDictionary *trustKitConfig = @{\n  kTSKPinnedDomains : @{\n    @\"api.example.com\" : @{\n"
                   "      kTSKPublicKeyHashes : @[\n        @\"" + leaf_pin_ + "\",\n        @\"" + root_pin_ + "\"\n      ],\n"
                   "      kTSKEnforcePinning : @YES,\n    },\n  }\n};\n");
  const std::string plist = file("Info.plist");
  write_file(plist, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n<dict>\n"
                    "  <key>TSKConfiguration</key>\n  <dict>\n    <key>TSKPinnedDomains</key>\n    <dict>\n"
                    "      <key>api.example.com</key>\n      <dict>\n        <key>TSKIncludeSubdomains</key>\n        <true/>\n"
                    "        <key>TSKPublicKeyHashes</key>\n        <array>\n          <string>" + leaf_pin_ + "</string>\n"
                    "          <string>" + root_pin_ + "</string>\n        </array>\n      </dict>\n    </dict>\n  </dict>\n</dict>\n</plist>\n");
  for (const auto& [path, subdomains] : std::vector<std::pair<std::string, bool>>{{swift, true}, {objc, false}, {plist, true}}) {
    const auto f = detect_file(path);
    ASSERT_EQ(f.pins.size(), 1u) << path;
    const auto& set = f.pins[0];
    EXPECT_EQ(set.syntax, PinSyntax::TrustKit);
    EXPECT_EQ(set.domains, std::vector<std::string>{"api.example.com"}) << path;
    EXPECT_EQ(set.include_subdomains, subdomains) << path;
    EXPECT_EQ(texts(set), (std::vector<std::string>{leaf_pin_, root_pin_})) << path;
    EXPECT_EQ(at(set.pins[0].at), rg_at(path, leaf_pin_)) << path;
    EXPECT_EQ(at(set.pins[1].at), rg_at(path, root_pin_)) << path;
  }
  EXPECT_EQ(detect_file(swift).pins[0].expiration, "2027-12-01");
}

TEST_F(DetectPins, HpkpHeadersInNginxApacheAndHaproxyWithTheirServerNames) {
  const std::string nginx = file("nginx.conf");
  write_file(nginx, "http {\n  server {\n    listen 80;\n    server_name plain.example.com;\n  }\n  server {\n"
                    "    listen 443 ssl;\n    server_name www.example.com example.com;\n"
                    "    # add_header Public-Key-Pins 'old';\n"
                    "    add_header Public-Key-Pins 'pin-sha256=\"" + leaf_pin_ + "\"; pin-sha256=\"" + root_pin_ +
                    "\"; max-age=5184000; includeSubDomains' always;\n    location / { root /srv; }\n  }\n}\n");
  const std::string apache = file("site.conf");
  write_file(apache, "<VirtualHost *:443>\n    ServerName shop.example.com:443\n    ServerAlias store.example.com\n"
                     "    Header always set Public-Key-Pins-Report-Only \"pin-sha256=\\\"" + leaf_pin_ +
                     "\\\"; max-age=600; report-uri=\\\"https://r.example.com/\\\"\"\n</VirtualHost>\n");
  const std::string haproxy = file("haproxy.cfg");
  write_file(haproxy, "frontend https\n    bind :443 ssl crt /etc/haproxy/site.pem\n"
                      "    http-response set-header Public-Key-Pins pin-sha256=\\\"" + root_pin_ + "\\\";\\ max-age=60\n");
  auto f = detect_file(nginx);
  ASSERT_EQ(f.pins.size(), 1u);
  EXPECT_EQ(f.pins[0].syntax, PinSyntax::Hpkp);
  EXPECT_EQ(f.pins[0].domains, (std::vector<std::string>{"www.example.com", "example.com"}));
  EXPECT_TRUE(f.pins[0].include_subdomains);
  EXPECT_EQ(f.pins[0].expiration, "max-age=5184000");
  EXPECT_EQ(texts(f.pins[0]), (std::vector<std::string>{leaf_pin_, root_pin_}));
  EXPECT_EQ(at(f.pins[0].at), sh("rg --column -n -F 'add_header Public-Key-Pins' " + nginx +
                                 " | grep -v '#' | cut -d: -f1,2 | awk -F: '{print $1\":\"$2+11}'"));
  EXPECT_EQ(at(f.pins[0].pins[1].at), rg_at(nginx, root_pin_));

  f = detect_file(apache);
  ASSERT_EQ(f.pins.size(), 1u);
  EXPECT_EQ(f.pins[0].domains, (std::vector<std::string>{"shop.example.com", "store.example.com"}));
  EXPECT_EQ(f.pins[0].name, "Public-Key-Pins-Report-Only");
  EXPECT_EQ(texts(f.pins[0]), std::vector<std::string>{leaf_pin_});
  EXPECT_EQ(at(f.pins[0].pins[0].at), rg_at(apache, leaf_pin_));
  EXPECT_FALSE(f.pins[0].include_subdomains);

  f = detect_file(haproxy);
  ASSERT_EQ(f.pins.size(), 1u);
  EXPECT_TRUE(f.pins[0].domains.empty());
  EXPECT_EQ(texts(f.pins[0]), std::vector<std::string>{root_pin_});
  EXPECT_EQ(f.pins[0].expiration, "max-age=60");
}

TEST_F(DetectPins, HexFingerprintsBesidePinLikeNamesAsOpensslPrintsThem) {
  const std::string sha256_colons = sh("openssl x509 -in " + pki_.path("leaf.pem") + " -noout -fingerprint -sha256 | cut -d= -f2");
  const std::string sha1_bare = sh("openssl x509 -in " + pki_.path("leaf.pem") + " -noout -fingerprint -sha1 | cut -d= -f2 | tr -d :");
  const std::string yaml = file("tls.yaml");
  write_file(yaml, "upstream:\n  host: api.example.com\n  cert_fingerprint: \"" + sha256_colons + "\"\n"
                   "  commit: 0123456789abcdef0123456789abcdef01234567\n");
  const std::string go = file("pin.go");
  write_file(go, "package pin\n\nconst pinnedCertSha1 = \"" + sha1_bare + "\"\n");
  auto f = detect_file(yaml);
  ASSERT_EQ(f.pins.size(), 1u);
  EXPECT_EQ(f.pins[0].syntax, PinSyntax::Fingerprint);
  EXPECT_EQ(f.pins[0].name, "cert_fingerprint");
  EXPECT_TRUE(f.pins[0].domains.empty());
  ASSERT_EQ(f.pins[0].pins.size(), 1u);
  EXPECT_EQ(f.pins[0].pins[0].digest, PinDigest::Sha256Hex);
  EXPECT_EQ(f.pins[0].pins[0].text, sha256_colons);
  EXPECT_EQ(at(f.pins[0].pins[0].at), rg_at(yaml, sha256_colons));
  std::string hex;
  for (auto b : f.pins[0].pins[0].value) hex += "0123456789abcdef"[b >> 4], hex += "0123456789abcdef"[b & 15];
  EXPECT_EQ(hex, trustready::testing::openssl_fingerprint(pki_.path("leaf.pem")));

  f = detect_file(go);
  ASSERT_EQ(f.pins.size(), 1u);
  EXPECT_EQ(f.pins[0].name, "pinnedCertSha1");
  EXPECT_EQ(f.pins[0].pins[0].digest, PinDigest::Sha1Hex);
  EXPECT_EQ(f.pins[0].pins[0].value.size(), 20u);
  EXPECT_EQ(at(f.pins[0].pins[0].at), rg_at(go, sha1_bare));
}

TEST_F(DetectPins, LookalikesOfPinsAreNotPins) {
  // A README quoting OkHttp's documentation, a lock file's hashes, a commit id, hex in PEM.
  write_file(file("README.md"), "Pin with `.add(\"example.com\", \"sha256/" + leaf_pin_ + "\")`; see Public-Key-Pins.\n"
                                "fingerprint: 0123456789abcdef0123456789abcdef01234567\n");
  sh("printf '{\"lockfileVersion\": 3, \"packages\": {\"node_modules/pinia\": {\"version\": \"2.1.7\", "
     "\"integrity\": \"sha512-abc\", \"shasum\": \"0123456789abcdef0123456789abcdef01234567\", \"pin\": 1}}}\\n' >" +
     file("package-lock.json"));
  write_file(file("history.cfg"), "Merged 0123456789abcdef0123456789abcdef01234567 (spinner fix)\n"
                              "shipping 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
  write_file(file("notes.kt"), "// the pin is sha256/notbase64!! and sha256/AAAA\nval x = \"sha256/short=\"\n");
  for (const std::string name : {"README.md", "package-lock.json", "history.cfg", "notes.kt"}) {
    const auto f = detect_file(file(name));
    EXPECT_TRUE(f.pins.empty()) << name << ": " << (f.pins.empty() ? "" : f.pins[0].pins.at(0).text);
    EXPECT_TRUE(f.notes.empty()) << name << ": " << (f.notes.empty() ? "" : f.notes[0]);
  }
}

}  // namespace
}  // namespace trustready::scan
