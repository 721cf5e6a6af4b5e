#include "probe/connection.h"

#include <algorithm>
#include <array>
#include <asio/error.hpp>
#include <asio/redirect_error.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

namespace trustready::probe::detail {

void Connection::arm(std::chrono::milliseconds limit) {
  const auto now = Clock::now();
  const auto phase_end = now + limit;
  total_ran_out_ = end_ <= phase_end;
  limit_ = limit;
  timer_.expires_at(std::min(phase_end, end_));  // cancels the previous phase's wait
  timer_.async_wait([self = shared_from_this(), generation = ++generation_](const std::error_code& ec) {
    if (ec || generation != self->generation_) return;
    self->timed_out_ = true;
    self->resolver.cancel();
    self->close();
  });
}

void Connection::disarm() {
  ++generation_;
  timer_.cancel();
}

std::string Connection::timeout_words() const {
  if (total_ran_out_) return "before the target's time ran out (--timeout)";
  const auto ms = limit_.count();
  if (ms % 1000 == 0) return fmt::format("within {} s", ms / 1000);
  return fmt::format("within {:.1f} s", static_cast<double>(ms) / 1000.0);
}

asio::awaitable<bool> Connection::receive() {
  std::array<char, 16 * 1024> buffer;
  std::error_code ec;
  const std::size_t n = co_await socket.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    last_error = ec;
    co_return false;
  }
  pending.append(buffer.data(), n);
  received_bytes += n;
  co_return true;
}

asio::awaitable<bool> Connection::send(std::string_view bytes) {
  std::error_code ec;
  co_await asio::async_write(socket, asio::buffer(bytes.data(), bytes.size()), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) last_error = ec;
  co_return !ec;
}

std::string Connection::failure() const {
  if (last_error == asio::error::eof) return "the server closed the connection";
  if (last_error == asio::error::connection_reset) return "the server reset the connection";
  return last_error.message();
}

void Connection::close() {
  std::error_code ignored;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

}  // namespace trustready::probe::detail
