// Store discovery under container-like roots the tests build: a real Debian layout
// written by the real update-ca-certificates, and RHEL, Alpine and SUSE layouts built
// by hand as those distributions ship them. Expected paths come from the layouts built
// here, counts from the certificate files written (grep / the openssl CLI), families
// from the os-release text written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "fs/root_fs.h"
#include "stores/discover.h"
#include "stores/layouts.h"
#include "stores/readers.h"
#include "stores/store_test_support.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using namespace store_test;

namespace stdfs = std::filesystem;
using stores::Discovery;
using stores::DiscoveryOptions;
using stores::DistroFamily;
using stores::Store;
using stores::StoreKind;
using stores::StoreRole;
using testing::make_debian_root;
using testing::make_dirs;
using testing::quote;
using testing::real_cert;
using testing::run;
using testing::TempDir;
using testing::write_bundle;
using testing::write_file;

/// Every store as one line, for failure messages.
std::string describe(const Discovery& d) {
  std::string out;
  for (const auto& s : d.stores)
    out += s.location.path + " -> " + s.resolved_path + " [" + stores::to_string(s.location.kind) + ", " +
           stores::to_string(s.location.role) + ", found by " + s.location.found_by + "] " +
           std::to_string(s.certificates.size()) + " certs" + (s.error ? " error: " + *s.error : "") + "\n";
  return out;
}

Discovery discover_in(const TempDir& root, const DiscoveryOptions& options = {}) {
  auto fs = fs::RootFs::open(root.path());
  EXPECT_TRUE(fs) << fs.error();
  return stores::discover(fs.value(), options);
}

/// The stores whose real (resolved) path is `resolved`.
std::vector<const Store*> stores_at(const Discovery& d, const std::string& resolved) {
  std::vector<const Store*> out;
  for (const auto& s : d.stores)
    if (s.resolved_path == resolved) out.push_back(&s);
  return out;
}

/// The one store at `resolved`; nullptr (and a failure) when there is none or several.
const Store* one_store_at(const Discovery& d, const std::string& resolved) {
  const auto found = stores_at(d, resolved);
  EXPECT_EQ(found.size(), 1u) << "stores at " << resolved << ":\n" << describe(d);
  return found.size() == 1 ? found[0] : nullptr;
}

const Store* store_with_path(const Discovery& d, const std::string& path) {
  for (const auto& s : d.stores)
    if (s.location.path == path) return &s;
  return nullptr;
}

/// Trust stores come before anchor sources.
void expect_trust_stores_first(const Discovery& d) {
  bool seen_source = false;
  for (const auto& s : d.stores) {
    if (s.location.role == StoreRole::AnchorSource) seen_source = true;
    else EXPECT_FALSE(seen_source) << s.location.path << " listed after an anchor source:\n" << describe(d);
  }
}

std::size_t entries_in(const std::string& dir) {
  std::size_t n = 0;
  for (auto it = stdfs::directory_iterator(dir); it != stdfs::directory_iterator(); ++it) ++n;
  return n;
}

// ---------------------------------------------------------------- Debian (real update-ca-certificates)

class DiscoverDebian : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("update-ca-certificates");
    TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
    TRUSTREADY_REQUIRE_TOOL("openssl");
  }
  void build(const std::vector<std::string>& certs, const std::vector<std::string>& local = {}) {
    const auto r = make_debian_root(root.path(), certs, local);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  }
  TempDir root;
};

TEST_F(DiscoverDebian, FindsTheBundleTheHashedFolderAndTheLocalAnchorFolder) {
  const std::vector<std::string> certs = {kAmazon1, kStarfield, kIsrgX1};
  ASSERT_NO_FATAL_FAILURE(build(certs));
  const auto d = discover_in(root);

  EXPECT_EQ(d.distro.family, DistroFamily::Debian);
  EXPECT_EQ(d.distro.id, "debian");

  std::size_t written = 0;
  for (const auto& f : certs) written += pem_blocks(real_cert(f));
  ASSERT_EQ(pem_blocks(root / "etc/ssl/certs/ca-certificates.crt"), written);

  const Store* bundle = one_store_at(d, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(bundle, nullptr);
  EXPECT_EQ(bundle->location.kind, StoreKind::Bundle);
  EXPECT_EQ(bundle->location.role, StoreRole::TrustStore);
  EXPECT_FALSE(bundle->error) << *bundle->error;
  EXPECT_TRUE(bundle->problems.empty()) << joined(bundle->problems);
  EXPECT_EQ(bundle->certificates.size(), written);
  EXPECT_EQ(fingerprints(*bundle), openssl_fingerprints(certs));

  const Store* capath = one_store_at(d, "/etc/ssl/certs");
  ASSERT_NE(capath, nullptr);
  EXPECT_EQ(capath->location.kind, StoreKind::HashedDir);
  EXPECT_EQ(capath->location.role, StoreRole::TrustStore);
  EXPECT_FALSE(capath->error) << *capath->error;
  EXPECT_TRUE(capath->problems.empty()) << joined(capath->problems);
  EXPECT_EQ(fingerprints(*capath), openssl_fingerprints(certs));

  const Store* local = one_store_at(d, "/usr/local/share/ca-certificates");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->location.kind, StoreKind::CertDir);
  EXPECT_EQ(local->location.role, StoreRole::AnchorSource);
  EXPECT_FALSE(local->error) << *local->error;
  EXPECT_TRUE(local->certificates.empty());

  EXPECT_EQ(d.stores.size(), 3u) << describe(d);
  expect_trust_stores_first(d);
}

