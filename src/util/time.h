// Time points for certificate validity and --at: seconds since the Unix epoch, UTC.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.h"

namespace trustready {

using TimePoint = std::chrono::sys_seconds;

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

/// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" or with a "+HH:MM" offset (RFC 3339).
Result<TimePoint> parse_time(std::string_view text);

/// "2037-12-31T23:59:59Z".
std::string format_time(TimePoint t);
/// "2037-12-31".
std::string format_date(TimePoint t);

TimePoint now();

}  // namespace trustready
