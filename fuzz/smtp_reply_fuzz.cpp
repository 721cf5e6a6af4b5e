// Fuzz target: SMTP replies as a server (or anything listening on port 25) sends them, fed
// whole and then in pieces cut by the input's first byte; both ways must read the same reply.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "incremental.h"
#include "probe/smtp_reply.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace trustready::probe;
  if (size == 0) return 0;
  const std::size_t piece = data[0] % 16 + 1;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  SmtpReplyReader whole(4096, 64), cut(4096, 64);
  const std::size_t used = feed_both_ways(whole, cut, bytes, piece);
  if (whole.done()) {
    const SmtpReply a = whole.take(), b = cut.take();
    if (a.code != b.code || a.lines != b.lines) std::abort();
    (void)a.has_extension("STARTTLS");
    (void)a.text();
    (void)whole.feed(bytes.substr(used));  // the next reply, as the STARTTLS exchange reads it
  }
  return 0;
}