TEST_F(DiscoverDebian, HashLinksResolveThroughAbsoluteSymlinksInsideTheRoot) {
  const std::vector<std::string> certs = {kAmazon1, kStarfield, kIsrgX1};
  ASSERT_NO_FATAL_FAILURE(build(certs));
  auto fs = fs::RootFs::open(root.path());
  ASSERT_TRUE(fs) << fs.error();

  const std::regex hash_name("[0-9a-f]{8}\\.[0-9]+");
  std::size_t hash_links = 0;
  for (const auto& e : stdfs::directory_iterator(root / "etc/ssl/certs")) {
    const std::string name = e.path().filename().string();
    if (!std::regex_match(name, hash_name)) continue;
    ++hash_links;
    // HASH.0 -> NAME.pem -> /usr/share/ca-certificates/mozilla/NAME.crt (absolute).
    const std::string first = stdfs::read_symlink(e.path()).string();
    const std::string second = stdfs::read_symlink(root / ("etc/ssl/certs/" + first)).string();
    EXPECT_TRUE(second.starts_with("/usr/share/ca-certificates/mozilla/")) << name << " -> " << first << " -> " << second;
    auto r = fs->resolve("/etc/ssl/certs/" + name);
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(r->path, second) << name;
    EXPECT_EQ(r->host_path, root.path() + second) << name;
    EXPECT_TRUE(stdfs::is_regular_file(r->host_path)) << r->host_path;
  }
  EXPECT_EQ(hash_links, certs.size());

  const auto d = discover_in(root);
  ASSERT_FALSE(d.stores.empty());
  for (const auto& s : d.stores) {
    EXPECT_TRUE(s.resolved_path.starts_with("/")) << s.resolved_path;
    EXPECT_FALSE(s.resolved_path.starts_with(root.path())) << "a host path, not a path inside the root: " << s.resolved_path;
    EXPECT_TRUE(stdfs::exists(root.path() + s.resolved_path)) << s.resolved_path;
  }
}

TEST_F(DiscoverDebian, LocalCertificateIsInTheBundleTheHashedFolderAndTheAnchorFolder) {
  const std::vector<std::string> certs = {kAmazon1, kIsrgX1};
  const std::vector<std::string> local_certs = {kIsrgX2};
  ASSERT_NO_FATAL_FAILURE(build(certs, local_certs));
  const auto d = discover_in(root);
  const auto everything = openssl_fingerprints({kAmazon1, kIsrgX1, kIsrgX2});

  const Store* bundle = one_store_at(d, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(bundle, nullptr);
  EXPECT_EQ(bundle->certificates.size(), pem_blocks(root / "etc/ssl/certs/ca-certificates.crt"));
  EXPECT_EQ(fingerprints(*bundle), everything);

  const Store* capath = one_store_at(d, "/etc/ssl/certs");
  ASSERT_NE(capath, nullptr);
  EXPECT_EQ(fingerprints(*capath), everything);

  const Store* local = one_store_at(d, "/usr/local/share/ca-certificates");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->location.role, StoreRole::AnchorSource);
  EXPECT_TRUE(local->problems.empty()) << joined(local->problems);
  EXPECT_EQ(fingerprints(*local), openssl_fingerprints(local_certs));
}

TEST_F(DiscoverDebian, LocalPemFileIsReportedAsIgnoredByUpdateCaCertificates) {
  ASSERT_NO_FATAL_FAILURE(build({kAmazon1}, {kIsrgX1}));
  // A .pem dropped in after the update: update-ca-certificates would skip it.
  write_file(root / "usr/local/share/ca-certificates/corp.pem", testing::read_file(real_cert(kIsrgX2)));
  const auto d = discover_in(root);
  const Store* local = one_store_at(d, "/usr/local/share/ca-certificates");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(fingerprints(*local), openssl_fingerprints({kIsrgX1}));
  EXPECT_TRUE(any_problem_mentions(*local, {"/usr/local/share/ca-certificates/corp.pem", "*.crt"}))
      << joined(local->problems);
}

