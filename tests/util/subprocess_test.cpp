#include "util/subprocess.h"

#include <gtest/gtest.h>

#include <chrono>

namespace trustready {
namespace {

using namespace std::chrono_literals;

TEST(Subprocess, CapturesStdoutStderrAndExitCode) {
  auto r = run_process({"sh", "-c", "printf out; printf err >&2; exit 3"});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out, "out");
  EXPECT_EQ(r->err, "err");
  EXPECT_EQ(r->exit_code, 3);
}

TEST(Subprocess, StdinIsClosedSoAReaderDoesNotWait) {
  auto r = run_process({"cat"}, {2s, 1024});
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->out, "");
  EXPECT_EQ(r->exit_code, 0);
}

TEST(Subprocess, AProgramThatHangsIsKilledAtTheDeadline) {
  const auto start = std::chrono::steady_clock::now();
  auto r = run_process({"sleep", "30"}, {300ms, 1024});
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("killed"), std::string::npos) << r.error();
  EXPECT_LT(took, 10s);  // a bound on the test, not a performance claim
}

TEST(Subprocess, AProgramThatClosesItsOutputAndGoesOnIsStillKilled) {
  auto r = run_process({"sh", "-c", "exec >&- 2>&-; sleep 30"}, {300ms, 1024});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("did not exit"), std::string::npos) << r.error();
}

TEST(Subprocess, ABackgroundChildHoldingThePipeIsKilledWithItsGroup) {
  auto r = run_process({"sh", "-c", "sleep 30 & echo started"}, {300ms, 1024});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("killed"), std::string::npos) << r.error();
}

TEST(Subprocess, EndlessOutputStopsAtTheLimit) {
  auto r = run_process({"yes"}, {10s, 1 << 16});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("more than the limit"), std::string::npos) << r.error();
}

TEST(Subprocess, AMissingProgramIsAnErrorNamingIt) {
  auto r = run_process({"trustready-no-such-program"});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().find("trustready-no-such-program: not found"), std::string::npos) << r.error();
}

TEST(Subprocess, FindInPathFindsShAndNotNonsense) {
  EXPECT_FALSE(find_in_path("sh").empty());
  EXPECT_TRUE(find_in_path("trustready-no-such-program").empty());
  EXPECT_EQ(find_in_path("/bin/sh"), "/bin/sh");
}

}  // namespace
}  // namespace trustready
