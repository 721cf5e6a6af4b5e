#include "cli/progress_line.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace trustready::cli {

namespace {

std::string probe_text(const probe::Progress& progress, std::size_t total, double seconds) {
  const std::size_t started = progress.started;  // read first: done never passes it
  const std::size_t done = progress.done;
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string eta = "?";
  if (rate > 0 && total >= done) eta = fmt::format("{:.0f} s", static_cast<double>(total - done) / rate);
  return fmt::format("probe: {}/{} done, {} in flight, {:.0f}/s, {} failed, ETA {}", done, total,
                     started >= done ? started - done : 0, rate, progress.failed.load(), eta);
}

}  // namespace

ProgressLine::ProgressLine(const probe::Progress& progress, std::size_t total, bool enabled)
    : ProgressLine([&progress, total](double seconds) { return probe_text(progress, total, seconds); }, enabled) {}

ProgressLine::ProgressLine(Text text, bool enabled) : text_(std::move(text)), active_(enabled && isatty(STDERR_FILENO) == 1) {
  if (!active_) return;
  ticker_ = std::thread([this] {
    while (!stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      std::lock_guard guard(mutex_);
      if (!stop_) draw();
    }
  });
}

ProgressLine::~ProgressLine() {
  stop_ = true;
  if (ticker_.joinable()) ticker_.join();
  std::lock_guard guard(mutex_);
  clear();
}

void ProgressLine::clear() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

void ProgressLine::draw() {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::string line = "\r\x1b[K" + text_(seconds);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace trustready::cli
