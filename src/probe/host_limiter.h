// At most N connections open at once to one server: a scanner's many connections make
// small servers fall over (sslyze's users report it), and MTAs answer "421 too many
// connections". Waiters are served first come, first served. Internal to probe/.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace trustready::probe::detail {

class HostLimiter {
 public:
  /// `per_host` 0: no limit.
  explicit HostLimiter(std::size_t per_host) : per_host_(per_host) {}
  /// Waits for a slot for `host`; the caller must be on a strand (its executor), and
  /// must release() once.
  asio::awaitable<void> acquire(const std::string& host);
  void release(const std::string& host);

 private:
  struct Slot {
    std::size_t active = 0;
    std::deque<std::shared_ptr<asio::steady_timer>> waiting;
  };
  std::size_t per_host_;
  std::mutex mutex_;
  std::map<std::string, Slot> slots_;
};

/// Holds one slot for its lifetime.
class HostSlot {
 public:
  HostSlot(HostLimiter& limiter, std::string host) : limiter_(limiter), host_(std::move(host)) {}
  ~HostSlot() { limiter_.release(host_); }
  HostSlot(const HostSlot&) = delete;
  HostSlot& operator=(const HostSlot&) = delete;

 private:
  HostLimiter& limiter_;
  std::string host_;
};

}  // namespace trustready::probe::detail
