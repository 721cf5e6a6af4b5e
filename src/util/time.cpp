#include "util/time.h"

#include <cstdio>

#include "util/clock.h"

namespace trustready {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace {

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

Result<TimePoint> parse_time(std::string_view text) {
  auto bad = [&] {
    return make_error("invalid time '" + std::string(text) +
                      "': expected YYYY-MM-DD or RFC 3339 (2026-12-01T00:00:00Z)");
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' ||
      !read_digits(text, 5, 2, mo) || text[7] != '-' || !read_digits(text, 8, 2, d))
    return bad();
  if (mo < 1 || mo > 12 || d < 1) return bad();
  // A day the month does not have is refused, not carried into the next month
  // (2034-02-30 is no 2034-03-02), as Python's date.fromisoformat and GNU date refuse it.
  const std::chrono::year_month_day_last last{std::chrono::year{y} / std::chrono::month{static_cast<unsigned>(mo)} /
                                              std::chrono::last};
  if (static_cast<unsigned>(d) > static_cast<unsigned>(last.day())) {
    static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December"};
    return make_error("invalid time '" + std::string(text) + "': " + kMonths[mo - 1] + " " + std::to_string(y) +
                      " has " + std::to_string(static_cast<unsigned>(last.day())) + " days");
  }
  std::int64_t offset = 0;
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !read_digits(text, 11, 2, h) ||
        text.size() < 19 || text[13] != ':' || !read_digits(text, 14, 2, mi) || text[16] != ':' ||
        !read_digits(text, 17, 2, s))
      return bad();
    if (h > 23 || mi > 59 || s > 60) return bad();
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {  // fractional seconds: ignored
      ++pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    }
    std::string_view zone = text.substr(pos);
    if (zone == "Z" || zone == "z") {
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
      int oh = 0, om = 0;
      if (!read_digits(zone, 1, 2, oh) || !read_digits(zone, 4, 2, om)) return bad();
      offset = (oh * 3600 + om * 60) * (zone[0] == '+' ? 1 : -1);
    } else {
      return bad();
    }
  }
  const std::int64_t secs = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                            h * 3600 + mi * 60 + s - offset;
  return TimePoint{std::chrono::seconds{secs}};
}

std::string format_time(TimePoint t) {
  const auto days = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{t - days};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string format_date(TimePoint t) { return format_time(t).substr(0, 10); }

TimePoint now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

}  // namespace trustready

namespace trustready {
namespace {

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return trustready::now(); }
};

}  // namespace

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

Result<TimePoint> evaluation_time(std::string_view at, const Clock& clock) {
  if (at.empty()) return clock.now();
  auto parsed = parse_time(at);
  if (!parsed) return make_error("--at: " + parsed.error());
  return *parsed;
}

}  // namespace trustready
