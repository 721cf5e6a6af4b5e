#include "scan/text_position.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace trustready::scan {

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    starts_.push_back(static_cast<std::size_t>(p - text.data()));
  }
}

Position LineIndex::at(std::size_t offset) const {
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), offset) - 1;
  constexpr std::size_t kMax = std::numeric_limits<std::uint32_t>::max();
  const auto line = static_cast<std::size_t>(it - starts_.begin()) + 1;
  const std::size_t column = offset - *it + 1;
  return {static_cast<std::uint32_t>(std::min(line, kMax)), static_cast<std::uint32_t>(std::min(column, kMax))};
}

}  // namespace trustready::scan
