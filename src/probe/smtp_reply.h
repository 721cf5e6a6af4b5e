// One SMTP reply read off a socket (RFC 5321 4.2): "NNN-text" lines continue it, a last
// "NNN text" or "NNN" ends it, and every line of one reply carries the same code. The
// STARTTLS exchange reads the greeting, the EHLO reply and the reply to STARTTLS with it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "probe/line_splitter.h"

namespace trustready::probe {

/// A complete reply.
struct SmtpReply {
  int code = 0;                    ///< the three digits, 0-999
  std::vector<std::string> lines;  ///< the text after "NNN-"/"NNN ", CRLF stripped
  /// An EHLO keyword (first word of a line, case-insensitive): has_extension("STARTTLS").
  /// The first line is the server's domain and greeting (RFC 5321 4.1.1.1), not a keyword.
  bool has_extension(std::string_view keyword) const;
  /// The lines joined with " / ", outside bytes kept as they are (the caller escapes).
  std::string text() const;
};

/// Reads one reply from bytes fed as they arrive, in pieces of any size.
class SmtpReplyReader {
 public:
  /// A reply of at most `max_bytes` (line ends included) and `max_lines` lines.
  explicit SmtpReplyReader(std::size_t max_bytes = 64 * 1024, std::size_t max_lines = 512);
  /// Takes bytes; returns how many it consumed: it stops right after the CRLF that ends a reply, so bytes that follow
  /// (a TLS record after "220 go ahead") stay with the caller. After done() or failed(), consumes nothing.
  std::size_t feed(std::string_view bytes);
  bool done() const { return done_; }  ///< a whole reply has been read
  bool failed() const { return !error_.empty(); }  ///< the bytes are no SMTP reply; error() says why
  /// Why the reply is malformed or too long, in words: "line 3 does not start with a 3-digit code",
  /// "the reply's lines carry different codes (250, 251)", "longer than 64 KiB", "more than 512 lines".
  const std::string& error() const { return error_; }
  /// The complete reply; resets the reader for the next one.
  SmtpReply take();

 private:
  /// Reads the complete line in splitter_: sets done_ or error_.
  void read_line(std::string_view line);

  std::size_t max_lines_;
  LineSplitter splitter_;
  SmtpReply reply_;
  bool done_ = false;
  std::string error_;
};

}  // namespace trustready::probe
