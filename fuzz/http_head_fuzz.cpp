// Fuzz target: HTTP/1.x response heads as a proxy (or a server answering HEAD) sends them,
// fed whole and then in pieces cut by the input's first byte; both ways must read the same head.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "probe/http_head.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready::probe;
  if (size == 0) return 0;
  const std::size_t piece = data[0] % 16 + 1;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  HttpHeadReader whole(4096), cut(4096);
  const std::size_t used = whole.feed(bytes);
  std::size_t cut_used = 0;
  for (std::size_t at = 0; at < bytes.size() && !cut.done() && !cut.failed(); at += piece)
    cut_used += cut.feed(bytes.substr(at, piece));
  if (whole.done() != cut.done() || whole.failed() != cut.failed()) std::abort();
  if (whole.done()) {
    if (used != cut_used || used > bytes.size()) std::abort();
    if (whole.head().status != cut.head().status || whole.head().headers != cut.head().headers) std::abort();
    if (whole.head().status < 100 || whole.head().status > 999) std::abort();
    (void)whole.head().header("Proxy-Authenticate");
  }
  return 0;
}