TEST_F(DiscoverDebian, BuildingTheTreeLeavesThisMachinesTrustStoreUnchanged) {
  ASSERT_TRUE(stdfs::is_directory("/etc/ssl/certs")) << "this machine has no /etc/ssl/certs to compare";
  const std::size_t before = entries_in("/etc/ssl/certs");
  const auto bundle_sum = [] { return run("sha256sum /etc/ssl/certs/ca-certificates.crt 2>/dev/null").out; };
  const std::string bundle_before = bundle_sum();
  ASSERT_NO_FATAL_FAILURE(build({kAmazon1, kStarfield, kIsrgX1}, {kIsrgX2}));
  EXPECT_EQ(entries_in("/etc/ssl/certs"), before);
  EXPECT_EQ(bundle_sum(), bundle_before);
  // ... while the root got its own store.
  EXPECT_GT(entries_in(root / "etc/ssl/certs"), 0u);
}

// ---------------------------------------------------------------- RHEL family (by hand)

/// The RHEL 9 layout of ca-certificates / p11-kit: one extracted bundle and the legacy
/// paths as absolute symlinks to it.
void make_rhel_root(const TempDir& root, const std::string& os_release, const std::vector<std::string>& certs,
                    const std::vector<std::string>& anchors) {
  write_bundle(root / "etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", certs);
  symlink("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", root / "etc/pki/tls/certs/ca-bundle.crt");
  make_dirs(root / "etc/pki/ca-trust/source/anchors");
  for (const auto& f : anchors)
    write_file(root / ("etc/pki/ca-trust/source/anchors/" + f), testing::read_file(real_cert(f)));
  write_file(root / "etc/os-release", os_release);
}

/// Every consumer the known locations in `paths` list appears in `store`, once.
void expect_consumers_merged(const Store& store, const std::vector<std::string>& paths) {
  std::size_t listed = 0;
  for (const auto& loc : stores::known_locations()) {
    if (std::find(paths.begin(), paths.end(), loc.path) == paths.end()) continue;
    ++listed;
    for (const auto& c : loc.consumers)
      EXPECT_EQ(std::count(store.location.consumers.begin(), store.location.consumers.end(), c), 1)
          << "consumer of " << loc.path << " missing or repeated: " << c;
  }
  EXPECT_EQ(listed, paths.size()) << "not every path is a known location";
}

TEST(DiscoverRhel, OneStoreForTheBundleReachedByTwoPaths) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::vector<std::string> certs = {kAmazon1, kStarfield, kIsrgX1};
  make_rhel_root(root,
                 "NAME=\"Red Hat Enterprise Linux\"\nVERSION_ID=\"9.3\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\n"
                 "PRETTY_NAME=\"Red Hat Enterprise Linux 9.3 (Plow)\"\n",
                 certs, {kIsrgX2});
  const auto d = discover_in(root);
  EXPECT_EQ(d.distro.family, DistroFamily::Rhel);
  EXPECT_EQ(d.distro.id, "rhel");
  EXPECT_EQ(d.distro.version_id, "9.3");

  const Store* bundle = one_store_at(d, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  ASSERT_NE(bundle, nullptr);
  EXPECT_EQ(bundle->location.kind, StoreKind::Bundle);
  EXPECT_FALSE(bundle->error) << *bundle->error;
  EXPECT_EQ(bundle->certificates.size(), pem_blocks(root / "etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"));
  EXPECT_EQ(fingerprints(*bundle), openssl_fingerprints(certs));
  expect_consumers_merged(*bundle,
                          {"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/pki/tls/certs/ca-bundle.crt"});

  // /etc/pki/tls/certs holds only the legacy link, no hash names: no CApath there.
  EXPECT_TRUE(stores_at(d, "/etc/pki/tls/certs").empty()) << describe(d);

  const Store* anchors = one_store_at(d, "/etc/pki/ca-trust/source/anchors");
  ASSERT_NE(anchors, nullptr);
  EXPECT_EQ(anchors->location.role, StoreRole::AnchorSource);
  EXPECT_EQ(fingerprints(*anchors), openssl_fingerprints({kIsrgX2}));
  EXPECT_EQ(d.stores.size(), 2u) << describe(d);
  expect_trust_stores_first(d);
}

