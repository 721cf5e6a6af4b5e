// One attempt's socket, resolver and deadline, shared with the timer that closes them
// when a phase runs out of time (the pending operation then completes with an error).
// Internal to probe/.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <system_error>

namespace trustready::probe::detail {

using Clock = std::chrono::steady_clock;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(const asio::any_io_executor& executor, Clock::time_point end)
      : resolver(executor), socket(executor), timer_(executor), end_(end) {}

  /// Starts a phase of at most `limit` (and never past the target's end).
  void arm(std::chrono::milliseconds limit);
  /// The phase finished in time.
  void disarm();
  /// The phase ran out of time and the operation was cut off.
  bool timed_out() const { return timed_out_; }
  /// "within 10 s" (or "the target's 30 s were used up" when the total ran out).
  std::string timeout_words() const;

  /// Resolves `host` (arming a phase of `limit`); the error in words, empty when it has
  /// addresses. `numeric`: an address literal, no name lookup.
  asio::awaitable<std::string> resolve(const std::string& host, std::uint16_t port, bool numeric,
                                       std::chrono::milliseconds limit);
  /// Connects to the first address resolve() found that answers, in the same phase.
  asio::awaitable<std::string> connect();
  /// resolve() then connect().
  asio::awaitable<std::string> open(const std::string& host, std::uint16_t port, bool numeric,
                                    std::chrono::milliseconds limit);
  /// The first address resolve() found, as text (what --per-host counts by).
  std::string first_address() const;
  /// Reads what is there into `pending`; false with `last_error` set on failure or end of stream.
  asio::awaitable<bool> receive();
  /// Sends all of `bytes`; false with `last_error` set.
  asio::awaitable<bool> send(std::string_view bytes);
  /// Why the last receive or send failed, for people ("connection reset by peer", "the server closed the connection").
  std::string failure() const;
  /// Closes without waiting for the peer.
  void close();

  asio::ip::tcp::resolver resolver;
  asio::ip::tcp::socket socket;
  std::string pending;  ///< received and not consumed yet
  std::error_code last_error;
  std::size_t received_bytes = 0;
  bool resolved = false;  ///< resolve() found addresses
  std::string address;    ///< connected to: "127.0.0.1:443", "[::1]:443"

 private:
  asio::ip::tcp::resolver::results_type found_;
  std::string where_;  ///< "host:port", for messages
  asio::steady_timer timer_;
  Clock::time_point end_;
  std::chrono::milliseconds limit_{0};
  bool timed_out_ = false;
  bool total_ran_out_ = false;
  unsigned generation_ = 0;
};

}  // namespace trustready::probe::detail

namespace trustready::probe::detail {

/// Feeds what arrives to `reader` (SmtpReplyReader, HttpHeadReader) until it holds a
/// whole reply or fails; bytes after the reply stay in `pending`. False when the reply
/// is not whole: the reader failed, or the connection did (see timed_out(), failure()).
template <typename Reader>
asio::awaitable<bool> read_into(Connection& c, Reader& reader) {
  for (;;) {
    if (!c.pending.empty()) {
      const std::size_t used = reader.feed(c.pending);
      c.pending.erase(0, used);
      // A reader takes everything until its reply is whole; taking nothing otherwise
      // would loop for ever.
      if (used == 0 && !reader.done() && !reader.failed()) co_return false;
    }
    if (reader.done() || reader.failed()) co_return reader.done();
    if (!co_await c.receive()) co_return false;
  }
}

}  // namespace trustready::probe::detail
