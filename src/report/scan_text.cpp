#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "report/escape.h"
#include "report/scan_report.h"

namespace trustready::report {
namespace {

std::string where(const std::string& path, const scan::Position& at) {
  return fmt::format("{}:{}:{}", shown(path), at.line, at.column);
}

/// Style::verdict pads to 8 columns; one space after it.
std::string verdict_cell(const Style& style, judge::Verdict v) { return style.verdict(v) + " "; }

std::string count(std::size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

void store_lines(std::string& out, const results::ScannedStore& s, const ScanTextOptions& o) {
  const auto& f = s.found;
  std::string what = fmt::format("{}{}, {}", scan::to_string(f.format),
                                 f.vendor == scan::StoreVendor::None ? "" : fmt::format(" ({})", scan::to_string(f.vendor)),
                                 count(f.certificates.size(), "certificate", "certificates"));
  if (f.embedded) what += ", embedded in code";
  if (!s.judgement) {
    if (!o.verbose) return;
    out += fmt::format("{}store  {}  {}: {}\n", std::string(9, ' '), where(f.path, f.at), what, s.reason);
    return;
  }
  out += fmt::format("{}store  {}  {}: {}\n", verdict_cell(o.style, s.judgement->verdict), where(f.path, f.at), what, s.reason);
  if (!s.fix.empty()) out += fmt::format("         fix: {}\n", shown(s.fix));
  for (const auto& p : f.problems) out += fmt::format("         note: {}\n", shown(p));
}

std::string pin_set_name(const scan::PinSet& p) {
  std::string name = fmt::format("{} pins", scan::to_string(p.syntax));
  if (!p.domains.empty()) name += " for " + shown(fmt::format("{}", fmt::join(p.domains, ", ")));
  else if (!p.name.empty()) name += " (" + shown(p.name) + ")";
  return name + fmt::format(" ({})", count(p.pins.size(), "pin", "pins"));
}

void pin_lines(std::string& out, const results::ScannedPins& p, const ScanTextOptions& o) {
  const auto& j = p.judgement;
  out += fmt::format("{}pins   {}  {}: {}\n", verdict_cell(o.style, j.verdict), where(p.set.path, p.set.at), pin_set_name(p.set),
                     j.reason);
  if (!p.set.used_by.empty()) out += fmt::format("         used by {}\n", shown(p.set.used_by));
  if (o.verbose)
    for (const auto& h : j.hits)
      out += fmt::format("         {} matches {} (position {} of chain {}{})\n", shown(h.pin), h.certificate, h.position,
                         h.chain, h.every_path ? ", every path" : ", some paths");
  if (j.verdict != judge::Verdict::Ready || o.verbose)
    for (const auto& a : j.add) out += fmt::format("         add: {}\n", a.line);
}

void sdk_lines(std::string& out, const results::ScannedSdk& s, const ScanTextOptions& o) {
  const auto& j = s.judgement;
  const judge::Verdict v = j.verdict.value_or(judge::Verdict::Ready);
  if (!j.verdict && !o.verbose) return;
  out += fmt::format("{}sdk    {}  {} {}: {}\n", j.verdict ? verdict_cell(o.style, v) : std::string(9, ' '),
                     where(j.sdk.path, s.at), shown(j.sdk.name), shown(j.sdk.version), j.reason);
  if (!j.upgrade_to.empty()) out += fmt::format("         fix: upgrade {} to {} or later\n", shown(j.sdk.name), j.upgrade_to);
}

template <typename T, typename F>
std::vector<const T*> worst_first(const std::vector<T>& items, F verdict_of) {
  std::vector<const T*> out;
  for (const auto& i : items) out.push_back(&i);
  std::stable_sort(out.begin(), out.end(), [&](const T* a, const T* b) { return verdict_of(*a) > verdict_of(*b); });
  return out;
}

std::string with_worst(std::size_t n, const char* one, const char* many, std::size_t bad, judge::Verdict worst) {
  std::string s = count(n, one, many);
  if (bad) s += fmt::format(" ({} {})", bad, judge::to_string(worst));
  return s;
}

std::string human_bytes(std::uint64_t b) {
  if (b >= (1ull << 30)) return fmt::format("{:.1f} GB", b / double(1ull << 30));
  if (b >= (1ull << 20)) return fmt::format("{:.1f} MB", b / double(1ull << 20));
  return fmt::format("{:.1f} kB", b / 1024.0);
}

}  // namespace

std::string scan_summary(const results::ScanResult& r) {
  std::size_t stores = 0, bad_stores = 0, bad_pins = 0, bad_sdks = 0, sdks = 0;
  judge::Verdict ws = judge::Verdict::Ready, wp = judge::Verdict::Ready, wk = judge::Verdict::Ready;
  for (const auto& s : r.stores)
    if (s.judgement) {
      ++stores;
      ws = judge::worst(ws, s.judgement->verdict);
      bad_stores += s.judgement->verdict != judge::Verdict::Ready;
    }
  for (const auto& p : r.pins) {
    wp = judge::worst(wp, p.judgement.verdict);
    bad_pins += p.judgement.verdict != judge::Verdict::Ready;
  }
  for (const auto& s : r.sdks) {
    if (!s.judgement.verdict) continue;
    ++sdks;
    wk = judge::worst(wk, *s.judgement.verdict);
    bad_sdks += *s.judgement.verdict != judge::Verdict::Ready;
  }
  std::string line = fmt::format("scanned {} files ({}) in {:.2f} s: {}, {}, {}", r.stats.files, human_bytes(r.stats.bytes),
                                 r.stats.seconds, with_worst(stores, "trust store", "trust stores", bad_stores, ws),
                                 with_worst(r.pins.size(), "pin set", "pin sets", bad_pins, wp),
                                 with_worst(sdks, "AWS SDK", "AWS SDKs", bad_sdks, wk));
  if (!r.problems.empty())
    line += fmt::format("; {} (paths not read, files not what they look like)",
                        count(r.problems.size(), "note", "notes"));
  return line;
}

std::string scan_text(const results::ScanResult& r, const ScanTextOptions& o) {
  std::string out;
  if (!o.quiet) {
    for (const auto* s : worst_first(r.stores, [](const results::ScannedStore& s) {
           return s.judgement ? s.judgement->verdict : judge::Verdict::Ready;
         }))
      store_lines(out, *s, o);
    for (const auto* p : worst_first(r.pins, [](const results::ScannedPins& p) { return p.judgement.verdict; }))
      pin_lines(out, *p, o);
    for (const auto* s : worst_first(r.sdks, [](const results::ScannedSdk& s) {
           return s.judgement.verdict.value_or(judge::Verdict::Ready);
         }))
      sdk_lines(out, *s, o);
    const std::size_t shown_problems = o.verbose ? r.problems.size() : std::min<std::size_t>(r.problems.size(), 5);
    for (std::size_t i = 0; i < shown_problems; ++i) {
      const auto& p = r.problems[i];
      // The image reader's messages name the image themselves.
      const std::string& where = p.path.empty() ? p.source : p.path;
      const bool named = where.empty() || p.what.starts_with(where + ":");
      out += fmt::format("note: {}{}{}\n", named ? "" : shown(where), named ? "" : ": ", shown(p.what));
    }
    if (shown_problems < r.problems.size())
      out += fmt::format("... and {} more (--verbose lists them)\n", r.problems.size() - shown_problems);
  }
  out += scan_summary(r) + "\n";
  out += fmt::format("verdict: {}\n", o.style.bold(judge::to_string(r.verdict)));
  return out;
}

}  // namespace trustready::report
