// Per-worker queues with work stealing, as ripgrep's `ignore` crate walks in parallel:
// each worker takes its own newest item first (LIFO: depth first, so the queues hold about
// one folder's subfolders per level, not a whole level of the tree), and an idle worker
// steals the oldest item of another (a folder high in the tree: a large piece of work).
// The walk ends when no item is queued or being worked on.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

namespace trustready::scan {

template <typename T>
class WorkQueues {
 public:
  explicit WorkQueues(unsigned workers) : count_(workers == 0 ? 1 : workers), lanes_(new Lane[count_]) {}

  unsigned workers() const { return count_; }

  /// Queues an item on `worker`'s own lane; it counts as pending until done() is called for it.
  void push(unsigned worker, T item) {
    pending_.fetch_add(1);
    {
      Lane& lane = lanes_[worker % count_];
      std::lock_guard lock(lane.mutex);
      lane.items.push_back(std::move(item));
    }
    // Every push moves the epoch, so a worker about to sleep on the old value sees the
    // change (no lost wake-up); the futex call is made only when someone sleeps.
    epoch_.fetch_add(1);
    if (sleepers_.load() > 0) epoch_.notify_one();
  }

  /// The next item for `worker`: its own newest, else the oldest of another lane, else it
  /// waits. Nothing once every item pushed is done (the walk is over).
  std::optional<T> pop(unsigned worker) {
    for (;;) {
      const std::uint32_t seen = epoch_.load();
      if (auto item = take(worker)) return item;
      if (pending_.load() == 0) return std::nullopt;
      sleepers_.fetch_add(1);
      epoch_.wait(seen);
      sleepers_.fetch_sub(1);
    }
  }

  /// The item popped last by a worker is finished (its children, if any, are pushed).
  void done() {
    if (pending_.fetch_sub(1) == 1) {
      epoch_.fetch_add(1);
      epoch_.notify_all();
    }
  }

 private:
  struct alignas(64) Lane {  // one cache line each: workers lock only their own, mostly
    std::mutex mutex;
    std::deque<T> items;
  };

  std::optional<T> take(unsigned worker) {
    {
      Lane& own = lanes_[worker % count_];
      std::lock_guard lock(own.mutex);
      if (!own.items.empty()) {
        T item = std::move(own.items.back());
        own.items.pop_back();
        return item;
      }
    }
    for (unsigned k = 1; k < count_; ++k) {
      Lane& other = lanes_[(worker + k) % count_];
      std::lock_guard lock(other.mutex);
      if (!other.items.empty()) {
        T item = std::move(other.items.front());
        other.items.pop_front();
        return item;
      }
    }
    return std::nullopt;
  }

  unsigned count_;
  std::unique_ptr<Lane[]> lanes_;
  std::atomic<std::size_t> pending_{0};  ///< pushed and not yet done
  std::atomic<std::uint32_t> epoch_{0};
  std::atomic<unsigned> sleepers_{0};
};

}  // namespace trustready::scan
