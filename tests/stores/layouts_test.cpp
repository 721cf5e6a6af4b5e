// Every distribution layout trustready knows, spelled out here again from the
// distributions' own packages (not from stores/layouts.cpp), and a tree per layout judged
// by the real binary: a typo in any known path leaves its tree unjudged and fails here.
// Sources: Debian's and Alpine's ca-certificates (update-ca-certificates), Fedora/RHEL's
// ca-certificates with p11-kit (update-ca-trust), openSUSE's ca-certificates, Arch's
// ca-certificates-utils (trust extract-compat), Debian's openssl (OPENSSLDIR /usr/lib/ssl).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "stores/layouts.h"
#include "stores/store_test_support.h"

namespace trustready {
namespace {

using namespace store_test;
using nlohmann::json;

const std::vector<std::string> kAllAts = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                          "Amazon_Root_CA_4.pem", kStarfield, "Starfield_Class_2_CA.pem"};

enum class Place { Bundle, HashedDir, Anchors };

struct Layout {
  std::string os_release;  ///< ID= of its /etc/os-release
  std::vector<std::pair<std::string, Place>> places;
};

/// What each distribution ships, as its packages install it.
const std::map<std::string, Layout>& layouts() {
  static const std::map<std::string, Layout> table = {
      {"debian", {"debian", {{"/etc/ssl/certs/ca-certificates.crt", Place::Bundle},
                             {"/etc/ssl/certs", Place::HashedDir},
                             {"/usr/local/share/ca-certificates", Place::Anchors},
                             {"/usr/lib/ssl/cert.pem", Place::Bundle},
                             {"/usr/lib/ssl/certs", Place::HashedDir}}}},
      {"alpine", {"alpine", {{"/etc/ssl/certs/ca-certificates.crt", Place::Bundle},
                             {"/etc/ssl/cert.pem", Place::Bundle},
                             {"/usr/local/share/ca-certificates", Place::Anchors}}}},
      {"rhel", {"rhel", {{"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", Place::Bundle},
                         {"/etc/pki/tls/certs/ca-bundle.crt", Place::Bundle},
                         {"/etc/pki/tls/cert.pem", Place::Bundle},
                         {"/etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt", Place::Bundle},
                         {"/etc/pki/tls/certs", Place::HashedDir},
                         {"/etc/pki/ca-trust/source/anchors", Place::Anchors},
                         {"/usr/share/pki/ca-trust-source/anchors", Place::Anchors}}}},
      {"suse", {"opensuse-leap", {{"/var/lib/ca-certificates/ca-bundle.pem", Place::Bundle},
                                  {"/etc/ssl/ca-bundle.pem", Place::Bundle},
                                  {"/var/lib/ca-certificates/openssl", Place::HashedDir},
                                  {"/etc/pki/trust/anchors", Place::Anchors},
                                  {"/usr/share/pki/trust/anchors", Place::Anchors}}}},
      {"arch", {"arch", {{"/etc/ca-certificates/extracted/tls-ca-bundle.pem", Place::Bundle},
                         {"/etc/ca-certificates/trust-source/anchors", Place::Anchors}}}},
  };
  return table;
}

TEST(Layouts, EveryKnownPlaceIsOneADistributionShipsAndEveryOneShippedIsKnown) {
  std::set<std::string> spelled;
  for (const auto& [name, layout] : layouts())
    for (const auto& [path, place] : layout.places) spelled.insert(path);
  std::set<std::string> known;
  for (const auto& loc : stores::known_locations()) known.insert(loc.path);
  EXPECT_EQ(known, spelled);
}

/// A tree of one layout: its os-release, every bundle holding the six ATS anchors, every
/// hashed folder made by the real `openssl rehash`, every anchor folder empty.
void build_tree(const testing::TempDir& root, const Layout& layout) {
  write_file(root / "etc/os-release", "ID=" + layout.os_release + "\n");
  for (const auto& [path, place] : layout.places) {
    if (place == Place::Bundle) testing::write_bundle(root.path() + path, kAllAts);
    if (place == Place::HashedDir) {
      ASSERT_NO_FATAL_FAILURE(rehashed_dir(root.path() + path, kAllAts));
    }
    if (place == Place::Anchors) make_dirs(root.path() + path);
  }
}

TEST(Layouts, EachLayoutsTreeIsFoundInFullAndReady) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  for (const auto& [name, layout] : layouts()) {
    SCOPED_TRACE(name);
    testing::TempDir root;
    ASSERT_NO_FATAL_FAILURE(build_tree(root, layout));
    auto r = run(quote(testing::binary()) + " stores --system-only --root " + quote(root.path()) + " --format json");
    const auto j = json::parse(r.out, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
    std::map<std::string, json> found;
    for (const auto& s : j.at("stores")) found[s.at("path")] = s;
    for (const auto& [path, place] : layout.places) {
      ASSERT_TRUE(found.count(path)) << path << " not found:\n" << j.dump(2);
      EXPECT_TRUE(found.at(path).at("error").is_null()) << found.at(path).dump(2);
      if (place != Place::Anchors) {
        EXPECT_EQ(found.at(path).at("certificates"), kAllAts.size()) << path;
      }
    }
    r = run(quote(testing::binary()) + " check -q --system-only --root " + quote(root.path()) + " --at " +
            testing::kTestDate);
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out, "ready    every trust store verifies the aws-ats chains\n");
  }
}

}  // namespace
}  // namespace trustready
