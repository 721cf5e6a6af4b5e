// The file-tree seam: discovery and `check`'s data flow read only through fs::FileTree,
// so a tree held in memory (an image, later) is judged exactly as a folder on disk.
// The layouts are Debian's as the real update-ca-certificates writes them (a bundle and
// hash links to /usr/share/ca-certificates); fingerprints come from the openssl CLI.
#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "run/run_check.h"
#include "stores/discover.h"
#include "stores/store_test_support.h"
#include "support/memory_tree.h"

namespace trustready {
namespace {

using namespace store_test;
using stores::Store;
using testing::MemoryTree;

const std::vector<std::string> kAllAts = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                          "Amazon_Root_CA_4.pem", kStarfield, "Starfield_Class_2_CA.pem"};

std::string pem(const std::string& data_cert) { return testing::read_file(real_cert(data_cert)); }

/// A Debian tree: os-release, the compiled bundle, and the CApath links of the real
/// update-ca-certificates (/etc/ssl/certs/NAME.pem -> /usr/share/ca-certificates/NAME.crt).
MemoryTree debian_tree(const std::vector<std::string>& certs) {
  MemoryTree tree("/srv/image");
  tree.file("/etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
  std::string bundle;
  for (const auto& c : certs) {
    bundle += pem(c);
    tree.file("/usr/share/ca-certificates/mozilla/" + c, pem(c));
    tree.symlink("/etc/ssl/certs/" + c, "/usr/share/ca-certificates/mozilla/" + c);
  }
  tree.file("/etc/ssl/certs/ca-certificates.crt", bundle);
  tree.folder("/usr/local/share/ca-certificates");
  return tree;
}

const Store* find(const std::vector<Store>& stores, const std::string& path) {
  for (const auto& s : stores)
    if (s.location.path == path) return &s;
  return nullptr;
}

TEST(MemoryTreeDiscovery, DebianBundleInATreeInMemoryHoldsTheCertificatesOpensslFingerprints) {
  const MemoryTree tree = debian_tree(kAllAts);
  stores::DiscoveryOptions options;
  options.applications = false;
  const auto d = stores::discover(tree, options);
  EXPECT_EQ(d.distro.family, stores::DistroFamily::Debian);
  const Store* bundle = find(d.stores, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(bundle, nullptr);
  EXPECT_FALSE(bundle->error) << *bundle->error;
  EXPECT_EQ(fingerprints(*bundle), openssl_fingerprints(kAllAts));
  EXPECT_EQ(bundle->location.origin, stores::StoreOrigin::Distribution);
  EXPECT_TRUE(stores::is_system_bundle(*bundle));
}

// An absolute symlink resolves inside the tree, never on this machine (design.md's
// first safety rule), whatever tree it is.
TEST(MemoryTreeDiscovery, AbsoluteSymlinkToTheBundleResolvesInsideTheTree) {
  MemoryTree tree = debian_tree({"Amazon_Root_CA_1.pem"});
  tree.file("/usr/share/pki/bundle.pem", pem("Amazon_Root_CA_3.pem"));
  tree.symlink("/etc/ssl/cert.pem", "/usr/share/pki/bundle.pem");
  stores::DiscoveryOptions options;
  options.applications = false;
  const auto d = stores::discover(tree, options);
  const Store* linked = find(d.stores, "/etc/ssl/cert.pem");
  ASSERT_NE(linked, nullptr);
  EXPECT_EQ(linked->resolved_path, "/usr/share/pki/bundle.pem");
  EXPECT_EQ(fingerprints(*linked), openssl_fingerprints({"Amazon_Root_CA_3.pem"}));
}

// Locating and reading are two steps: candidates a scanner found itself are read the
// same way, each real file once.
TEST(MemoryTreeDiscovery, CandidatesFedToReadStoresAreReadOncePerRealFile) {
  MemoryTree tree = debian_tree({"Amazon_Root_CA_1.pem"});
  tree.file("/opt/app/ca.pem", pem("ISRG_Root_X1.pem"));
  tree.symlink("/opt/app/current-ca.pem", "ca.pem");
  std::vector<stores::StoreLocation> found = {stores::named_location(tree, "/opt/app/ca.pem"),
                                              stores::named_location(tree, "/opt/app/current-ca.pem")};
  const auto read = stores::read_stores(tree, found, {});
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(fingerprints(read[0]), openssl_fingerprints({"ISRG_Root_X1.pem"}));
  EXPECT_EQ(tree.reads("/opt/app/ca.pem"), 1u);
}

TEST(MemoryTreeDiscovery, CheckOverATreeInMemoryIsReadyWithAllSixAnchorsAndBrokenWithNone) {
  auto catalog = catalog::Catalog::embedded();
  ASSERT_TRUE(catalog) << catalog.error();
  const auto* m = catalog->find("aws-ats");
  stores::DiscoveryOptions options;
  options.applications = false;
  const judge::JudgeOptions at{*parse_time("2026-12-01"), std::chrono::days{365}};
  // The verdicts the real openssl verify gives these stores (tests/cli/check_command_test.cpp).
  EXPECT_EQ(run::run_check(debian_tree(kAllAts), *m, options, at).verdict, judge::Verdict::Ready);
  const auto none = run::run_check(debian_tree({kIsrgX1, kIsrgX2}), *m, options, at);
  EXPECT_EQ(none.verdict, judge::Verdict::Broken);
  ASSERT_FALSE(none.stores.empty());
  // The fix names the tree's own anchor folder, on this machine, through chroot.
  EXPECT_NE(none.stores[0].fix.find("/srv/image/usr/local/share/ca-certificates"), std::string::npos)
      << none.stores[0].fix;
}

}  // namespace
}  // namespace trustready
