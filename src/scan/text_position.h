// Byte offsets into a file's text as the 1-based line and column compilers, rg and SARIF
// report (columns count bytes from the line's start).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "scan/scan_findings.h"

namespace trustready::scan {

/// Built once per file that holds a finding (never on the fast path): one memchr pass
/// for the line starts, then each lookup is a binary search.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  Position at(std::size_t offset) const;

 private:
  std::vector<std::size_t> starts_;  ///< offset of each line's first byte
};

}  // namespace trustready::scan