TEST(DiscoverRhel, ThreePathsToOneBundleAreOneStore) {
  TempDir root;
  make_rhel_root(root, "ID=\"almalinux\"\nID_LIKE=\"rhel centos fedora\"\n", {kAmazon1, kIsrgX1}, {});
  symlink("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", root / "etc/pki/tls/cert.pem");
  const auto d = discover_in(root);
  const Store* bundle = one_store_at(d, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  ASSERT_NE(bundle, nullptr);
  EXPECT_EQ(bundle->certificates.size(), 2u);
  expect_consumers_merged(*bundle, {"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
                                    "/etc/pki/tls/certs/ca-bundle.crt", "/etc/pki/tls/cert.pem"});
}

TEST(DiscoverRhel, RockyIsInTheRhelFamily) {
  TempDir root;
  make_rhel_root(root,
                 "NAME=\"Rocky Linux\"\nID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n",
                 {kAmazon1}, {});
  const auto d = discover_in(root);
  EXPECT_EQ(d.distro.id, "rocky");
  EXPECT_EQ(d.distro.family, DistroFamily::Rhel);
  const Store* bundle = one_store_at(d, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  ASSERT_NE(bundle, nullptr);
  EXPECT_EQ(bundle->certificates.size(), 1u);
}

// ---------------------------------------------------------------- Alpine and SUSE (by hand)

TEST(DiscoverAlpine, CertPemLinkAndBundleAreOneStore) {
  TempDir root;
  const std::vector<std::string> certs = {kAmazon1, kIsrgX1};
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", certs);
  symlink("certs/ca-certificates.crt", root / "etc/ssl/cert.pem");
  write_file(root / "usr/local/share/ca-certificates/corp.crt", testing::read_file(real_cert(kIsrgX2)));
  write_file(root / "etc/os-release",
             "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n");
  const auto d = discover_in(root);
  EXPECT_EQ(d.distro.family, DistroFamily::Alpine);
  EXPECT_EQ(d.distro.version_id, "3.19.1");

  const Store* bundle = one_store_at(d, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(bundle, nullptr);
  EXPECT_EQ(bundle->certificates.size(), pem_blocks(root / "etc/ssl/certs/ca-certificates.crt"));
  expect_consumers_merged(*bundle, {"/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cert.pem"});
  EXPECT_EQ(store_with_path(d, "/etc/ssl/cert.pem"), nullptr) << "a second entry for the same file:\n" << describe(d);

  const Store* local = one_store_at(d, "/usr/local/share/ca-certificates");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->location.role, StoreRole::AnchorSource);
  EXPECT_EQ(local->certificates.size(), 1u);
  EXPECT_EQ(d.stores.size(), 2u) << describe(d);
}

TEST(DiscoverSuse, FindsBundleHashedFoldersAndAnchors) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::vector<std::string> certs = {kAmazon1, kStarfield, kIsrgX1};
  // openSUSE Leap 15: ca-certificates writes /var/lib/ca-certificates, /etc/ssl/certs
  // links to its pem folder and /etc/ssl/ca-bundle.pem to its bundle.
  write_bundle(root / "var/lib/ca-certificates/ca-bundle.pem", certs);
  symlink("/var/lib/ca-certificates/ca-bundle.pem", root / "etc/ssl/ca-bundle.pem");
  ASSERT_NO_FATAL_FAILURE(rehashed_dir(root / "var/lib/ca-certificates/openssl", certs));
  ASSERT_NO_FATAL_FAILURE(rehashed_dir(root / "var/lib/ca-certificates/pem", certs));
  symlink("/var/lib/ca-certificates/pem", root / "etc/ssl/certs");
  write_file(root / "etc/pki/trust/anchors/corp.pem", testing::read_file(real_cert(kIsrgX2)));
  write_file(root / "etc/os-release",
             "NAME=\"openSUSE Leap\"\nVERSION=\"15.5\"\nID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\n"
             "VERSION_ID=\"15.5\"\n");
  const auto d = discover_in(root);
  EXPECT_EQ(d.distro.id, "opensuse-leap");
  EXPECT_EQ(d.distro.family, DistroFamily::Suse);

  const Store* bundle = one_store_at(d, "/var/lib/ca-certificates/ca-bundle.pem");
  ASSERT_NE(bundle, nullptr);
  EXPECT_EQ(bundle->location.kind, StoreKind::Bundle);
  EXPECT_EQ(fingerprints(*bundle), openssl_fingerprints(certs));
  expect_consumers_merged(*bundle, {"/var/lib/ca-certificates/ca-bundle.pem", "/etc/ssl/ca-bundle.pem"});

  const Store* openssl_dir = one_store_at(d, "/var/lib/ca-certificates/openssl");
  ASSERT_NE(openssl_dir, nullptr);
  EXPECT_EQ(openssl_dir->location.kind, StoreKind::HashedDir);
  EXPECT_EQ(fingerprints(*openssl_dir), openssl_fingerprints(certs));

  const Store* pem_dir = one_store_at(d, "/var/lib/ca-certificates/pem");
  ASSERT_NE(pem_dir, nullptr);
  EXPECT_EQ(pem_dir->location.kind, StoreKind::HashedDir);
  EXPECT_EQ(pem_dir->location.path, "/etc/ssl/certs");
  EXPECT_EQ(fingerprints(*pem_dir), openssl_fingerprints(certs));

  const Store* anchors = one_store_at(d, "/etc/pki/trust/anchors");
  ASSERT_NE(anchors, nullptr);
  EXPECT_EQ(anchors->location.role, StoreRole::AnchorSource);
  EXPECT_EQ(fingerprints(*anchors), openssl_fingerprints({kIsrgX2}));
  EXPECT_EQ(d.stores.size(), 4u) << describe(d);
  expect_trust_stores_first(d);
}

// ---------------------------------------------------------------- no layout

TEST(Discover, EmptyRootHasNoStoresAndAnUnknownDistribution) {
  TempDir root;
  const auto d = discover_in(root);
  EXPECT_TRUE(d.stores.empty()) << describe(d);
  EXPECT_EQ(d.distro.family, DistroFamily::Unknown);
  EXPECT_EQ(d.distro.id, "");
}

TEST(Discover, StoresAreFoundWithoutOsRelease) {
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1});
  const auto d = discover_in(root);
  EXPECT_EQ(d.distro.family, DistroFamily::Unknown);
  const Store* bundle = one_store_at(d, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(bundle, nullptr);
  EXPECT_EQ(bundle->certificates.size(), 1u);
}

