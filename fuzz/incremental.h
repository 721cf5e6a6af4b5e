// For the fuzz targets of the readers fed off a socket: bytes fed whole and bytes fed in
// pieces must give the same answer, since the network hands them over in any pieces.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <string_view>

/// Feeds `bytes` to `whole` at once and to `cut` in pieces of `piece` bytes; aborts when the
/// two disagree on done(), failed() or (when done) how many bytes the reply took. Returns that count.
template <typename Reader>
std::size_t feed_both_ways(Reader& whole, Reader& cut, std::string_view bytes, std::size_t piece) {
  const std::size_t used = whole.feed(bytes);
  std::size_t cut_used = 0;
  for (std::size_t at = 0; at < bytes.size() && !cut.done() && !cut.failed(); at += piece)
    cut_used += cut.feed(bytes.substr(at, piece));
  if (whole.done() != cut.done() || whole.failed() != cut.failed()) std::abort();
  if (whole.done() && (used != cut_used || used > bytes.size())) std::abort();
  return used;
}
