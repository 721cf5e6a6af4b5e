// The status line and header fields of an HTTP/1.x response (RFC 9112 2-5): a proxy's
// reply to CONNECT, or an HTTPS server's reply to HEAD. The body, if any, is not read.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "probe/line_splitter.h"

namespace trustready::probe {

/// A response's head.
struct HttpHead {
  int status = 0;           ///< 100-999
  std::string reason;       ///< the reason phrase, possibly empty
  std::vector<std::pair<std::string, std::string>> headers;  ///< names as sent, values trimmed
  /// A header's value (case-insensitive name), empty when absent; a field sent more than
  /// once gives its values joined with ", " (RFC 9110 5.3).
  std::string header(std::string_view name) const;
};

/// Reads one head from bytes fed as they arrive, in pieces of any size. Interim 1xx
/// responses before the final one (RFC 9110 15.2) are read and dropped, except 101.
class HttpHeadReader {
 public:
  /// A head of at most `max_bytes`, line ends included.
  explicit HttpHeadReader(std::size_t max_bytes = 16 * 1024);
  /// As SmtpReplyReader::feed: stops right after the blank line that ends the head (the tunnel's TLS bytes follow it).
  std::size_t feed(std::string_view bytes);
  bool done() const { return done_; }  ///< the whole head has been read
  bool failed() const { return !error_.empty(); }  ///< the bytes are no HTTP/1.x head; error() says why
  /// "not an HTTP response (starts with ...)" (at most 40 bytes, escaped \xNN), "status line ...", "longer than 16 KiB"
  const std::string& error() const { return error_; }
  const HttpHead& head() const { return head_; }  ///< the head read so far; whole once done()

 private:
  /// Reads the complete line in splitter_: sets done_ or error_.
  void read_line(std::string_view line);
  void read_status_line(std::string_view line);
  void read_field_line(std::string_view line);

  LineSplitter splitter_;
  HttpHead head_;
  bool in_head_ = false;  // the status line has been read
  bool done_ = false;
  std::string error_;
};

}  // namespace trustready::probe
