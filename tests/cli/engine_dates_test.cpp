// Every engine's verdict follows --at, not the day the suite runs: the catalog's real
// ATS certificates judged long before and long after today, each engine beside its real
// tool given the same time (`openssl verify -attime`, certtool under faketime).
// Dates chosen around the certificates' own: Amazon Root CA 1's cross-certificate by
// Services G2 is valid from 2015-05-25; Starfield Class 2 CA and its cross-certificate of
// Services G2 end in June 2034; Services G2 itself at the end of 2037.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"

namespace trustready {
namespace {

using nlohmann::json;
using testing::quote;
using testing::real_cert;
using testing::run;

struct Day {
  const char* date;  ///< what --at and faketime take
  long long epoch;   ///< what openssl -attime takes (`date -u -d DATE +%s`)
};

long long epoch_of(const std::string& date) {
  const auto r = run("date -u -d " + quote(date) + " +%s");
  return std::stoll(r.out);
}

class EngineDates : public ::testing::Test {
 protected:
  void SetUp() override {
    TRUSTREADY_REQUIRE_TOOL("openssl");
    TRUSTREADY_REQUIRE_TOOL("certtool");
    TRUSTREADY_REQUIRE_TOOL("faketime");
    testing::write_bundle(dir / "served.pem", {"amazon1_x_sfsg2.pem", "sfsg2_x_sfclass2.pem"});
  }
  /// The real tools' verdicts on the chain as servers send it, with `store`, at `day`.
  std::map<std::string, bool> real(const std::string& store, const std::string& day) {
    const std::string verify = "openssl verify -no-CApath -no-CAstore -attime " + std::to_string(epoch_of(day)) +
                               " -CAfile " + quote(store) + " -untrusted " + quote(real_cert("sfsg2_x_sfclass2.pem"));
    const bool openssl = run(verify + " " + quote(real_cert("amazon1_x_sfsg2.pem"))).exit_code == 0;
    const bool partial = run(verify + " -partial_chain " + quote(real_cert("amazon1_x_sfsg2.pem"))).exit_code == 0;
    const bool certtool = run(testing::at_day(day, "certtool --verify --load-ca-certificate " + quote(store) +
                                                        " --infile " + quote(dir / "served.pem")))
                              .exit_code == 0;
    // ideal: some valid path to any trusted certificate; java and curl: partial chains.
    return {{"ideal", partial}, {"openssl", openssl}, {"curl", partial}, {"gnutls", certtool}, {"java", partial}};
  }
  std::map<std::string, bool> ours(const std::string& store, const std::string& day) {
    const auto r = run(quote(testing::binary()) + " paths " + quote(dir / "served.pem") + " --store " + quote(store) +
                       " --no-cross-signs --at " + day + " --format json");
    const auto j = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.out << r.err;
    std::map<std::string, bool> out;
    if (j.is_discarded()) return out;
    for (const auto& c : j.at("clients")) out[c.at("client")] = c.at("accepts").get<bool>();
    return out;
  }
  testing::TempDir dir;
};

TEST_F(EngineDates, EveryEngineAgreesWithItsToolLongBeforeAndLongAfterToday) {
  const std::vector<std::string> stores = {real_cert("Starfield_Class_2_CA.pem"),
                                           real_cert("Starfield_Services_Root_Certificate_Authority_-_G2.pem")};
  for (const auto& store : stores)
    for (const std::string day : {"2012-01-01", testing::kTestDate, "2035-01-01", "2037-06-16", "2039-01-01"}) {
      SCOPED_TRACE(store + " at " + day);
      EXPECT_EQ(ours(store, day), real(store, day));
    }
}

// The case the date cannot be ignored in: Class 2 alone after it has expired.
TEST_F(EngineDates, AClass2OnlyBundleAfterClass2ExpiredIsRejectedByOpensslAsOpensslVerifySays) {
  const std::string store = real_cert("Starfield_Class_2_CA.pem");
  ASSERT_FALSE(real(store, "2035-01-01").at("openssl"));
  ASSERT_TRUE(real(store, testing::kTestDate).at("openssl"));
  EXPECT_FALSE(ours(store, "2035-01-01").at("openssl"));
  EXPECT_TRUE(ours(store, testing::kTestDate).at("openssl"));
}

// A store with all six anchors in 2034: the path through Starfield Class 2 ends within the
// 365-day horizon (June 2034), the one through Amazon Root CA 1 itself outlives it (openssl
// verify at the horizon's end says so). The longest-lived path decides: ready.
TEST(CheckDates, AllSixAnchorsIn2034AreReadyThroughTheLongestLivedPath) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  testing::TempDir root;
  testing::write_bundle(root / "etc/ssl/certs/ca-certificates.crt",
                        {"Amazon_Root_CA_1.pem", "Amazon_Root_CA_2.pem", "Amazon_Root_CA_3.pem", "Amazon_Root_CA_4.pem",
                         "Starfield_Services_Root_Certificate_Authority_-_G2.pem", "Starfield_Class_2_CA.pem"});
  const std::string horizon_end = std::to_string(epoch_of("2035-01-01"));
  const auto through_class2 = run("openssl verify -no-CApath -no-CAstore -attime " + horizon_end + " -CAfile " +
                                  quote(real_cert("Starfield_Class_2_CA.pem")) + " -untrusted " +
                                  quote(real_cert("sfsg2_x_sfclass2.pem")) + " " + quote(real_cert("amazon1_x_sfsg2.pem")));
  ASSERT_NE(through_class2.exit_code, 0) << "the Class 2 path should end within the horizon";
  const auto itself = run("openssl verify -no-CApath -no-CAstore -attime " + horizon_end + " -CAfile " +
                          quote(real_cert("Amazon_Root_CA_1.pem")) + " " + quote(real_cert("Amazon_Root_CA_1.pem")));
  ASSERT_EQ(itself.exit_code, 0) << itself.out << itself.err;
  const auto r = run(quote(testing::binary()) + " check -q --system-only --root " + quote(root.path()) +
                     " --at 2034-01-01");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "ready    every trust store verifies the aws-ats chains\n");
}

}  // namespace
}  // namespace trustready
