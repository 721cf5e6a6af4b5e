#include "probe/host_limiter.h"

#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

namespace trustready::probe::detail {

asio::awaitable<void> HostLimiter::acquire(const std::string& host) {
  if (per_host_ == 0) co_return;
  const auto executor = co_await asio::this_coro::executor;
  std::shared_ptr<asio::steady_timer> wait;
  {
    std::lock_guard lock(mutex_);
    Slot& slot = slots_[host];
    if (slot.active < per_host_) {
      ++slot.active;
      co_return;
    }
    wait = std::make_shared<asio::steady_timer>(executor, asio::steady_timer::time_point::max());
    slot.waiting.push_back(wait);
  }
  // release() hands the slot over by cancelling the timer, posted to this strand, so
  // the cancel cannot run before this wait has started.
  std::error_code ignored;
  co_await wait->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
}

void HostLimiter::release(const std::string& host) {
  if (per_host_ == 0) return;
  std::lock_guard lock(mutex_);
  auto it = slots_.find(host);
  if (it == slots_.end()) return;
  Slot& slot = it->second;
  if (!slot.waiting.empty()) {  // the slot passes to the first waiter; `active` stays
    auto next = std::move(slot.waiting.front());
    slot.waiting.pop_front();
    asio::post(next->get_executor(), [next] { next->cancel(); });
    return;
  }
  if (--slot.active == 0) slots_.erase(it);
}

}  // namespace trustready::probe::detail
