// A hashed folder holds what OpenSSL's CApath lookup finds in it. Each case builds a
// folder the way people break them (names from -subject_hash_old, a HASH.1 with no
// HASH.0, a name with another certificate's hash, DER under a hash name, HASH.01) and
// the expected answer is `openssl verify -CApath` on a leaf issued by the root in it:
// the store holds the root exactly when the real lookup finds it.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "fs/root_fs.h"
#include "stores/readers.h"
#include "stores/store_test_support.h"
#include "support/fixtures.h"
#include "support/test_pki.h"

namespace trustready {
namespace {

using namespace store_test;
using stores::ProblemCode;
using stores::Store;
using stores::StoreKind;
using testing::TempDir;

class CapathLookup : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_dir_ = new TempDir();
    pki_ = new testing::TestPki(*pki_dir_);
    pki_->root("Lookup Root");
    pki_->root("Other Root");
    pki_->leaf("leaf", "Lookup Root", "lookup.test");
  }
  static void TearDownTestSuite() {
    delete pki_;
    delete pki_dir_;
  }
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    make_dirs(dir());
  }

  static std::string root_pem() { return pki_->path("Lookup Root.pem"); }
  static std::string other_pem() { return pki_->path("Other Root.pem"); }
  /// `openssl x509 -noout FLAG` of a certificate file: the real tool's hash.
  static std::string hash_of(const std::string& pem, const std::string& flag = "-subject_hash") {
    auto r = run("openssl x509 -noout " + flag + " -in " + quote(pem));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }
  std::string dir() const { return tree_ / "certs"; }
  void copy(const std::string& from, const std::string& name) const {
    write_file(dir() + "/" + name, testing::read_file(from));
  }
  void der(const std::string& from, const std::string& name) const {
    auto r = run("openssl x509 -in " + quote(from) + " -outform DER -out " + quote(dir() + "/" + name));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  /// The real lookup: the leaf verifies against the folder alone.
  bool openssl_finds_the_root() const {
    return run("openssl verify -no-CAfile -no-CAstore -CApath " + quote(dir()) + " " + quote(pki_->path("leaf.pem")))
               .exit_code == 0;
  }
  Store read() const {
    auto fs = fs::RootFs::open(tree_.path());
    EXPECT_TRUE(fs) << fs.error();
    stores::StoreLocation loc;
    loc.id = "test";
    loc.kind = StoreKind::HashedDir;
    loc.path = "/certs";
    return stores::read_store(fs.value(), loc);
  }
  bool holds(const Store& s, const std::string& pem) const { return fingerprints(s).count(openssl_sha256(pem)) > 0; }
  static bool has_code(const Store& s, ProblemCode code, const std::string& needle) {
    for (const auto& p : s.problems)
      if (p.code == code && contains(p.message, needle)) return true;
    return false;
  }
  /// The store holds the root exactly when `openssl verify -CApath` finds it.
  void expect_as_openssl(const Store& s, bool openssl_finds) const {
    EXPECT_EQ(holds(s, root_pem()), openssl_finds) << "openssl verify -CApath " << (openssl_finds ? "finds" : "misses")
                                                   << " the root; problems:\n"
                                                   << joined(s.problems);
  }

  TempDir tree_;
  static TempDir* pki_dir_;
  static testing::TestPki* pki_;
};

TempDir* CapathLookup::pki_dir_ = nullptr;
testing::TestPki* CapathLookup::pki_ = nullptr;

TEST_F(CapathLookup, FolderMadeByOpensslRehashHoldsTheRootAndSaysNothing) {
  copy(root_pem(), "lookup-root.pem");
  ASSERT_EQ(run("openssl rehash " + quote(dir())).exit_code, 0);
  ASSERT_TRUE(openssl_finds_the_root());
  const Store s = read();
  ASSERT_FALSE(s.error) << *s.error;
  expect_as_openssl(s, true);
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
}

TEST_F(CapathLookup, NameMadeWithSubjectHashOldIsNeverFound) {
  const std::string old = hash_of(root_pem(), "-subject_hash_old");
  ASSERT_NE(old, hash_of(root_pem()));
  copy(root_pem(), "lookup-root.pem");
  symlink("lookup-root.pem", dir() + "/" + old + ".0");  // what c_rehash of OpenSSL 0.9.8 wrote
  const bool found = openssl_finds_the_root();
  EXPECT_FALSE(found);
  const Store s = read();
  ASSERT_FALSE(s.error) << *s.error;
  expect_as_openssl(s, found);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameMismatch, old + ".0")) << joined(s.problems);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameMismatch, "-subject_hash_old")) << joined(s.problems);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameMismatch, hash_of(root_pem()))) << joined(s.problems);
}

