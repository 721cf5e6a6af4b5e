// Android's network security config in an app's source layout, as
// developer.android.com/privacy-and-security/security-config documents it: the manifest's
// android:networkSecurityConfig="@xml/NAME", res/xml/NAME.xml with two pin-sets (one with
// an expiration), nested domain-config inheriting, trust-anchors with @raw/ and
// overridePins, debug-overrides; then link_android() joins them. Pins from openssl
// (OkHttp's recipe, which Android's <pin digest="SHA-256"> shares), positions from rg.
#include <gtest/gtest.h>

#include <string>

#include "scan/detect.h"
#include "scan/scan_support.h"
#include "support/test_pki.h"

namespace trustready::scan {
namespace {

using namespace testing_support;
using trustready::testing::make_dirs;
using trustready::testing::TempDir;
using trustready::testing::TestPki;
using trustready::testing::write_file;

class AndroidProject : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("rg");
    pki_.root("corp");
    pki_.leaf("leaf", "corp", "example.com");
    leaf_ = spki_pin(pki_.path("leaf.pem"));
    corp_ = spki_pin(pki_.path("corp.pem"));
    main_ = dir_ / "app/src/main";
    make_dirs(main_ + "/res/xml");
    make_dirs(main_ + "/res/raw");
    write_file(manifest(), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                           "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\" package=\"com.example\">\n"
                           "    <application android:label=\"Example\"\n"
                           "        android:networkSecurityConfig=\"@xml/network_security_config\">\n"
                           "    </application>\n</manifest>\n");
    write_file(config(), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<network-security-config>\n"
                         "    <base-config cleartextTrafficPermitted=\"false\">\n"
                         "        <trust-anchors><certificates src=\"system\"/></trust-anchors>\n    </base-config>\n"
                         "    <domain-config>\n        <domain includeSubdomains=\"true\">example.com</domain>\n"
                         "        <pin-set expiration=\"2027-01-01\">\n"
                         "            <pin digest=\"SHA-256\">" + leaf_ + "</pin>\n"
                         "            <pin digest=\"SHA-256\">" + corp_ + "</pin>\n        </pin-set>\n"
                         "        <trust-anchors>\n            <certificates src=\"@raw/corp_ca\" overridePins=\"true\"/>\n"
                         "            <certificates src=\"system\"/>\n        </trust-anchors>\n"
                         "        <domain-config>\n            <domain>legacy.example.com</domain>\n        </domain-config>\n"
                         "    </domain-config>\n"
                         "    <domain-config>\n        <domain>api.example.org</domain>\n"
                         "        <pin-set>\n            <pin digest=\"SHA-256\">" + corp_ + "</pin>\n        </pin-set>\n"
                         "    </domain-config>\n"
                         "    <debug-overrides>\n        <trust-anchors><certificates src=\"user\"/></trust-anchors>\n"
                         "    </debug-overrides>\n</network-security-config>\n");
    write_file(raw(), read_file(pki_.path("corp.pem")));
  }
  std::string manifest() const { return main_ + "/AndroidManifest.xml"; }
  std::string config() const { return main_ + "/res/xml/network_security_config.xml"; }
  std::string raw() const { return main_ + "/res/raw/corp_ca.pem"; }

  TempDir dir_;
  TestPki pki_{dir_};
  std::string main_, leaf_, corp_;
};