TEST(Discover, FolderWithoutHashNamesIsNotAHashedDir) {
  TempDir root;
  write_file(root / "etc/ssl/certs/a.pem", testing::read_file(real_cert(kAmazon1)));
  write_file(root / "etc/ssl/certs/b.pem", testing::read_file(real_cert(kIsrgX1)));
  const auto d = discover_in(root);
  EXPECT_TRUE(stores_at(d, "/etc/ssl/certs").empty()) << describe(d);
  for (const auto& s : d.stores) EXPECT_NE(s.location.kind, StoreKind::HashedDir) << describe(d);
}

TEST(Discover, HashedDirWithAnUnlinkedCertificateSuggestsOpensslRehash) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  ASSERT_NO_FATAL_FAILURE(rehashed_dir(root / "etc/ssl/certs", {kAmazon1}));
  write_file(root / "etc/ssl/certs/corp.pem", testing::read_file(real_cert(kIsrgX1)));
  const auto d = discover_in(root);
  const Store* capath = one_store_at(d, "/etc/ssl/certs");
  ASSERT_NE(capath, nullptr);
  EXPECT_EQ(fingerprints(*capath), openssl_fingerprints({kAmazon1}));
  EXPECT_TRUE(any_problem_mentions(*capath, {"corp.pem", "openssl rehash"})) << joined(capath->problems);
}

// ---------------------------------------------------------------- SSL_CERT_FILE, SSL_CERT_DIR, --store

TEST(Discover, SslCertFileIsReportedFirstNamingTheVariable) {
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1, kStarfield});
  write_bundle(root / "opt/corp/bundle.pem", {kIsrgX1});
  DiscoveryOptions options;
  options.environment["SSL_CERT_FILE"] = "/opt/corp/bundle.pem";
  const auto d = discover_in(root, options);
  ASSERT_GE(d.stores.size(), 2u) << describe(d);
  const Store& first = d.stores.front();
  EXPECT_EQ(first.location.path, "/opt/corp/bundle.pem");
  EXPECT_EQ(first.location.found_by, "SSL_CERT_FILE");
  EXPECT_EQ(first.location.kind, StoreKind::Bundle);
  EXPECT_FALSE(first.error) << *first.error;
  EXPECT_EQ(first.certificates.size(), 1u);
  EXPECT_NE(one_store_at(d, "/etc/ssl/certs/ca-certificates.crt"), nullptr);
}

TEST(Discover, SslCertDirIsReportedFirstNamingTheVariable) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1});
  ASSERT_NO_FATAL_FAILURE(rehashed_dir(root / "opt/corp/certs", {kIsrgX1, kIsrgX2}));
  DiscoveryOptions options;
  options.environment["SSL_CERT_DIR"] = "/opt/corp/certs";
  const auto d = discover_in(root, options);
  ASSERT_FALSE(d.stores.empty());
  const Store& first = d.stores.front();
  EXPECT_EQ(first.location.path, "/opt/corp/certs");
  EXPECT_EQ(first.location.found_by, "SSL_CERT_DIR");
  EXPECT_EQ(first.location.kind, StoreKind::HashedDir);
  EXPECT_FALSE(first.error) << *first.error;
  EXPECT_EQ(fingerprints(first), openssl_fingerprints({kIsrgX1, kIsrgX2}));
}

TEST(Discover, NamedStoresComeBeforeEveryKnownLocation) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1});
  write_bundle(root / "opt/env.pem", {kIsrgX1});
  ASSERT_NO_FATAL_FAILURE(rehashed_dir(root / "opt/envdir", {kIsrgX2}));
  write_bundle(root / "opt/extra.pem", {kStarfield});
  DiscoveryOptions options;
  options.environment = {{"SSL_CERT_FILE", "/opt/env.pem"}, {"SSL_CERT_DIR", "/opt/envdir"}};
  options.extra_paths = {"/opt/extra.pem"};
  const auto d = discover_in(root, options);
  ASSERT_EQ(d.stores.size(), 4u) << describe(d);
  std::set<std::string> first_three;
  for (std::size_t i = 0; i < 3; ++i) first_three.insert(d.stores[i].location.path);
  EXPECT_EQ(first_three, (std::set<std::string>{"/opt/env.pem", "/opt/envdir", "/opt/extra.pem"})) << describe(d);
  EXPECT_EQ(d.stores[3].resolved_path, "/etc/ssl/certs/ca-certificates.crt");
}

