// run::read_chain: the chain files `paths` reads, hostile ones included.
#include <gtest/gtest.h>

#include "run/chain_files.h"
#include "support/fixtures.h"
#include "support/test_pki.h"

namespace trustready {
namespace {

class ChainFiles : public ::testing::Test {
 protected:
  void SetUp() override { TRUSTREADY_REQUIRE_TOOL("openssl"); }
  testing::TempDir dir;
};

TEST_F(ChainFiles, ChainFileOfTenThousandCertificatesIsRefusedWithAReason) {
  testing::TestPki pki(dir);
  pki.root("Root");
  const std::string one = testing::read_file(pki.path("Root.pem"));
  std::string many;
  for (int i = 0; i < 10000; ++i) many += one;
  testing::write_file(dir / "huge.pem", many);
  const auto chain = run::read_chain({dir / "huge.pem"});
  ASSERT_FALSE(chain);
  EXPECT_NE(chain.error().find("more than 1000 certificates"), std::string::npos) << chain.error();
  EXPECT_NE(chain.error().find("huge.pem"), std::string::npos) << chain.error();
}

}  // namespace
}  // namespace trustready
