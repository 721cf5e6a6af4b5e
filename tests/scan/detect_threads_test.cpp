// scan::detect() from several threads at once, as the walker calls it: the same PEM
// bundle (parse_certificates shares its decoded-PEM cache between threads), pins and a
// keystore-looking file; every thread gets what one thread alone gets.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "scan/detect.h"
#include "support/fixtures.h"

namespace trustready::scan {
namespace {

using trustready::testing::read_file;
using trustready::testing::real_cert;

TEST(DetectThreads, ManyThreadsOnTheSameFilesFindWhatOneThreadFinds) {
  const std::string bundle = read_file(real_cert("Amazon_Root_CA_1.pem")) + read_file(real_cert("Amazon_Root_CA_3.pem"));
  const std::string kotlin = "val p = CertificatePinner.Builder().add(\"a.example\", \"sha256/"
                             "++MBgDH5WGvL9Bcn5Be30cRcL0f5O+NyoXuWtQdX1aI=\").build()\n";
  const std::string truncated_jks = std::string("\xFE\xED\xFE\xED\x00\x00\x00\x02", 8);
  const auto one = [&] {
    return std::vector<FileFindings>{detect("/a/bundle.pem", bundle), detect("/a/P.kt", kotlin),
                                     detect("/a/x.jks", truncated_jks)};
  };
  const auto expected = one();
  ASSERT_EQ(expected[0].stores.at(0).certificates.size(), 2u);  // two BEGIN lines
  ASSERT_EQ(expected[1].pins.at(0).pins.size(), 1u);
  ASSERT_EQ(expected[2].notes.size(), 1u);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const auto got = one();
        mismatches[t] += got[0].stores.at(0).certificates[1].sha256() != expected[0].stores[0].certificates[1].sha256();
        mismatches[t] += got[1].pins.at(0).pins.at(0).value != expected[1].pins[0].pins[0].value;
        mismatches[t] += got[2].notes != expected[2].notes;
      }
    });
  for (auto& t : threads) t.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace trustready::scan