TEST(Discover, MissingSslCertFileIsReportedWithAnError) {
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1});
  DiscoveryOptions options;
  options.environment["SSL_CERT_FILE"] = "/opt/corp/missing.pem";
  const auto d = discover_in(root, options);
  const Store* named = store_with_path(d, "/opt/corp/missing.pem");
  ASSERT_NE(named, nullptr) << "the missing SSL_CERT_FILE target was dropped:\n" << describe(d);
  EXPECT_EQ(named->location.found_by, "SSL_CERT_FILE");
  ASSERT_TRUE(named->error);
  EXPECT_TRUE(contains(*named->error, "/opt/corp/missing.pem")) << *named->error;
  EXPECT_TRUE(contains(*named->error, "No such file")) << *named->error;
  EXPECT_TRUE(named->certificates.empty());
  EXPECT_NE(one_store_at(d, "/etc/ssl/certs/ca-certificates.crt"), nullptr);
}

TEST(Discover, MissingSslCertDirIsReportedWithAnError) {
  TempDir root;
  DiscoveryOptions options;
  options.environment["SSL_CERT_DIR"] = "/opt/corp/certs";
  const auto d = discover_in(root, options);
  ASSERT_EQ(d.stores.size(), 1u) << describe(d);
  EXPECT_EQ(d.stores[0].location.found_by, "SSL_CERT_DIR");
  ASSERT_TRUE(d.stores[0].error);
  EXPECT_TRUE(contains(*d.stores[0].error, "/opt/corp/certs")) << *d.stores[0].error;
}

TEST(Discover, SslCertFileThroughADanglingSymlinkIsReportedWithAnError) {
  TempDir root;
  symlink("/opt/gone/bundle.pem", root / "etc/ssl/corp.pem");
  DiscoveryOptions options;
  options.environment["SSL_CERT_FILE"] = "/etc/ssl/corp.pem";
  const auto d = discover_in(root, options);
  ASSERT_EQ(d.stores.size(), 1u) << describe(d);
  ASSERT_TRUE(d.stores[0].error);
  EXPECT_TRUE(contains(*d.stores[0].error, "/etc/ssl/corp.pem")) << *d.stores[0].error;
}

TEST(Discover, SslCertFileThatIsADirectoryIsAnError) {
  TempDir root;
  make_dirs(root / "opt/corp/bundle.pem");
  DiscoveryOptions options;
  options.environment["SSL_CERT_FILE"] = "/opt/corp/bundle.pem";
  const auto d = discover_in(root, options);
  ASSERT_EQ(d.stores.size(), 1u) << describe(d);
  const Store& s = d.stores[0];
  EXPECT_EQ(s.location.found_by, "SSL_CERT_FILE");
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/opt/corp/bundle.pem")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "directory")) << *s.error;
}

TEST(Discover, SslCertFileNamingAKnownBundleIsOneStore) {
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1, kIsrgX1});
  DiscoveryOptions options;
  options.environment["SSL_CERT_FILE"] = "/etc/ssl/certs/ca-certificates.crt";
  const auto d = discover_in(root, options);
  const Store* s = one_store_at(d, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->location.found_by, "SSL_CERT_FILE");
  expect_consumers_merged(*s, {"/etc/ssl/certs/ca-certificates.crt"});
}

TEST(Discover, ThisProcessEnvironmentIsNotUsedForARoot) {
  // A container's SSL_CERT_FILE is not ours: only options.environment counts.
  TempDir root;
  write_bundle(root / "opt/corp/bundle.pem", {kIsrgX1});
  const char* saved = std::getenv("SSL_CERT_FILE");
  const std::optional<std::string> previous = saved ? std::optional<std::string>(saved) : std::nullopt;
  ASSERT_EQ(setenv("SSL_CERT_FILE", "/opt/corp/bundle.pem", 1), 0);
  const auto d = discover_in(root);
  if (previous) setenv("SSL_CERT_FILE", previous->c_str(), 1);
  else unsetenv("SSL_CERT_FILE");
  EXPECT_TRUE(d.stores.empty()) << describe(d);
}

