// Netflix BetterTLS path building (81 cases, tests/data/conformance/): the `ideal`
// engine must agree with every expected result. Prints the score; a drop fails.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "cert/digest.h"
#include "paths/path_builder.h"
#include "support/fixtures.h"
#include "util/time.h"

namespace trustready {
namespace {

using nlohmann::json;

/// The agreed score; raise it when the builder gets better, never lower it.
constexpr int kBetterTlsFloor = 81;

cert::Certificate from_base64(const std::string& b64) {
  auto der = cert::base64_decode(b64);
  if (!der) throw std::runtime_error("bad base64 in the BetterTLS file");
  auto c = cert::Certificate::from_der(*der);
  if (!c) throw std::runtime_error(c.error());
  return *c;
}

TEST(BetterTls, IdealPassesEveryPathBuildingCase) {
  const json suite = json::parse(testing::read_file(testing::source_dir() + "/tests/data/conformance/bettertls-pathbuilding.json"));
  const auto root = from_base64(suite.at("trustRoot"));
  const auto& cases = suite.at("suites").at("pathbuilding").at("testCases");
  ASSERT_EQ(cases.size(), 81u);
  int agree = 0;
  std::string disagreements;
  for (const auto& tc : cases) {
    paths::PathInput in;
    const auto& certs = tc.at("certificates");
    in.leaf = from_base64(certs.at(0));
    for (std::size_t i = 1; i < certs.size(); ++i) in.presented.push_back(from_base64(certs.at(i)));
    in.anchors = {root};
    in.at = parse_time("2026-12-01T00:00:00Z").value();
    in.host = tc.at("hostname");
    const auto report = paths::build_paths(in);
    const bool accept = report.any_valid();
    const bool expected = tc.at("expected") == "ACCEPT";
    if (accept == expected) {
      ++agree;
      continue;
    }
    disagreements += "  case " + std::to_string(tc.at("id").get<int>()) + ": expected " +
                     tc.at("expected").get<std::string>() + ", got " + (accept ? "ACCEPT" : "REJECT");
    if (!report.paths.empty() && !report.paths.front().problems.empty())
      disagreements += " (" + report.paths.front().problems.front() + ")";
    else if (!report.no_path_reason.empty())
      disagreements += " (" + report.no_path_reason + ")";
    disagreements += "\n";
  }
  std::printf("BetterTLS path building, ideal: %d/%zu agree\n", agree, cases.size());
  EXPECT_GE(agree, kBetterTlsFloor) << disagreements;
}

}  // namespace
}  // namespace trustready
