// Debian's anchor folder as update-ca-certificates really compiles it. Each case puts
// one kind of file in /usr/local/share/ca-certificates of a Debian root, runs the real
// update-ca-certificates over it in a private mount namespace, and asks `openssl verify`
// what the compiled bundle (-CAfile) and /etc/ssl/certs (-CApath) really give. The
// anchor folder's store must hold a certificate exactly when the bundle does, and warn
// exactly when the tool takes the file but compiles it into something else.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fs/root_fs.h"
#include "stores/discover.h"
#include "stores/store_test_support.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

using namespace store_test;
using stores::ProblemCode;
using stores::Store;
using testing::TempDir;

const std::string kLocal = "/usr/local/share/ca-certificates";

class CompiledAnchorFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("update-ca-certificates");
    TRUSTREADY_REQUIRE_MOUNT_NAMESPACE();
    TRUSTREADY_REQUIRE_TOOL("openssl");
  }
  std::string local(const std::string& name) const { return root_.path() + kLocal + "/" + name; }
  /// Runs the real tool; returns what it printed ("N added, 0 removed; done.").
  std::string update() {
    const auto r = testing::make_debian_root(root_.path(), {kIsrgX1});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    return r.out;
  }
  /// `openssl verify` in a private mount namespace where the root's certificate folders
  /// are mounted where /etc/ssl/certs's absolute links point (as make_debian_root runs the tool).
  bool verifies(const std::string& store_flag, const std::string& store, const std::string& data_cert) const {
    const std::string& r = root_.path();
    const std::string verify = "openssl verify -no-CApath -no-CAfile -no-CAstore -attime " +
                               std::string(testing::kTestEpoch) + " " + store_flag + " " + quote(r + store) + " " +
                               quote(real_cert(data_cert));
    return run("unshare --mount sh -c " + quote("mount --bind " + quote(r + "/usr/share/ca-certificates") +
                                                " /usr/share/ca-certificates && mount --bind " + quote(r + kLocal) +
                                                " " + kLocal + " && " + verify))
               .exit_code == 0;
  }
  /// The compiled bundle gives this certificate to OpenSSL.
  bool in_bundle(const std::string& data_cert) const {
    return verifies("-CAfile", "/etc/ssl/certs/ca-certificates.crt", data_cert);
  }
  bool in_capath(const std::string& data_cert) const { return verifies("-CApath", "/etc/ssl/certs", data_cert); }
  Store anchor_folder() const {
    auto fs = fs::RootFs::open(root_.path());
    EXPECT_TRUE(fs) << fs.error();
    for (auto& s : stores::discover(fs.value(), {}).stores)
      if (s.location.path == kLocal) return s;
    ADD_FAILURE() << "no store at " << kLocal;
    return {};
  }
  bool holds(const Store& s, const std::string& data_cert) const {
    return fingerprints(s).count(openssl_sha256(real_cert(data_cert))) > 0;
  }
  static bool has_code(const Store& s, ProblemCode code, const std::string& needle) {
    for (const auto& p : s.problems)
      if (p.code == code && contains(p.message, needle)) return true;
    return false;
  }
  TempDir root_;
};

TEST_F(CompiledAnchorFolder, PemCrtReachesTheBundleAndTheHashedFolderWithoutAWord) {
  write_file(local("corp.crt"), testing::read_file(real_cert(kAmazon1)));
  EXPECT_NE(update().find("2 added"), std::string::npos);
  EXPECT_TRUE(in_bundle(kAmazon1));
  EXPECT_TRUE(in_capath(kAmazon1));
  const Store s = anchor_folder();
  EXPECT_EQ(holds(s, kAmazon1), in_bundle(kAmazon1));
  EXPECT_TRUE(s.problems.empty()) << joined(s.problems);
}

TEST_F(CompiledAnchorFolder, DerCrtIsCountedAddedButNoStoreGetsIt) {
  make_dirs(root_.path() + kLocal);
  const auto r = run("openssl x509 -in " + quote(real_cert(kAmazon1)) + " -outform DER -out " + quote(local("corp.crt")));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(update().find("2 added"), std::string::npos);  // the tool takes it
  const bool bundle_has_it = in_bundle(kAmazon1);
  EXPECT_FALSE(bundle_has_it);
  EXPECT_FALSE(in_capath(kAmazon1));
  EXPECT_TRUE(in_bundle(kIsrgX1));  // the rest of the bundle still loads
  const Store s = anchor_folder();
  EXPECT_EQ(holds(s, kAmazon1), bundle_has_it);
  EXPECT_TRUE(has_code(s, ProblemCode::DerCopiedIntoBundle, local("corp.crt").substr(root_.path().size())))
      << joined(s.problems);
}

TEST_F(CompiledAnchorFolder, SeveralCertificatesInOneCrtReachTheBundleButNotTheHashedFolder) {
  testing::write_bundle(local("corp.crt"), {"Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem"});
  update();
  for (const std::string c : {"Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem"}) {
    EXPECT_TRUE(in_bundle(c)) << c;
    EXPECT_FALSE(in_capath(c)) << c << ": openssl rehash linked a file of two certificates";
  }
  const Store s = anchor_folder();
  EXPECT_EQ(holds(s, "Amazon_Root_CA_2.pem"), in_bundle("Amazon_Root_CA_2.pem"));
  EXPECT_EQ(holds(s, "Amazon_Root_CA_3.pem"), in_bundle("Amazon_Root_CA_3.pem"));
  EXPECT_TRUE(has_code(s, ProblemCode::SeveralCertificatesInFile, "corp.crt")) << joined(s.problems);
}

TEST_F(CompiledAnchorFolder, DamagedPemCrtBreaksTheWholeCompiledBundle) {
  std::string pem = testing::read_file(real_cert("Amazon_Root_CA_4.pem"));
  pem[pem.find('\n', 40) + 5] = '!';  // a byte no base64 has, inside the body
  write_file(local("corp.crt"), pem);
  update();
  const bool bundle_loads = in_bundle(kIsrgX1);
  EXPECT_FALSE(bundle_loads) << "OpenSSL loaded the bundle around the damaged block";
  const Store s = anchor_folder();
  EXPECT_EQ(holds(s, "Amazon_Root_CA_4.pem"), in_bundle("Amazon_Root_CA_4.pem"));
  EXPECT_EQ(has_code(s, ProblemCode::BreaksCompiledBundle, "corp.crt"), !bundle_loads) << joined(s.problems);
}

TEST_F(CompiledAnchorFolder, EmptyCrtIsCountedAddedAndAddsNothing) {
  write_file(local("corp.crt"), "");
  EXPECT_NE(update().find("2 added"), std::string::npos);
  EXPECT_TRUE(in_bundle(kIsrgX1));
  const Store s = anchor_folder();
  EXPECT_TRUE(s.certificates.empty());
  EXPECT_TRUE(has_code(s, ProblemCode::NoCertificateInFile, "corp.crt")) << joined(s.problems);
}

TEST_F(CompiledAnchorFolder, PemFileIsIgnoredByTheToolAndSaidSo) {
  write_file(local("corp.pem"), testing::read_file(real_cert(kAmazon1)));
  EXPECT_NE(update().find("1 added"), std::string::npos);
  EXPECT_FALSE(in_bundle(kAmazon1));
  const Store s = anchor_folder();
  EXPECT_EQ(holds(s, kAmazon1), in_bundle(kAmazon1));
  EXPECT_TRUE(has_code(s, ProblemCode::IgnoredByUpdateTool, "corp.pem")) << joined(s.problems);
}

}  // namespace
}  // namespace trustready