TEST_F(AndroidProject, EveryConfigIsASetWithItsDomainsPinsExpirationAndAnchors) {
  const auto f = detect_file(config());
  ASSERT_EQ(f.pins.size(), 5u);
  const auto& base = f.pins[0];
  EXPECT_TRUE(base.domains.empty());
  EXPECT_EQ(base.trust_anchors, std::vector<std::string>{"system"});
  EXPECT_EQ(at(base.at), rg_at(config(), "<base-config"));

  const auto& main = f.pins[1];
  EXPECT_EQ(main.syntax, PinSyntax::AndroidNsc);
  EXPECT_EQ(main.domains, std::vector<std::string>{"example.com"});
  EXPECT_TRUE(main.include_subdomains);
  EXPECT_EQ(main.expiration, "2027-01-01");
  ASSERT_EQ(main.pins.size(), 2u);
  EXPECT_EQ(main.pins[0].text, leaf_);
  EXPECT_EQ(main.pins[1].text, corp_);
  EXPECT_EQ(main.pins[0].digest, PinDigest::Sha256Spki);
  EXPECT_EQ(at(main.pins[0].at), rg_at(config(), leaf_));
  EXPECT_EQ(at(main.pins[1].at), rg_at(config(), corp_));
  EXPECT_EQ(at(main.at), rg_at(config(), "<pin-set expiration"));
  EXPECT_EQ(main.trust_anchors, (std::vector<std::string>{"@raw/corp_ca", "system"}));
  EXPECT_TRUE(main.override_pins);
  EXPECT_FALSE(main.debug_only);

  const auto& nested = f.pins[2];  // inherits its parent's pin-set and trust-anchors
  EXPECT_EQ(nested.domains, std::vector<std::string>{"legacy.example.com"});
  EXPECT_FALSE(nested.include_subdomains);
  ASSERT_EQ(nested.pins.size(), 2u);
  EXPECT_EQ(nested.expiration, "2027-01-01");
  EXPECT_EQ(nested.trust_anchors, main.trust_anchors);

  const auto& org = f.pins[3];
  EXPECT_EQ(org.domains, std::vector<std::string>{"api.example.org"});
  ASSERT_EQ(org.pins.size(), 1u);
  EXPECT_EQ(at(org.pins[0].at), sh("rg --column -n -F -- " + quote(corp_) + " " + quote(config()) + " | tail -1 | cut -d: -f1,2"));
  EXPECT_TRUE(org.expiration.empty());

  const auto& debug = f.pins[4];
  EXPECT_TRUE(debug.debug_only);
  EXPECT_EQ(debug.trust_anchors, std::vector<std::string>{"user"});
}

TEST_F(AndroidProject, TheManifestNamesItsConfigAndLinkingResolvesItAndTheRawAnchor) {
  const auto m = detect_file(manifest());
  ASSERT_EQ(m.nsc_references.size(), 1u);
  EXPECT_EQ(m.nsc_references[0].first, "@xml/network_security_config");
  EXPECT_EQ(at(m.nsc_references[0].second), rg_at(manifest(), "android:networkSecurityConfig"));
  std::vector<FileFindings> all = {m, detect_file(config()), detect_file(raw())};
  ASSERT_EQ(all[2].stores.size(), 1u);  // the raw certificate is a store of its own
  std::vector<std::string> notes;
  link_android(all, notes);
  EXPECT_TRUE(notes.empty()) << notes.front();
  for (const auto& set : all[1].pins) EXPECT_EQ(set.used_by, manifest());
  EXPECT_EQ(all[1].pins[1].trust_anchors, (std::vector<std::string>{raw(), "system"}));
  EXPECT_EQ(all[1].pins[2].trust_anchors, (std::vector<std::string>{raw(), "system"}));
}

TEST_F(AndroidProject, AManifestNamingAMissingConfigAndAMissingRawFileAreNotes) {
  std::vector<FileFindings> all = {detect_file(manifest()), detect_file(config())};
  all[0].nsc_references[0].first = "@xml/gone";
  std::vector<std::string> notes;
  link_android(all, notes);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[0].find("res/xml/gone.xml was not found"), std::string::npos) << notes[0];
  EXPECT_NE(notes[1].find("@raw/corp_ca"), std::string::npos) << notes[1];
  EXPECT_TRUE(all[1].pins[1].used_by.empty());
}

TEST_F(AndroidProject, BrokenXmlAndForeignDigestsAreNotesNotPins) {
  write_file(dir_ / "broken.xml", "<network-security-config><domain-config><pin-set>\n<pin digest=\"SHA-256\">" + leaf_ + "</pin>\n");
  const auto broken = detect_file(dir_ / "broken.xml");
  EXPECT_TRUE(broken.pins.empty());
  ASSERT_EQ(broken.notes.size(), 1u);
  EXPECT_NE(broken.notes[0].find("not well-formed XML"), std::string::npos) << broken.notes[0];
  write_file(dir_ / "sha1.xml", "<network-security-config><domain-config><domain>a.example</domain><pin-set>\n"
                                "<pin digest=\"SHA-1\">" + spki_pin_sha1(pki_.path("leaf.pem")) + "</pin></pin-set></domain-config>"
                                "</network-security-config>\n");
  const auto sha1 = detect_file(dir_ / "sha1.xml");
  ASSERT_EQ(sha1.pins.size(), 1u);
  EXPECT_TRUE(sha1.pins[0].pins.empty());
  EXPECT_EQ(sha1.notes.size(), 1u);
}

}  // namespace
}  // namespace trustready::scan
