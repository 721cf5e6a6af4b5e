// The judge asks the engines about the certificates above a server's leaf, starting at
// the topmost CA the server sends. A CA whose keyUsage is only keyCertSign and cRLSign
// (ISRG Root X1 cross-signed by DST Root CA X3) is no server's leaf: no engine may refuse
// it for a leaf's purpose, as no client checks a server's purpose on a CA above the leaf.
// Expected values: openssl verify and certtool --verify on the certificate, at a date
// both certificates were valid.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixtures.h"

namespace trustready {
namespace {

using testing::quote;
using testing::real_cert;
using testing::run;

TEST(EngineCaTarget, ACrossSignedCaWithoutDigitalSignatureIsTakenByEveryEngineAsOpensslVerifyAndCerttoolSay) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  TRUSTREADY_REQUIRE_TOOL("certtool");
  TRUSTREADY_REQUIRE_TOOL("faketime");
  const std::string day = "2021-06-01";
  const std::string cross = real_cert("isrgx1_x_dstx3.pem"), store = real_cert("DST_Root_CA_X3.pem");
  const std::string epoch = std::to_string(std::stoll(run("date -u -d " + day + " +%s").out));
  ASSERT_EQ(run("openssl verify -no-CApath -no-CAstore -attime " + epoch + " -CAfile " + quote(store) + " " +
                quote(cross))
                .exit_code,
            0);
  ASSERT_EQ(run(testing::at_day(day, "certtool --verify --load-ca-certificate " + quote(store) + " --infile " +
                                         quote(cross)))
                .exit_code,
            0);
  const auto r = run(quote(testing::binary()) + " paths " + quote(cross) + " --store " + quote(store) +
                     " --no-cross-signs --at " + day + " --format json");
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out << r.err;
  ASSERT_EQ(j.at("clients").size(), 5u);
  for (const auto& c : j.at("clients"))
    EXPECT_TRUE(c.at("accepts").get<bool>()) << c.at("client") << ": " << c.value("reason", "");
}

}  // namespace
}  // namespace trustready