TEST(Discover, SslCertDirWithTwoFoldersCoversBoth) {
  // OpenSSL splits SSL_CERT_DIR at ':' (as PATH): checked here with the openssl CLI,
  // which finds ISRG Root X1 only in the second folder.
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  ASSERT_NO_FATAL_FAILURE(rehashed_dir(root / "opt/a", {kAmazon1}));
  ASSERT_NO_FATAL_FAILURE(rehashed_dir(root / "opt/b", {kIsrgX1}));
  const auto cli = run("SSL_CERT_FILE=/dev/null SSL_CERT_DIR=" + quote(root / "opt/a") + ":" + quote(root / "opt/b") +
                       " openssl verify -attime " + testing::kTestEpoch + " " + quote(real_cert(kIsrgX1)));
  ASSERT_EQ(cli.exit_code, 0) << "openssl does not search both folders: " << cli.out << cli.err;

  DiscoveryOptions options;
  options.environment["SSL_CERT_DIR"] = "/opt/a:/opt/b";
  const auto d = discover_in(root, options);
  std::multiset<std::string> seen;
  for (const auto& s : d.stores) {
    if (s.location.found_by != "SSL_CERT_DIR") continue;
    EXPECT_FALSE(s.error) << *s.error;
    for (const auto& c : s.certificates) seen.insert(c.sha256().hex());
  }
  EXPECT_EQ(seen, openssl_fingerprints({kAmazon1, kIsrgX1})) << describe(d);
}

TEST(Discover, ExtraPathsAreReportedFirstAsBundleOrHashedDir) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1});
  write_bundle(root / "srv/app/ca.pem", {kIsrgX1, kIsrgX2});
  ASSERT_NO_FATAL_FAILURE(rehashed_dir(root / "srv/app/capath", {kStarfield}));
  DiscoveryOptions options;
  options.extra_paths = {"/srv/app/ca.pem", "/srv/app/capath"};
  const auto d = discover_in(root, options);
  ASSERT_EQ(d.stores.size(), 3u) << describe(d);

  const Store* file = store_with_path(d, "/srv/app/ca.pem");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->location.kind, StoreKind::Bundle);
  EXPECT_EQ(file->location.found_by, "--store");
  EXPECT_EQ(fingerprints(*file), openssl_fingerprints({kIsrgX1, kIsrgX2}));

  const Store* dir = store_with_path(d, "/srv/app/capath");
  ASSERT_NE(dir, nullptr);
  EXPECT_EQ(dir->location.kind, StoreKind::HashedDir);
  EXPECT_EQ(dir->location.found_by, "--store");
  EXPECT_EQ(fingerprints(*dir), openssl_fingerprints({kStarfield}));

  EXPECT_EQ(d.stores[2].resolved_path, "/etc/ssl/certs/ca-certificates.crt") << describe(d);
}

TEST(Discover, MissingExtraPathIsReportedWithAnError) {
  TempDir root;
  DiscoveryOptions options;
  options.extra_paths = {"/srv/app/nothing.pem"};
  const auto d = discover_in(root, options);
  ASSERT_EQ(d.stores.size(), 1u) << describe(d);
  EXPECT_EQ(d.stores[0].location.found_by, "--store");
  ASSERT_TRUE(d.stores[0].error);
  EXPECT_TRUE(contains(*d.stores[0].error, "/srv/app/nothing.pem")) << *d.stores[0].error;
}

TEST(Discover, ExtraFolderWithoutHashNamesIsReportedWithAnError) {
  TempDir root;
  write_file(root / "srv/app/certs/ca.pem", testing::read_file(real_cert(kAmazon1)));
  DiscoveryOptions options;
  options.extra_paths = {"/srv/app/certs"};
  const auto d = discover_in(root, options);
  ASSERT_EQ(d.stores.size(), 1u) << describe(d);
  ASSERT_TRUE(d.stores[0].error);
  EXPECT_TRUE(contains(*d.stores[0].error, "/srv/app/certs")) << *d.stores[0].error;
  EXPECT_TRUE(contains(*d.stores[0].error, "openssl rehash")) << *d.stores[0].error;
}

// ---------------------------------------------------------------- broken stores

