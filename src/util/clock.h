// The clock behind a narrow interface: "now" is read in one place (the command line's
// default for --at), and everything below takes the time as a value.
#pragma once

#include <string_view>

#include "util/result.h"
#include "util/time.h"

namespace trustready {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

/// This machine's clock (util/time.cpp).
const Clock& system_clock();

/// The time a command evaluates at: `at` as --at takes it ("2034-07-01" or RFC 3339),
/// or the clock's now when `at` is empty. The error names the option.
Result<TimePoint> evaluation_time(std::string_view at, const Clock& clock);

}  // namespace trustready
