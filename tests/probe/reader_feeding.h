// Feeding the socket readers (SmtpReplyReader, HttpHeadReader) the ways the network hands
// bytes over: whole, cut in two at any point, or one byte at a time.
#pragma once

#include <cstddef>
#include <string_view>

namespace trustready::probe::testing {

/// A new reader fed `bytes` in one call; `used`, when given, gets how many it took.
template <typename Reader>
Reader fed_whole(std::string_view bytes, std::size_t* used = nullptr) {
  Reader r;
  const std::size_t n = r.feed(bytes);
  if (used) *used = n;
  return r;
}

/// `bytes` fed in two calls cut at `split` (the second only when the first did not finish);
/// returns how many bytes the reader took.
template <typename Reader>
std::size_t feed_split(Reader& r, std::string_view bytes, std::size_t split) {
  std::size_t used = r.feed(bytes.substr(0, split));
  if (!r.done() && !r.failed()) used += r.feed(bytes.substr(used));
  return used;
}

/// `bytes` fed one byte a call; returns how many bytes the reader took.
template <typename Reader>
std::size_t feed_bytewise(Reader& r, std::string_view bytes) {
  std::size_t used = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) used += r.feed(bytes.substr(i, 1));
  return used;
}

}  // namespace trustready::probe::testing
