// Fuzz target: what proxies answer: HTTP/1.x response heads (an HTTP proxy's CONNECT reply,
// or a server answering HEAD) and SOCKS5 replies (each of the three kinds), fed whole and then
// in pieces cut by the input's first byte; both ways must read the same reply.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "incremental.h"
#include "probe/http_head.h"
#include "probe/socks5.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready::probe;
  if (size == 0) return 0;
  const std::size_t piece = data[0] % 16 + 1;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  HttpHeadReader whole(4096), cut(4096);
  feed_both_ways(whole, cut, bytes, piece);
  if (whole.done()) {
    if (whole.head().status != cut.head().status || whole.head().headers != cut.head().headers) std::abort();
    if (whole.head().status < 100 || whole.head().status > 999) std::abort();
    (void)whole.head().header("Proxy-Authenticate");
  }
  for (auto expect : {Socks5Reader::Expect::Method, Socks5Reader::Expect::Login, Socks5Reader::Expect::Connect}) {
    Socks5Reader socks_whole(expect), socks_cut(expect);
    feed_both_ways(socks_whole, socks_cut, bytes, piece);
    if (socks_whole.done() && socks_whole.code() != socks_cut.code()) std::abort();
    if (socks_whole.done()) (void)socks5_reply_words(socks_whole.code());
  }
  return 0;
}
