// The engine registry remembers answers for the whole process; several threads (probe's
// connections, later) ask at once. Each answer is the real `openssl verify`'s. Run under
// ThreadSanitizer by scripts/test --tsan.
#include <gtest/gtest.h>

#include <thread>

#include "cert/parse.h"
#include "paths/engines.h"
#include "support/fixtures.h"

namespace trustready {
namespace {

cert::Certificate load(const std::string& data_cert) {
  auto parsed = cert::parse_certificates(testing::read_file(testing::real_cert(data_cert)));
  if (!parsed || parsed->certificates.empty()) throw std::runtime_error("cannot read " + data_cert);
  return parsed->certificates.front();
}

bool openssl_verify(const std::string& ca, const std::string& cert, bool partial) {
  return testing::run(std::string("openssl verify -no-CApath -no-CAstore -attime 1796083200 ") +
                      (partial ? "-partial_chain " : "") + "-CAfile " + testing::quote(testing::real_cert(ca)) + " " +
                      testing::quote(testing::real_cert(cert)))
             .exit_code == 0;
}

TEST(EngineThreads, FourThreadsAskingOpensslAndCurlAtOnceGetOpensslVerifysAnswers) {
  TRUSTREADY_REQUIRE_TOOL("openssl");
  // Amazon Root CA 1 cross-signed by Starfield Services G2, judged against two stores:
  // the Services G2 root (a path for both), and the cross-certificate itself (only partial chains).
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Starfield_Services_Root_Certificate_Authority_-_G2.pem", "amazon1_x_sfsg2.pem"},
      {"amazon1_x_sfsg2.pem", "amazon1_x_sfsg2.pem"}};
  std::vector<paths::PathInput> inputs;
  std::vector<bool> expected;  // openssl, curl for each case
  for (const auto& [ca, leaf] : cases) {
    paths::PathInput in;
    in.leaf = load(leaf);
    in.anchors = {load(ca)};
    in.at = TimePoint{std::chrono::seconds{1796083200}};  // 2026-12-01
    inputs.push_back(in);
    expected.push_back(openssl_verify(ca, leaf, false));
    expected.push_back(openssl_verify(ca, leaf, true));
  }
  ASSERT_NE(expected[2], expected[3]) << "the cases do not tell partial chains apart";
  std::vector<std::vector<bool>> got(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round)
        for (const auto& in : inputs) {
          got[t].push_back(paths::ask_engine(paths::EngineId::OpenSsl, in).accepts);
          got[t].push_back(paths::ask_engine(paths::EngineId::Curl, in).accepts);
        }
    });
  for (auto& th : threads) th.join();
  for (const auto& answers : got) {
    ASSERT_EQ(answers.size(), 20 * expected.size());
    for (std::size_t i = 0; i < answers.size(); ++i) EXPECT_EQ(answers[i], expected[i % expected.size()]) << i;
  }
}

}  // namespace
}  // namespace trustready
