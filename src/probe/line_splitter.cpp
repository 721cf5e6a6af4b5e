#include "probe/line_splitter.h"

#include <algorithm>

#include "probe/authority.h"

namespace trustready::probe {

LineSplitter::LineSplitter(std::size_t max_bytes) : max_bytes_(max_bytes) {}

std::size_t LineSplitter::take(std::string_view bytes) {
  if (complete_ || failed()) return 0;
  const std::size_t lf = bytes.find('\n');
  const std::size_t want = lf == std::string_view::npos ? bytes.size() : lf + 1;
  const std::size_t room = max_bytes_ - bytes_;
  const std::size_t n = std::min(want, room + 1);  // one byte past the limit is enough to know
  const std::string_view part = bytes.substr(0, n);
  if (const std::size_t nul = part.find('\0'); nul != std::string_view::npos) {
    error_ = "a NUL byte in line " + std::to_string(lines_);
    return nul + 1;
  }
  if (n > room) {
    error_ = "longer than " + size_words(max_bytes_);
    return n;
  }
  bytes_ += n;
  line_.append(part);
  if (!line_.empty() && line_.back() == '\n') {
    line_.pop_back();
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    complete_ = true;
  }
  return n;
}

void LineSplitter::next_line() {
  line_.clear();
  complete_ = false;
  ++lines_;
}

void LineSplitter::reset() {
  *this = LineSplitter(max_bytes_);
}

}  // namespace trustready::probe
