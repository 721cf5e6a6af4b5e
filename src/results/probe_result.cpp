#include "results/probe_result.h"

#include <algorithm>

namespace trustready::results {

bool ProbeResult::trusted_everywhere() const {
  if (!capture.ok()) return false;
  if (!verdicts) return true;
  return std::all_of(verdicts->stores.begin(), verdicts->stores.end(),
                     [](const judge::PresentedVerdict& v) { return v.verdict == judge::PresentedWord::Trusted; });
}

}  // namespace trustready::results