TEST_F(CapathLookup, HashOneWithoutHashZeroIsNeverFound) {
  const std::string hash = hash_of(root_pem());
  copy(root_pem(), hash + ".1");
  const bool found = openssl_finds_the_root();
  EXPECT_FALSE(found);
  const Store s = read();
  ASSERT_FALSE(s.error) << *s.error;
  expect_as_openssl(s, found);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameUnreachable, hash + ".1")) << joined(s.problems);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameUnreachable, "no " + hash + ".0")) << joined(s.problems);
}

TEST_F(CapathLookup, HashZeroOfAnotherCertificateStillLeadsToHashOne) {
  // The other root's file loads (it is PEM), so the lookup goes on to HASH.1.
  const std::string hash = hash_of(root_pem());
  copy(other_pem(), hash + ".0");
  copy(root_pem(), hash + ".1");
  const bool found = openssl_finds_the_root();
  EXPECT_TRUE(found);
  const Store s = read();
  ASSERT_FALSE(s.error) << *s.error;
  expect_as_openssl(s, found);
  EXPECT_FALSE(holds(s, other_pem())) << "no lookup asks " << hash << ".0 for Other Root";
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameMismatch, hash + ".0")) << joined(s.problems);
}

TEST_F(CapathLookup, NameWithAnUnrelatedHashIsNeverFound) {
  copy(root_pem(), "12345678.0");
  ASSERT_NE(hash_of(root_pem()), "12345678");
  const bool found = openssl_finds_the_root();
  EXPECT_FALSE(found);
  const Store s = read();
  expect_as_openssl(s, found);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameMismatch, "12345678.0")) << joined(s.problems);
  EXPECT_FALSE(has_code(s, ProblemCode::HashNameMismatch, "-subject_hash_old")) << joined(s.problems);
}

TEST_F(CapathLookup, DerUnderTheRightHashIsNeverFoundAndStopsTheLookup) {
  const std::string hash = hash_of(root_pem());
  der(root_pem(), hash + ".0");
  copy(root_pem(), hash + ".1");  // after a file that does not load: never opened
  const bool found = openssl_finds_the_root();
  EXPECT_FALSE(found);
  const Store s = read();
  expect_as_openssl(s, found);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameNotPem, hash + ".0")) << joined(s.problems);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameUnreachable, hash + ".1")) << joined(s.problems);
}

TEST_F(CapathLookup, DanglingHashZeroStopsTheLookupBeforeHashOne) {
  const std::string hash = hash_of(root_pem());
  symlink("gone.pem", dir() + "/" + hash + ".0");
  copy(root_pem(), hash + ".1");
  const bool found = openssl_finds_the_root();
  EXPECT_FALSE(found);
  const Store s = read();
  expect_as_openssl(s, found);
  EXPECT_TRUE(has_code(s, ProblemCode::UnreadableEntry, hash + ".0")) << joined(s.problems);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameUnreachable, hash + ".1")) << joined(s.problems);
}

TEST_F(CapathLookup, IndexWithALeadingZeroIsNeverOpened) {
  const std::string hash = hash_of(root_pem());
  copy(root_pem(), hash + ".00");
  const bool found = openssl_finds_the_root();
  EXPECT_FALSE(found);
  const Store s = read();
  expect_as_openssl(s, found);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameUnreachable, hash + ".00")) << joined(s.problems);
}

TEST_F(CapathLookup, FileOfSeveralCertificatesUnderTheRightHashIsFound) {
  const std::string hash = hash_of(root_pem());
  write_file(dir() + "/" + hash + ".0", testing::read_file(other_pem()) + testing::read_file(root_pem()));
  const bool found = openssl_finds_the_root();
  EXPECT_TRUE(found);
  const Store s = read();
  expect_as_openssl(s, found);
}

TEST_F(CapathLookup, DamagedBlockAfterTheRootKeepsTheRootAndStopsTheLookup) {
  // X509_load_cert_file keeps what it read before the damaged block, then fails.
  const std::string hash = hash_of(root_pem());
  write_file(dir() + "/" + hash + ".0",
             testing::read_file(root_pem()) + "-----BEGIN CERTIFICATE-----\nAAAA!!\n-----END CERTIFICATE-----\n");
  copy(other_pem(), hash + ".1");
  const bool found = openssl_finds_the_root();
  EXPECT_TRUE(found);
  const Store s = read();
  expect_as_openssl(s, found);
  EXPECT_TRUE(has_code(s, ProblemCode::HashNameUnreachable, hash + ".1")) << joined(s.problems);
}

TEST_F(CapathLookup, CrlHashNamesAreNeitherCertificatesNorProblems) {
  copy(root_pem(), "lookup-root.pem");
  ASSERT_EQ(run("openssl rehash " + quote(dir())).exit_code, 0);
  write_file(dir() + "/" + hash_of(root_pem()) + ".r0", "-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n");
  const Store s = read();
  expect_as_openssl(s, openssl_finds_the_root());
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
}

}  // namespace
}  // namespace trustready
