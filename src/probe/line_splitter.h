// Lines off a socket, for the SMTP and HTTP readers: CRLF or a bare LF ends one (RFC 9112
// 2.2 lets a recipient take a bare LF, and some SMTP servers send one), a NUL byte is refused
// (no text protocol we read carries one), and the whole message has a size limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace trustready::probe {

class LineSplitter {
 public:
  /// A message of at most `max_bytes`, line ends included.
  explicit LineSplitter(std::size_t max_bytes);

  /// Takes bytes up to and including the next line end; returns how many it took. Then
  /// complete() says whether a whole line is in line(), failed() whether the bytes broke a rule.
  std::size_t take(std::string_view bytes);
  bool complete() const { return complete_; }  ///< line() holds a whole line
  bool failed() const { return !error_.empty(); }  ///< a NUL byte or too many bytes
  const std::string& error() const { return error_; }  ///< "a NUL byte in line 2", "longer than 64 KiB"
  std::string_view line() const { return line_; }  ///< the complete line, without CR LF
  std::size_t line_number() const { return lines_; }  ///< 1 for the first line of the message
  /// Starts the next line (after the caller has read the complete one).
  void next_line();
  /// Starts a new message: counts, limit and error cleared.
  void reset();

 private:
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;  // of the message so far
  std::size_t lines_ = 1;
  std::string line_;
  bool complete_ = false;
  std::string error_;
};

}  // namespace trustready::probe
