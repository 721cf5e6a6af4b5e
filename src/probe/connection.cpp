#include "probe/connection.h"

#include <algorithm>
#include <array>
#include <asio/connect.hpp>
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
  timed_out_ = false;  // a new phase
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

namespace {

std::string endpoint_text(const asio::ip::tcp::endpoint& e) {
  const auto a = e.address();
  return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(e.port());
}

}  // namespace

asio::awaitable<std::string> Connection::resolve(const std::string& host, std::uint16_t port, bool numeric,
                                                 std::chrono::milliseconds limit) {
  arm(limit);
  where_ = host + ":" + std::to_string(port);
  std::error_code ec;
  const auto flags = numeric ? asio::ip::resolver_base::numeric_host : asio::ip::resolver_base::flags{};
  found_ = co_await resolver.async_resolve(host, std::to_string(port), flags, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return timed_out() ? "no address for '" + host + "' " + timeout_words() : "cannot resolve '" + host + "': " + ec.message();
  resolved = true;
  co_return "";
}

std::string Connection::first_address() const {
  return found_.empty() ? where_ : found_.begin()->endpoint().address().to_string();
}

asio::awaitable<std::string> Connection::connect() {
  std::error_code ec;
  const auto endpoint = co_await asio::async_connect(socket, found_, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return timed_out() ? "no connection to " + where_ + " " + timeout_words() : "cannot connect to " + where_ + ": " + ec.message();
  address = endpoint_text(endpoint);
  std::error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  co_return "";
}

asio::awaitable<std::string> Connection::open(const std::string& host, std::uint16_t port, bool numeric,
                                              std::chrono::milliseconds limit) {
  std::string error = co_await resolve(host, port, numeric, limit);
  if (error.empty()) error = co_await connect();
  co_return error;
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
