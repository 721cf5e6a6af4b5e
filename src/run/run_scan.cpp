#include "run/run_scan.h"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <tuple>

#include "image/image_tree.h"
#include "judge/sdk_judge.h"
#include "run/scan_judging.h"

namespace trustready::run {
namespace {

/// What the detectors found, gathered from the walker's threads. Stores are judged on the
/// thread that read them (their bytes are at hand there); pins and SDKs after the walk,
/// once Android's manifests are linked to their configs.
class Collector {
 public:
  Collector(const ScanRequest& request, results::ScanResult& result)
      : request_(request), result_(result) {}

  void file(const std::string& source, std::string_view path, std::string_view bytes) {
    auto found = scan::detect(path, bytes, request_.detect);
    if (found.empty()) return;
    std::vector<results::ScannedStore> judged;
    for (auto& s : found.stores)
      judged.push_back(judge_scanned_store(source, std::move(s), bytes, *request_.migration, request_.options));
    found.stores.clear();
    std::lock_guard lock(mutex_);
    for (auto& j : judged) result_.stores.push_back(std::move(j));
    for (auto& note : found.notes) result_.problems.push_back({source, found.path, std::move(note)});
    found.notes.clear();
    if (!found.pins.empty() || !found.sdks.empty() || !found.nsc_references.empty())
      rest_.push_back({source, std::move(found)});
  }

  void unreadable(const std::string& source, std::string what) {
    std::lock_guard lock(mutex_);
    ++result_.unreadable_sources;
    result_.problems.push_back({source, "", std::move(what)});
  }

  void problem(const std::string& source, std::string path, std::string what) {
    std::lock_guard lock(mutex_);
    result_.problems.push_back({source, std::move(path), std::move(what)});
  }

  /// After every source: Android links, then pins and SDKs judged.
  void finish() {
    std::vector<scan::FileFindings> all;
    for (auto& [source, f] : rest_) all.push_back(std::move(f));
    std::vector<std::string> notes;
    scan::link_android(all, notes);
    for (auto& n : notes) result_.problems.push_back({"", "", std::move(n)});
    for (std::size_t i = 0; i < all.size(); ++i) {
      const std::string& source = rest_[i].first;
      for (auto& set : all[i].pins)
        result_.pins.push_back(judge_pin_set(source, std::move(set), *request_.migration, request_.options));
      for (auto& sdk : all[i].sdks)
        result_.sdks.push_back({source, sdk.at, judge::judge_sdk(sdk.sdk, *request_.migration)});
    }
  }

 private:
  const ScanRequest& request_;
  results::ScanResult& result_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, scan::FileFindings>> rest_;
};

/// A path below a start the user typed relative ("src") is shown as they typed it
/// ("src/a.pem"), as grep and rg show it, and as code scanning wants it (relative to the
/// repository); an absolute start keeps the path inside the tree.
std::string shown_path(const ScanSource& source, std::string_view path) {
  if (source.given.empty() || source.given.front() == '/' || !path.starts_with(source.path)) return std::string(path);
  std::string given = source.given;
  while (given.size() > 1 && given.back() == '/') given.pop_back();
  const std::string_view rest = path.substr(source.path.size());
  if (given == ".") return rest.empty() ? given : std::string(rest.substr(rest.front() == '/' ? 1 : 0));
  return given + std::string(rest);
}

void scan_tree(const ScanRequest& request, const ScanSource& source, Collector& collector) {
  scan::walk(
      *request.tree, {source.path}, request.walk,
      [&](const scan::WalkedFile& f) { collector.file(source.given, shown_path(source, f.path), f.bytes); },
      [&](const scan::WalkError& e) { collector.problem(source.given, shown_path(source, e.path), e.what); },
      request.progress);
}

void scan_image(const ScanRequest& request, const ScanSource& source, Collector& collector) {
  auto opened = image::open_image(source.path, request.image);
  if (!opened) return collector.unreadable(source.given, opened.error());
  for (const auto& failed : opened->failed) collector.problem(failed.where, "", failed.what);
  for (const auto& tree : opened->images) {
    const std::string label = tree->root();
    for (const auto& note : tree->notes()) collector.problem(label, note.where, note.what);
    auto streamed = tree->stream([](std::string_view, std::uint64_t) { return true; },
                                 [&](const image::StreamedFile& f) {
                                   collector.file(label, f.path, f.bytes);
                                   if (request.progress) {
                                     request.progress->files += 1;
                                     request.progress->bytes += f.size;
                                   }
                                 });
    if (!streamed) collector.problem(label, "", streamed.error());
  }
}

/// The walker's threads finish files in any order; the report is in path order.
void sort_by_place(results::ScanResult& r) {
  auto place = [](const std::string& source, const std::string& path, const scan::Position& at) {
    return std::tie(source, path, at.line, at.column);
  };
  std::stable_sort(r.stores.begin(), r.stores.end(), [&](const auto& a, const auto& b) {
    return place(a.source, a.found.path, a.found.at) < place(b.source, b.found.path, b.found.at);
  });
  std::stable_sort(r.pins.begin(), r.pins.end(), [&](const auto& a, const auto& b) {
    return place(a.source, a.set.path, a.set.at) < place(b.source, b.set.path, b.set.at);
  });
  std::stable_sort(r.sdks.begin(), r.sdks.end(), [&](const auto& a, const auto& b) {
    return place(a.source, a.judgement.sdk.path, a.at) < place(b.source, b.judgement.sdk.path, b.at);
  });
  std::stable_sort(r.problems.begin(), r.problems.end(),
                   [](const auto& a, const auto& b) { return std::tie(a.source, a.path) < std::tie(b.source, b.path); });
}

judge::Verdict overall(const results::ScanResult& r) {
  judge::Verdict v = judge::Verdict::Ready;
  for (const auto& s : r.stores)
    if (s.judgement) v = judge::worst(v, s.judgement->verdict);
  for (const auto& p : r.pins) v = judge::worst(v, p.judgement.verdict);
  for (const auto& s : r.sdks)
    if (s.judgement.verdict) v = judge::worst(v, *s.judgement.verdict);
  return r.unreadable_sources ? judge::worst(v, judge::Verdict::Error) : v;
}

}  // namespace

results::ScanResult run_scan(const ScanRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  results::ScanResult result;
  result.migration = request.migration;
  scan::WalkProgress own;
  ScanRequest r = request;
  if (!r.progress) r.progress = &own;
  Collector collector(r, result);
  for (const auto& source : r.sources) {
    result.sources.push_back(source.given);
    if (source.kind == ScanSource::Kind::Image) scan_image(r, source, collector);
    else scan_tree(r, source, collector);
  }
  collector.finish();
  sort_by_place(result);
  result.stats.files = r.progress->files;
  result.stats.bytes = r.progress->bytes;
  result.stats.skipped = r.progress->skipped;
  result.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  result.verdict = overall(result);
  return result;
}

}  // namespace trustready::run
