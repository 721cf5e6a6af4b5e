// The store readers against trees the tests build: real certificates, real `openssl
// rehash` links, and broken inputs that must become a Store with an error or problem
// naming the path and the cause. Expected counts and fingerprints come from the files
// written here and from the openssl CLI.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fs/root_fs.h"
#include "stores/readers.h"
#include "stores/store_test_support.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using namespace store_test;

namespace stdfs = std::filesystem;
using stores::is_hash_link_name;
using stores::read_store;
using stores::Store;
using stores::StoreKind;
using stores::StoreLocation;
using stores::StoreRole;
using testing::make_dirs;
using testing::quote;
using testing::real_cert;
using testing::run;
using testing::TempDir;
using testing::write_bundle;
using testing::write_file;

StoreLocation location(StoreKind kind, const std::string& path, std::vector<std::string> suffixes = {}) {
  StoreLocation loc;
  loc.id = "test";
  loc.kind = kind;
  loc.role = kind == StoreKind::CertDir ? StoreRole::AnchorSource : StoreRole::TrustStore;
  loc.path = path;
  loc.found_by = "test";
  loc.suffixes = std::move(suffixes);
  return loc;
}

Store read(const TempDir& root, const StoreLocation& loc) {
  auto fs = fs::RootFs::open(root.path());
  EXPECT_TRUE(fs) << fs.error();
  return read_store(fs.value(), loc);
}

