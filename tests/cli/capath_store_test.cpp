// `check --store DIR` on a hashed folder judges what OpenSSL's CApath lookup finds there:
// the same six ATS roots are ready under the names `openssl rehash` writes, and not under
// names made with -subject_hash_old, exactly as `openssl verify -CApath` finds them or not.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::real_cert;
using testing::run;
using testing::TempDir;

const std::vector<std::string> kAllAts = {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem",
                                          "Amazon_Root_CA_4.pem",
                                          "Starfield_Services_Root_Certificate_Authority_-_G2.pem",
                                          "Starfield_Class_2_CA.pem"};

class CapathStore : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    for (const auto& f : kAllAts) testing::write_file(dir() + "/" + f, testing::read_file(real_cert(f)));
  }
  std::string dir() const { return root_ / "certs"; }
  /// The real lookup finds `data_cert` (a root: it verifies when the folder holds it).
  bool openssl_finds(const std::string& data_cert) const {
    return run("openssl verify -no-CAfile -no-CAstore -attime " + std::string(testing::kTestEpoch) + " -CApath " +
               quote(dir()) + " " + quote(real_cert(data_cert)))
               .exit_code == 0;
  }
  json store_json() const {
    const auto r = run(quote(testing::binary()) + " check --no-color --at " + testing::kTestDate + " --root " +
                       quote(root_.path()) + " --store /certs --format json");
    auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    if (j.is_discarded()) return nullptr;
    for (const auto& s : j.at("stores"))
      if (s.at("path") == "/certs") return s;
    ADD_FAILURE() << "no store /certs:\n" << j.dump(2);
    return nullptr;
  }
  TempDir root_;
};

TEST_F(CapathStore, FolderLinkedByOpensslRehashIsReady) {
  ASSERT_EQ(run("openssl rehash " + quote(dir())).exit_code, 0);
  for (const auto& f : kAllAts) EXPECT_TRUE(openssl_finds(f)) << f;
  const json s = store_json();
  ASSERT_FALSE(s.is_null());
  EXPECT_EQ(s.at("verdict"), "ready") << s.dump(2);
  EXPECT_TRUE(s.at("diagnostics").empty()) << s.dump(2);
}

TEST_F(CapathStore, FolderLinkedWithSubjectHashOldNamesIsNotReady) {
  for (const auto& f : kAllAts) {
    const auto old = run("openssl x509 -noout -subject_hash_old -in " + quote(real_cert(f)));
    ASSERT_EQ(old.exit_code, 0) << old.err;
    const std::string name = old.out.substr(0, old.out.find('\n')) + ".0";
    ASSERT_EQ(run("ln -s " + quote(f) + " " + quote(dir() + "/" + name)).exit_code, 0) << name;
  }
  for (const auto& f : kAllAts) EXPECT_FALSE(openssl_finds(f)) << f;
  const json s = store_json();
  ASSERT_FALSE(s.is_null());
  EXPECT_NE(s.at("verdict"), "ready") << s.dump(2);
  EXPECT_EQ(s.at("certificates"), 0) << s.dump(2);
  std::size_t mismatches = 0;
  for (const auto& d : s.at("diagnostics")) mismatches += d.at("code") == "hash-name-mismatch";
  EXPECT_EQ(mismatches, kAllAts.size()) << s.dump(2);
}

}  // namespace
}  // namespace trustready
