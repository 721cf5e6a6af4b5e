// stores::effective_anchors: what a store's readers trust, the one answer every command
// uses. An NSS database's readers load NSS's built-in roots too (minus what the database
// distrusts); node adds NODE_EXTRA_CA_CERTS to its own roots. Fingerprints come from the
// openssl CLI over the real certificates in data/certs.
#include <gtest/gtest.h>

#include <filesystem>

#include "cert/parse.h"
#include "fs/root_fs.h"
#include "stores/effective_anchors.h"
#include "stores/store_test_support.h"
#include "support/memory_tree.h"

namespace trustready {
namespace {

using namespace store_test;
using stores::Store;

cert::Certificate load(const std::string& data_cert) {
  auto parsed = cert::parse_certificates(testing::read_file(real_cert(data_cert)));
  if (!parsed || parsed->certificates.empty()) throw std::runtime_error("cannot read " + data_cert);
  return parsed->certificates.front();
}

std::multiset<std::string> hexes(const std::vector<cert::Certificate>& certs) {
  std::multiset<std::string> out;
  for (const auto& c : certs) out.insert(c.sha256().hex());
  return out;
}

Store store_of(stores::StoreOrigin origin, const std::string& path, const std::vector<std::string>& certs) {
  Store s;
  s.location = stores::trust_location(path, stores::StoreKind::Bundle, origin, path, {}, "test");
  s.resolved_path = path;
  for (const auto& c : certs) s.certificates.push_back(load(c));
  return s;
}

TEST(EffectiveAnchors, NssDatabaseTrustsTheBuiltinRootsItDoesNotDistrust) {
  Store db = store_of(stores::StoreOrigin::Nss, "/home/u/.pki/nssdb", {kIsrgX1});
  db.location.kind = stores::StoreKind::NssDb;
  db.location.also_trusts = stores::StoreRef::nss_builtins();
  db.distrusted.push_back(load("Starfield_Class_2_CA.pem"));  // certutil -t p,, on a builtin
  Store builtins = store_of(stores::StoreOrigin::NssBuiltins, "/usr/lib/x86_64-linux-gnu/libnssckbi.so",
                            {kAmazon1, "Starfield_Class_2_CA.pem"});
  const testing::MemoryTree tree;
  const auto e = stores::effective_anchors(tree, db, {builtins}, {});
  EXPECT_EQ(hexes(e.certificates), openssl_fingerprints({kIsrgX1, kAmazon1}));
  EXPECT_EQ(e.judged_with, "/usr/lib/x86_64-linux-gnu/libnssckbi.so");
  EXPECT_TRUE(e.note.empty()) << e.note;
}

TEST(EffectiveAnchors, NodeTrustsTheBundleNodeExtraCaCertsNamesFoundInTheTree) {
  Store node = store_of(stores::StoreOrigin::Node, "/usr/bin/node", {kAmazon1});
  node.location.kind = stores::StoreKind::ProgramRoots;
  node.location.also_trusts = stores::StoreRef::file("/etc/corp/extra.pem");
  testing::MemoryTree tree;
  tree.file("/etc/corp/extra.pem", testing::read_file(real_cert(kIsrgX2)));
  const auto e = stores::effective_anchors(tree, node, {}, {});
  EXPECT_EQ(hexes(e.certificates), openssl_fingerprints({kAmazon1, kIsrgX2}));
  EXPECT_EQ(e.judged_with, "/etc/corp/extra.pem");
}

TEST(EffectiveAnchors, AnExtraBundleThatIsMissingLeavesTheStoreJudgedOnItsOwnAndSaysSo) {
  Store node = store_of(stores::StoreOrigin::Node, "/usr/bin/node", {kAmazon1});
  node.location.also_trusts = stores::StoreRef::file("/etc/corp/gone.pem");
  const testing::MemoryTree tree;
  const auto e = stores::effective_anchors(tree, node, {}, {});
  EXPECT_EQ(hexes(e.certificates), openssl_fingerprints({kAmazon1}));
  EXPECT_TRUE(e.judged_with.empty());
  EXPECT_TRUE(contains(e.note, "judged on its own")) << e.note;
  EXPECT_TRUE(contains(e.note, "/etc/corp/gone.pem")) << e.note;
}

// p11-kit-trust as NSS's roots module: the database's readers trust the system bundle.
TEST(EffectiveAnchors, NssWithP11KitTrustsTheSystemBundle) {
  Store db = store_of(stores::StoreOrigin::Nss, "/etc/pki/nssdb", {});
  db.location.kind = stores::StoreKind::NssDb;
  db.location.also_trusts = stores::StoreRef::system_bundle();
  const Store system = store_of(stores::StoreOrigin::Distribution, "/etc/pki/tls/certs/ca-bundle.crt", {kAmazon1, kStarfield});
  const testing::MemoryTree tree;
  const auto e = stores::effective_anchors(tree, db, {system}, {});
  EXPECT_EQ(hexes(e.certificates), openssl_fingerprints({kAmazon1, kStarfield}));
  EXPECT_EQ(e.judged_with, "/etc/pki/tls/certs/ca-bundle.crt");
}

// Not among the stores read before (check --system-only, or `paths --store DIR`): the
// built-in roots module is located where Debian installs it and read. NSS's real module
// holds Amazon Root CA 1 (Mozilla's root program includes it; app_discovery_test checks
// the module's contents against certutil).
TEST(EffectiveAnchors, BuiltinRootsNotReadBeforeAreLocatedInTheTree) {
  const std::string lib = "/usr/lib/x86_64-linux-gnu/libnssckbi.so";
  if (!std::filesystem::exists(lib)) TRUSTREADY_SKIP_OUTSIDE_CI(lib << " not installed (libnss3)");
  auto host = fs::RootFs::open("/");
  ASSERT_TRUE(host) << host.error();
  if (auto real = host->resolve(lib); real && contains(real->path, "p11-kit"))
    TRUSTREADY_SKIP_OUTSIDE_CI(lib << " is p11-kit-trust here, not NSS's built-in roots");
  testing::MemoryTree tree;
  tree.file(lib, testing::read_file(lib));
  Store db = store_of(stores::StoreOrigin::Nss, "/home/u/.pki/nssdb", {kIsrgX1});
  db.location.kind = stores::StoreKind::NssDb;
  db.location.also_trusts = stores::StoreRef::nss_builtins();
  const auto e = stores::effective_anchors(tree, db, {}, {});
  EXPECT_EQ(e.judged_with, lib);
  const auto have = hexes(e.certificates);
  EXPECT_TRUE(have.count(openssl_sha256(real_cert(kAmazon1)))) << "Amazon Root CA 1 is not among the builtins";
  EXPECT_TRUE(have.count(openssl_sha256(real_cert(kIsrgX1))));
  EXPECT_GT(have.size(), 100u);
}

}  // namespace
}  // namespace trustready