/// The DER form of a data/certs certificate, from the openssl CLI.
void write_der(const std::string& data_cert, const std::string& out) {
  make_dirs(stdfs::path(out).parent_path().string());
  const auto r = run("openssl x509 -in " + quote(real_cert(data_cert)) + " -outform DER -out " + quote(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

/// Names in `dir` that are symbolic links (what `openssl rehash` wrote).
std::vector<std::string> symlink_names(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : stdfs::directory_iterator(dir))
    if (e.is_symlink()) out.push_back(e.path().filename().string());
  return out;
}

// ---------------------------------------------------------------- hash link names

TEST(StoreLayout, HashLinkNameAcceptsCertificateHashNames) {
  EXPECT_TRUE(is_hash_link_name("0a1b2c3d.0"));
  EXPECT_TRUE(is_hash_link_name("0a1b2c3d.12"));
  EXPECT_TRUE(is_hash_link_name("ffffffff.9"));
  EXPECT_TRUE(is_hash_link_name("00000000.0"));
}

TEST(StoreLayout, HashLinkNameRejectsCrlsUppercaseAndOtherNames) {
  EXPECT_FALSE(is_hash_link_name("0a1b2c3d.r0"));  // CRL
  EXPECT_FALSE(is_hash_link_name("0A1B2C3D.0"));   // OpenSSL writes lowercase
  EXPECT_FALSE(is_hash_link_name("foo.pem"));
  EXPECT_FALSE(is_hash_link_name(""));
  EXPECT_FALSE(is_hash_link_name("0a1b2c3d"));
  EXPECT_FALSE(is_hash_link_name("0a1b2c3d."));
  EXPECT_FALSE(is_hash_link_name("0a1b2c3.0"));     // 7 hex digits
  EXPECT_FALSE(is_hash_link_name("0a1b2c3d0.0"));   // 9 hex digits
  EXPECT_FALSE(is_hash_link_name("0a1b2c3g.0"));    // not hex
  EXPECT_FALSE(is_hash_link_name("0a1b2c3d.0.pem"));
  EXPECT_FALSE(is_hash_link_name("0a1b2c3d-0"));
  EXPECT_FALSE(is_hash_link_name("0a1b2c3d.0 "));
}

TEST(StoreLayout, HashLinkNameAcceptsEveryNameOpenSslRehashWrites) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir dir;
  // ISRG Root X1 and its cross-signed form share a subject: rehash writes HASH.0 and HASH.1.
  rehashed_dir(dir.path(), {kAmazon1, kIsrgX1, "isrgx1_x_dstx3.pem"});
  const auto links = symlink_names(dir.path());
  ASSERT_EQ(links.size(), 3u);
  bool saw_second_index = false;
  for (const auto& name : links) {
    EXPECT_TRUE(is_hash_link_name(name)) << name;
    saw_second_index = saw_second_index || name.ends_with(".1");
  }
  EXPECT_TRUE(saw_second_index) << "expected a HASH.1 for the two ISRG Root X1 certificates";
  for (const auto& f : {kAmazon1, kIsrgX1}) EXPECT_FALSE(is_hash_link_name(f));
}

// ---------------------------------------------------------------- bundles

TEST(Readers, BundleHoldsEveryCertificateOfTheFile) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::vector<std::string> certs = {kAmazon1, kStarfield, kIsrgX1};
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", certs);
  const auto s = read(root, location(StoreKind::Bundle, "/etc/ssl/certs/ca-certificates.crt"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
  EXPECT_EQ(s.certificates.size(), pem_blocks(root / "etc/ssl/certs/ca-certificates.crt"));
  EXPECT_EQ(fingerprints(s), openssl_fingerprints(certs));
  EXPECT_EQ(s.resolved_path, "/etc/ssl/certs/ca-certificates.crt");
}

TEST(Readers, DerBundleHoldsOneCertificate) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  write_der(kIsrgX2, root / "opt/ca.der");
  const auto s = read(root, location(StoreKind::Bundle, "/opt/ca.der"));
  ASSERT_FALSE(s.error) << *s.error;
  ASSERT_EQ(s.certificates.size(), 1u);
  EXPECT_EQ(s.certificates[0].sha256().hex(), openssl_sha256(real_cert(kIsrgX2)));
}

TEST(Readers, TrustedCertificateBlocksAreCertificates) {
  // RHEL's ca-bundle.trust.crt form, written by `openssl x509 -addtrust`.
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::string out = root / "etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt";
  make_dirs(stdfs::path(out).parent_path().string());
  for (const auto& f : {kAmazon1, kIsrgX1}) {
    const auto r = run("openssl x509 -in " + quote(real_cert(f)) + " -addtrust serverAuth >> " + quote(out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto grep = run("grep -c 'BEGIN TRUSTED CERTIFICATE' " + quote(out));
  ASSERT_EQ(grep.out, "2\n") << "openssl did not write TRUSTED CERTIFICATE blocks";
  const auto s = read(root, location(StoreKind::Bundle, "/etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kIsrgX1}));
}

TEST(Readers, BundleSymlinkIsFollowedInsideTheRoot) {
  // This machine has its own /etc/ssl/certs/ca-certificates.crt with many more roots;
  // an absolute link must lead to the root's copy (2 certificates), never to the host's.
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1, kIsrgX1});
  symlink("/etc/ssl/certs/ca-certificates.crt", root / "etc/ssl/cert.pem");
  const auto s = read(root, location(StoreKind::Bundle, "/etc/ssl/cert.pem"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.location.path, "/etc/ssl/cert.pem");
  EXPECT_EQ(s.resolved_path, "/etc/ssl/certs/ca-certificates.crt");
  EXPECT_EQ(s.certificates.size(), pem_blocks(root / "etc/ssl/certs/ca-certificates.crt"));
}

TEST(Readers, DotDotInASymlinkCannotClimbOutOfTheRoot) {
  TempDir root;
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kStarfield});
  symlink("../../../../../../../../etc/ssl/certs/ca-certificates.crt", root / "etc/ssl/cert.pem");
  const auto s = read(root, location(StoreKind::Bundle, "/etc/ssl/cert.pem"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.resolved_path, "/etc/ssl/certs/ca-certificates.crt");
  EXPECT_EQ(s.certificates.size(), 1u);
}

TEST(Readers, GarbageBundleIsAnErrorNamingThePath) {
  TempDir root;
  write_file(root / "etc/ssl/certs/ca-certificates.crt", "this is not a certificate store\n");
  const auto s = read(root, location(StoreKind::Bundle, "/etc/ssl/certs/ca-certificates.crt"));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/etc/ssl/certs/ca-certificates.crt")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "no certificate")) << *s.error;
  EXPECT_TRUE(s.certificates.empty());
}

TEST(Readers, PemBlockWithBadBase64IsAnErrorNamingThePath) {
  TempDir root;
  write_file(root / "bundle.pem", "-----BEGIN CERTIFICATE-----\n!!!! not base64 !!!!\n-----END CERTIFICATE-----\n");
  const auto s = read(root, location(StoreKind::Bundle, "/bundle.pem"));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/bundle.pem")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "base64")) << *s.error;
}

TEST(Readers, EmptyBundleIsAnErrorNamingThePath) {
  TempDir root;
  write_file(root / "etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "");
  ASSERT_EQ(stdfs::file_size(root / "etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"), 0u);
  const auto s = read(root, location(StoreKind::Bundle, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "empty")) << *s.error;
  EXPECT_TRUE(s.certificates.empty());
}

TEST(Readers, BundleTruncatedInItsLastBlockKeepsTheGoodCertificatesAndNamesTheLine) {
  TempDir root;
  const std::string first = testing::read_file(real_cert(kAmazon1));
  const std::string second = testing::read_file(real_cert(kIsrgX1));
  // The second certificate cut in the middle: no END line.
  write_file(root / "bundle.pem", first + second.substr(0, second.size() / 2));
  const std::size_t second_block_line = static_cast<std::size_t>(std::count(first.begin(), first.end(), '\n')) + 1;
  const auto s = read(root, location(StoreKind::Bundle, "/bundle.pem"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.certificates.size(), 1u);
  ASSERT_EQ(s.problems.size(), 1u) << joined(s.problems);
  EXPECT_TRUE(contains(s.problems[0], "/bundle.pem")) << s.problems[0];
  EXPECT_TRUE(contains(s.problems[0], "line " + std::to_string(second_block_line))) << s.problems[0];
}

TEST(Readers, MissingBundleIsAnErrorNamingThePath) {
  TempDir root;
  const auto s = read(root, location(StoreKind::Bundle, "/etc/ssl/cert.pem"));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/etc/ssl/cert.pem")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "No such file")) << *s.error;
}

TEST(Readers, BundleThatIsADirectoryIsAnError) {
  TempDir root;
  make_dirs(root / "etc/ssl/certs/ca-certificates.crt");
  const auto s = read(root, location(StoreKind::Bundle, "/etc/ssl/certs/ca-certificates.crt"));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/etc/ssl/certs/ca-certificates.crt")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "directory")) << *s.error;
}

TEST(Readers, BundleThatIsAFifoIsAnErrorNotAHang) {
  TempDir root;
  make_dirs(root / "etc/ssl");
  const auto r = run("mkfifo " + quote(root / "etc/ssl/cert.pem"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto s = read(root, location(StoreKind::Bundle, "/etc/ssl/cert.pem"));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/etc/ssl/cert.pem")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "not a regular file")) << *s.error;
}

TEST(Readers, BundleLargerThanTheLimitIsRefused) {
  TempDir root;
  make_dirs(root / "var/lib/ca-certificates");
  const std::string big = root / "var/lib/ca-certificates/ca-bundle.pem";
  const auto r = run("truncate -s " + std::to_string(fs::RootFs::kMaxFileBytes + 1) + " " + quote(big));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(stdfs::file_size(big), fs::RootFs::kMaxFileBytes + 1);
  const auto s = read(root, location(StoreKind::Bundle, "/var/lib/ca-certificates/ca-bundle.pem"));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/var/lib/ca-certificates/ca-bundle.pem")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "too large")) << *s.error;
  EXPECT_TRUE(s.certificates.empty());
}

TEST(Readers, UnreadableBundleIsAnErrorForOrdinaryUsers) {
  TempDir root;
  write_bundle(root / "etc/ssl/cert.pem", {kAmazon1});
  stdfs::permissions(root / "etc/ssl/cert.pem", stdfs::perms::none);
  const auto s = read(root, location(StoreKind::Bundle, "/etc/ssl/cert.pem"));
  if (geteuid() != 0) {
    ASSERT_TRUE(s.error);
    EXPECT_TRUE(contains(*s.error, "/etc/ssl/cert.pem")) << *s.error;
    EXPECT_TRUE(contains(*s.error, "Permission denied")) << *s.error;
  } else {
    // root reads through mode 000: the one certificate is there.
    EXPECT_FALSE(s.error) << *s.error;
    EXPECT_EQ(s.certificates.size(), 1u);
  }
}

// ---------------------------------------------------------------- hashed directories

TEST(ReadersHashedDir, ReadsEachCertificateOnceThroughItsHashLink) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::vector<std::string> certs = {kAmazon1, kStarfield, kIsrgX1};
  rehashed_dir(root / "etc/ssl/certs", certs);
  const auto s = read(root, location(StoreKind::HashedDir, "/etc/ssl/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
  EXPECT_EQ(s.certificates.size(), certs.size());
  EXPECT_EQ(fingerprints(s), openssl_fingerprints(certs));
  EXPECT_EQ(s.resolved_path, "/etc/ssl/certs");
}

TEST(ReadersHashedDir, SameSubjectCertificatesUnderHash0AndHash1AreBothRead) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::vector<std::string> certs = {kIsrgX1, "isrgx1_x_dstx3.pem"};
  rehashed_dir(root / "certs", certs);
  const auto s = read(root, location(StoreKind::HashedDir, "/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
  EXPECT_EQ(fingerprints(s), openssl_fingerprints(certs));
}

TEST(ReadersHashedDir, CertificateWithoutAHashLinkIsAProblemSuggestingOpensslRehash) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  rehashed_dir(root / "etc/ssl/certs", {kAmazon1, kIsrgX1});
  // Added after the rehash: OpenSSL's CApath lookup cannot see it.
  write_file(root / "etc/ssl/certs/my-company-root.pem", testing::read_file(real_cert(kStarfield)));
  const auto s = read(root, location(StoreKind::HashedDir, "/etc/ssl/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kIsrgX1}));
  EXPECT_TRUE(any_problem_mentions(s, {"/etc/ssl/certs", "my-company-root.pem", "openssl rehash"})) << joined(s.problems);
}

TEST(ReadersHashedDir, UnlinkedFileIsReportedExactlyWhenOpensslRehashWouldLinkIt) {
  // The advice is "run openssl rehash": it must name the files rehash would link
  // (it takes .pem/.crt/.cer in any case, TRUSTED CERTIFICATE blocks too) and not
  // files it skips (DER). What rehash does is read from `openssl rehash -v` on a copy.
  TRUSTREADY_REQUIRE_TOOL("openssl");
  struct Case {
    std::string name;
    std::string make;  // shell command writing the file as $F
  };
  const std::vector<Case> cases = {
      {"corp.cer", "cp " + quote(real_cert(kIsrgX1)) + " \"$F\""},
      {"CORP.PEM", "cp " + quote(real_cert(kIsrgX2)) + " \"$F\""},
      {"trusted.pem", "openssl x509 -in " + quote(real_cert(kStarfield)) + " -addtrust serverAuth -out \"$F\""},
      {"corp-der.crt", "openssl x509 -in " + quote(real_cert("Amazon_Root_CA_2.pem")) + " -outform DER -out \"$F\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir root;
    TempDir scratch;
    rehashed_dir(root / "certs", {kAmazon1});
    const auto made = run("F=" + quote(root / ("certs/" + c.name)) + "; " + c.make);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const auto copy = run("cp -a " + quote(root / "certs") + " " + quote(scratch / "certs") + " && openssl rehash -v " +
                          quote(scratch / "certs"));
    ASSERT_EQ(copy.exit_code, 0) << copy.err;
    const bool rehash_links_it = contains(copy.out, "link " + c.name + " -> ");
    const auto s = read(root, location(StoreKind::HashedDir, "/certs"));
    ASSERT_FALSE(s.error) << *s.error;
    EXPECT_EQ(any_problem_mentions(s, {c.name, "openssl rehash"}), rehash_links_it)
        << "openssl rehash " << (rehash_links_it ? "links" : "skips") << " " << c.name << "; problems:\n"
        << joined(s.problems) << "rehash said:\n" << copy.out << copy.err;
  }
}

TEST(ReadersHashedDir, ABundleBesideTheHashLinksIsNotCalledUnlinked) {
  // Debian keeps ca-certificates.crt in /etc/ssl/certs; `openssl rehash` skips files
  // holding more than one certificate, so it is no missing link.
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  rehashed_dir(root / "etc/ssl/certs", {kAmazon1, kIsrgX1});
  write_bundle(root / "etc/ssl/certs/ca-certificates.crt", {kAmazon1, kIsrgX1, kStarfield});
  const auto again = run("openssl rehash " + quote(root / "etc/ssl/certs"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  ASSERT_EQ(symlink_names(root / "etc/ssl/certs").size(), 2u) << "openssl rehash linked the bundle";
  const auto s = read(root, location(StoreKind::HashedDir, "/etc/ssl/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
  EXPECT_EQ(s.certificates.size(), 2u);
}

TEST(ReadersHashedDir, FolderWithoutHashNamesIsAnErrorSuggestingOpensslRehash) {
  TempDir root;
  write_file(root / "certs/a.pem", testing::read_file(real_cert(kAmazon1)));
  write_file(root / "certs/b.crt", testing::read_file(real_cert(kIsrgX1)));
  const auto s = read(root, location(StoreKind::HashedDir, "/certs"));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/certs")) << *s.error;
  EXPECT_TRUE(contains(*s.error, "openssl rehash")) << *s.error;
  EXPECT_TRUE(s.certificates.empty());
}

TEST(ReadersHashedDir, SymlinkLoopIsAProblemAndTheRestIsRead) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  rehashed_dir(root / "etc/ssl/certs", {kAmazon1, kIsrgX1});
  // deadbeef.0 -> loop.pem -> deadbeef.0
  symlink("loop.pem", root / "etc/ssl/certs/deadbeef.0");
  symlink("deadbeef.0", root / "etc/ssl/certs/loop.pem");
  const auto s = read(root, location(StoreKind::HashedDir, "/etc/ssl/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kIsrgX1}));
  EXPECT_TRUE(any_problem_mentions(s, {"/etc/ssl/certs/deadbeef.0", "loop"})) << joined(s.problems);
}

TEST(ReadersHashedDir, SelfLinkIsAProblem) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  rehashed_dir(root / "certs", {kStarfield});
  symlink("/certs/cafecafe.0", root / "certs/cafecafe.0");
  const auto s = read(root, location(StoreKind::HashedDir, "/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.certificates.size(), 1u);
  EXPECT_TRUE(any_problem_mentions(s, {"/certs/cafecafe.0", "loop"})) << joined(s.problems);
}

TEST(ReadersHashedDir, DanglingHashLinkIsAProblemNamingIt) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  rehashed_dir(root / "etc/ssl/certs", {kAmazon1});
  symlink("/usr/share/ca-certificates/mozilla/Gone.crt", root / "etc/ssl/certs/12345678.0");
  const auto s = read(root, location(StoreKind::HashedDir, "/etc/ssl/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.certificates.size(), 1u);
  EXPECT_TRUE(any_problem_mentions(s, {"/etc/ssl/certs/12345678.0", "No such file"})) << joined(s.problems);
}

TEST(ReadersHashedDir, TruncatedDerUnderAHashNameIsAProblemNamingIt) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  rehashed_dir(root / "certs", {kAmazon1});
  write_der(kIsrgX1, root / "full.der");
  const std::string der = testing::read_file(root / "full.der");
  ASSERT_GT(der.size(), 200u);
  write_file(root / "certs/abcdef01.0", der.substr(0, 200));
  const auto s = read(root, location(StoreKind::HashedDir, "/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1}));
  EXPECT_TRUE(any_problem_mentions(s, {"/certs/abcdef01.0"})) << joined(s.problems);
}

TEST(ReadersHashedDir, CrlHashNamesAreNotReadAsCertificates) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  rehashed_dir(root / "certs", {kAmazon1});
  // Not a certificate: read as one, it would be a problem.
  write_file(root / "certs/0a1b2c3d.r0", "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
  const auto s = read(root, location(StoreKind::HashedDir, "/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
  EXPECT_EQ(s.certificates.size(), 1u);
}

TEST(ReadersHashedDir, HashLinkToADirectoryIsAProblem) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  rehashed_dir(root / "certs", {kAmazon1});
  make_dirs(root / "certs/abcdabcd.0");
  const auto s = read(root, location(StoreKind::HashedDir, "/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(s.certificates.size(), 1u);
  EXPECT_TRUE(any_problem_mentions(s, {"/certs/abcdabcd.0", "directory"})) << joined(s.problems);
}

TEST(ReadersHashedDir, MissingFolderIsAnErrorNamingIt) {
  TempDir root;
  const auto s = read(root, location(StoreKind::HashedDir, "/usr/lib/ssl/certs"));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/usr/lib/ssl/certs")) << *s.error;
}

TEST(ReadersHashedDir, UnreadableMemberIsAProblemForOrdinaryUsers) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  rehashed_dir(root / "certs", {kAmazon1, kIsrgX1});
  stdfs::permissions(root / ("certs/" + kIsrgX1), stdfs::perms::none);
  const auto s = read(root, location(StoreKind::HashedDir, "/certs"));
  ASSERT_FALSE(s.error) << *s.error;
  if (geteuid() != 0) {
    EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1}));
    EXPECT_TRUE(any_problem_mentions(s, {"Permission denied"})) << joined(s.problems);
  } else {
    EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kIsrgX1}));
  }
}

// ---------------------------------------------------------------- anchor folders

TEST(ReadersCertDir, DebianLocalFolderReadsCrtFilesAndSubfolders) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::string dir = root / "usr/local/share/ca-certificates";
  write_file(dir + "/corp-root.crt", testing::read_file(real_cert(kAmazon1)));
  write_file(dir + "/team/sub/team-root.crt", testing::read_file(real_cert(kIsrgX2)));
  const auto s = read(root, location(StoreKind::CertDir, "/usr/local/share/ca-certificates", {".crt"}));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kIsrgX2}));
  EXPECT_EQ(s.location.role, StoreRole::AnchorSource);
}

TEST(ReadersCertDir, PemFileInTheDebianLocalFolderIsAProblemSayingOnlyCrtIsRead) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::string dir = root / "usr/local/share/ca-certificates";
  write_file(dir + "/good.crt", testing::read_file(real_cert(kAmazon1)));
  write_file(dir + "/forgotten.pem", testing::read_file(real_cert(kIsrgX1)));
  write_file(dir + "/nested/also-forgotten.pem", testing::read_file(real_cert(kStarfield)));
  const auto s = read(root, location(StoreKind::CertDir, "/usr/local/share/ca-certificates", {".crt"}));
  ASSERT_FALSE(s.error) << *s.error;
  // update-ca-certificates would add only good.crt.
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1}));
  EXPECT_TRUE(any_problem_mentions(s, {"/usr/local/share/ca-certificates/forgotten.pem", "*.crt"}))
      << joined(s.problems);
  EXPECT_TRUE(any_problem_mentions(s, {"/usr/local/share/ca-certificates/nested/also-forgotten.pem", "*.crt"}))
      << joined(s.problems);
}

TEST(ReadersCertDir, AnchorFolderWithoutSuffixesReadsPemDerAndCrt) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::string dir = root / "etc/pki/ca-trust/source/anchors";
  write_file(dir + "/a.pem", testing::read_file(real_cert(kAmazon1)));
  write_file(dir + "/b.crt", testing::read_file(real_cert(kStarfield)));
  write_der(kIsrgX1, dir + "/c.der");
  const auto s = read(root, location(StoreKind::CertDir, "/etc/pki/ca-trust/source/anchors"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1, kStarfield, kIsrgX1}));
}

TEST(ReadersCertDir, TruncatedDerFileIsAProblemNamingIt) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::string dir = root / "etc/pki/ca-trust/source/anchors";
  write_file(dir + "/good.pem", testing::read_file(real_cert(kAmazon1)));
  write_der(kIsrgX1, root / "full.der");
  const std::string der = testing::read_file(root / "full.der");
  ASSERT_GT(der.size(), 300u);
  write_file(dir + "/cut.der", der.substr(0, 300));
  const auto s = read(root, location(StoreKind::CertDir, "/etc/pki/ca-trust/source/anchors"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1}));
  EXPECT_TRUE(any_problem_mentions(s, {"/etc/pki/ca-trust/source/anchors/cut.der"})) << joined(s.problems);
}

TEST(ReadersCertDir, SameFileReachedTwiceIsReadOnce) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::string dir = root / "etc/pki/trust/anchors";
  write_file(dir + "/corp.pem", testing::read_file(real_cert(kAmazon1)));
  symlink("corp.pem", dir + "/corp-alias.pem");
  symlink("/etc/pki/trust/anchors/corp.pem", dir + "/corp-abs.pem");
  const auto s = read(root, location(StoreKind::CertDir, "/etc/pki/trust/anchors"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1}));
}

TEST(ReadersCertDir, FolderLinkingBackToItselfIsReadOnce) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TempDir root;
  const std::string dir = root / "etc/pki/trust/anchors";
  write_file(dir + "/corp.pem", testing::read_file(real_cert(kAmazon1)));
  symlink("..", dir + "/sub/up");       // back to anchors/
  symlink("/etc/pki/trust/anchors", dir + "/self");
  const auto s = read(root, location(StoreKind::CertDir, "/etc/pki/trust/anchors"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_EQ(fingerprints(s), openssl_fingerprints({kAmazon1}));
  // A cycle is not deep nesting: the walk stops at the first repeat.
  EXPECT_FALSE(any_problem_mentions(s, {"deep"})) << joined(s.problems);
}

TEST(ReadersCertDir, FoldersNestedTooDeepAreAProblemNotARecursion) {
  TempDir root;
  std::string deep = root / "anchors";
  for (int i = 0; i < 12; ++i) deep += "/d" + std::to_string(i);
  write_file(deep + "/deep.pem", testing::read_file(real_cert(kAmazon1)));
  const auto s = read(root, location(StoreKind::CertDir, "/anchors"));
  ASSERT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(any_problem_mentions(s, {"/anchors/d0", "deep"})) << joined(s.problems);
}

TEST(ReadersCertDir, MissingFolderIsAnErrorNamingIt) {
  TempDir root;
  const auto s = read(root, location(StoreKind::CertDir, "/usr/local/share/ca-certificates", {".crt"}));
  ASSERT_TRUE(s.error);
  EXPECT_TRUE(contains(*s.error, "/usr/local/share/ca-certificates")) << *s.error;
}

TEST(ReadersCertDir, EmptyFolderHoldsNothingAndIsNoError) {
  TempDir root;
  make_dirs(root / "etc/pki/ca-trust/source/anchors");
  const auto s = read(root, location(StoreKind::CertDir, "/etc/pki/ca-trust/source/anchors"));
  EXPECT_FALSE(s.error) << *s.error;
  EXPECT_TRUE(s.certificates.empty());
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
}

}  // namespace
}  // namespace trustready