TEST(Discover, BrokenStoresAreListedWithThePathAndTheCause) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  // Debian bundle: garbage. RHEL bundle: 0 bytes. SUSE bundle: over the size limit.
  write_file(root / "etc/ssl/certs/ca-certificates.crt", "garbage, not certificates\n");
  write_file(root / "etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "");
  make_dirs(root / "var/lib/ca-certificates");
  const auto t = run("truncate -s " + std::to_string(fs::RootFs::kMaxFileBytes + 1) + " " +
                     quote(root / "var/lib/ca-certificates/ca-bundle.pem"));
  ASSERT_EQ(t.exit_code, 0) << t.err;
  // Debian CApath: one good link, one loop.
  write_file(root / "etc/ssl/certs/Amazon_Root_CA_1.pem", testing::read_file(real_cert(kAmazon1)));
  const auto h = run("openssl x509 -noout -subject_hash -in " + quote(real_cert(kAmazon1)));
  ASSERT_EQ(h.exit_code, 0) << h.err;
  const std::string hash = h.out.substr(0, 8);
  symlink("Amazon_Root_CA_1.pem", root / ("etc/ssl/certs/" + hash + ".0"));
  symlink("/etc/ssl/certs/feedf00d.0", root / "etc/ssl/certs/feedf00d.0");

  const auto d = discover_in(root);

  const Store* garbage = one_store_at(d, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(garbage, nullptr);
  ASSERT_TRUE(garbage->error);
  EXPECT_TRUE(contains(*garbage->error, "/etc/ssl/certs/ca-certificates.crt")) << *garbage->error;

  const Store* empty = one_store_at(d, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem");
  ASSERT_NE(empty, nullptr);
  ASSERT_TRUE(empty->error);
  EXPECT_TRUE(contains(*empty->error, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem")) << *empty->error;
  EXPECT_TRUE(contains(*empty->error, "empty")) << *empty->error;

  const Store* huge = one_store_at(d, "/var/lib/ca-certificates/ca-bundle.pem");
  ASSERT_NE(huge, nullptr);
  ASSERT_TRUE(huge->error);
  EXPECT_TRUE(contains(*huge->error, "/var/lib/ca-certificates/ca-bundle.pem")) << *huge->error;
  EXPECT_TRUE(contains(*huge->error, "too large")) << *huge->error;

  const Store* capath = one_store_at(d, "/etc/ssl/certs");
  ASSERT_NE(capath, nullptr);
  EXPECT_FALSE(capath->error) << *capath->error;
  EXPECT_EQ(fingerprints(*capath), openssl_fingerprints({kAmazon1}));
  EXPECT_TRUE(any_problem_mentions(*capath, {"/etc/ssl/certs/feedf00d.0", "loop"})) << joined(capath->problems);
}

TEST(Discover, UnreadableBundleIsListedWithAnErrorForOrdinaryUsers) {
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1});
  stdfs::permissions(root / "etc/ssl/certs/ca-certificates.crt", stdfs::perms::none);
  const auto d = discover_in(root);
  const Store* s = one_store_at(d, "/etc/ssl/certs/ca-certificates.crt");
  ASSERT_NE(s, nullptr);
  if (geteuid() != 0) {
    ASSERT_TRUE(s->error);
    EXPECT_TRUE(contains(*s->error, "/etc/ssl/certs/ca-certificates.crt")) << *s->error;
    EXPECT_TRUE(contains(*s->error, "Permission denied")) << *s->error;
  } else {
    EXPECT_EQ(s->certificates.size(), 1u);  // root reads through mode 000
  }
}

TEST(Discover, SymlinkLoopAtAKnownBundlePathIsNotACrash) {
  TempDir root;
  symlink("/etc/ssl/cert.pem", root / "etc/ssl/cert.pem");
  write_bundle(root / "etc/pki/tls/cert.pem", {kAmazon1});
  const auto d = discover_in(root);
  EXPECT_TRUE(stores_at(d, "/etc/ssl/cert.pem").empty()) << describe(d);
  const Store* s = one_store_at(d, "/etc/pki/tls/cert.pem");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->certificates.size(), 1u);
}

TEST(Discover, NamedSymlinkLoopIsReportedWithAnError) {
  TempDir root;
  symlink("/opt/b.pem", root / "opt/a.pem");
  symlink("/opt/a.pem", root / "opt/b.pem");
  DiscoveryOptions options;
  options.environment["SSL_CERT_FILE"] = "/opt/a.pem";
  const auto d = discover_in(root, options);
  ASSERT_EQ(d.stores.size(), 1u) << describe(d);
  ASSERT_TRUE(d.stores[0].error);
  EXPECT_TRUE(contains(*d.stores[0].error, "/opt/a.pem")) << *d.stores[0].error;
  EXPECT_TRUE(contains(*d.stores[0].error, "loop")) << *d.stores[0].error;
}

// ---------------------------------------------------------------- the table of known places

TEST(StoreLayout, KnownLocationsHaveUniqueIdsAndAbsolutePaths) {
  const auto known = stores::known_locations();
  ASSERT_FALSE(known.empty());
  std::set<std::string> ids;
  for (const auto& loc : known) {
    EXPECT_TRUE(ids.insert(loc.id).second) << "duplicate id " << loc.id;
    EXPECT_TRUE(loc.path.starts_with("/")) << loc.path;
    EXPECT_FALSE(loc.consumers.empty()) << loc.id;
    EXPECT_FALSE(loc.found_by.empty()) << loc.id;
    if (loc.kind != StoreKind::CertDir) {
      EXPECT_EQ(loc.role, StoreRole::TrustStore) << loc.id;
    }
  }
}

TEST(StoreLayout, KnownLocationsCoverTheDistributionLayoutsTestedHere) {
  std::set<std::string> paths;
  for (const auto& loc : stores::known_locations()) paths.insert(loc.path);
  for (const char* p : {"/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs", "/usr/local/share/ca-certificates",
                        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/pki/tls/certs/ca-bundle.crt",
                        "/etc/pki/ca-trust/source/anchors", "/etc/ssl/cert.pem", "/var/lib/ca-certificates/ca-bundle.pem",
                        "/etc/pki/trust/anchors"})
    EXPECT_EQ(paths.count(p), 1u) << p;
}

}  // namespace
}  // namespace trustready
