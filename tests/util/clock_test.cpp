// The clock seam: "now" comes from a Clock; --at, when given, wins. Expected instants are
// the Unix times `date -u -d` gives for the same dates.
#include <gtest/gtest.h>

#include "support/fixtures.h"
#include "util/clock.h"

namespace trustready {
namespace {

class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint t) : t_(t) {}
  TimePoint now() const override { return t_; }

 private:
  TimePoint t_;
};

long long unix_time_of(const std::string& date) {
  const auto r = testing::run("date -u -d " + testing::quote(date) + " +%s");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return std::stoll(r.out);
}

TEST(Clock, WithoutAtTheTimeIsTheClocksNow) {
  const FixedClock clock(TimePoint{std::chrono::seconds{unix_time_of("2031-05-17 08:00:00")}});
  auto t = evaluation_time("", clock);
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->time_since_epoch().count(), unix_time_of("2031-05-17 08:00:00"));
}

TEST(Clock, AtWinsOverTheClock) {
  const FixedClock clock(TimePoint{std::chrono::seconds{0}});
  auto t = evaluation_time("2034-07-01", clock);
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->time_since_epoch().count(), unix_time_of("2034-07-01 00:00:00"));
}

TEST(Clock, AMalformedAtIsAnErrorNamingTheOption) {
  const FixedClock clock(TimePoint{std::chrono::seconds{0}});
  auto t = evaluation_time("next tuesday", clock);
  ASSERT_FALSE(t);
  EXPECT_TRUE(t.error().starts_with("--at: ")) << t.error();
}

}  // namespace
}  // namespace trustready
