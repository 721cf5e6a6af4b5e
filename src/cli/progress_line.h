// A live progress line on stderr for long runs, only when stderr is a terminal:
// "probe: 1200/2000 done, 410/s, 3 failed, ETA 2 s", "scan: 120,000 files, 1.2 GB, 85 MB/s".
// Redrawn a few times a second by its own thread; whoever prints results takes lock() and
// calls clear() first.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "probe/engine.h"

namespace trustready::cli {

class ProgressLine {
 public:
  /// The line's text, given the seconds since the start (read from counters other threads update).
  using Text = std::function<std::string(double seconds)>;
  /// Draws nothing when stderr is not a terminal or `enabled` is false.
  ProgressLine(Text text, bool enabled);
  /// probe's line: done/total, in flight, rate, failed, ETA.
  ProgressLine(const probe::Progress& progress, std::size_t total, bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  std::mutex& lock() { return mutex_; }
  /// Erases the line (the caller holds lock()); it is drawn again at the next tick.
  void clear();

 private:
  void draw();
  Text text_;
  bool active_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  std::atomic<bool> stop_{false};
  std::thread ticker_;
};

}  // namespace trustready::cli
