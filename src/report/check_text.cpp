// `check` for people: the verdict first, a row per store, what to do under it.
#include <fmt/format.h>

#include <algorithm>

#include "report/check_report.h"
#include "report/escape.h"

namespace trustready::report {
namespace {

constexpr const char* kIndent = "           ";

std::string names(const std::vector<const catalog::Anchor*>& anchors,
                  const std::vector<std::pair<const catalog::Anchor*, std::string>>& not_valid = {}) {
  std::string out;
  for (const auto* a : anchors) {
    out += (out.empty() ? "" : ", ") + a->name;
    for (const auto& [anchor, why] : not_valid)
      if (anchor == a) out += " (" + why + ")";
  }
  return out.empty() ? "none" : out;
}

std::string store_label(const stores::Store& s) {
  std::string label = s.location.path;
  if (!s.resolved_path.empty() && s.resolved_path != s.location.path) label += " -> " + s.resolved_path;
  return shown(label);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + shown(i);
  return out;
}

void chain_lines(std::string& out, const judge::StoreJudgement& j, const TextOptions& o) {
  for (const auto& cj : j.chains) {
    if (cj.status == judge::ChainStatus::NotServed && !o.verbose) continue;
    out += fmt::format("{}{} {}{}: {}\n", kIndent, o.style.chain_status(cj.status), cj.chain->name,
                       cj.chain->required ? "" : o.style.dim(" (optional)"), shown(cj.reason));
    if (!o.verbose) continue;
    for (const auto& p : cj.paths) {
      std::string hops;
      for (const auto& c : p.certificates) hops += (hops.empty() ? "" : " -> ") + shown(c.display_name());
      out += fmt::format("                path: {}  {}\n", hops, o.style.dim("(until " + format_date(p.expires) + ")"));
    }
    for (const auto& f : cj.failures) out += fmt::format("                {}\n", o.style.dim("tried " + shown(f)));
  }
}

/// The colour of a finding's lead: warnings yellow; what only -v shows, dim.
std::string finding_line(const results::Finding& f, const Style& st) {
  const std::string lead = shown(f.lead), rest = shown(f.rest);
  if (f.code == results::FindingCode::DiffersFromSystem) return kIndent + st.dim(lead + rest) + "\n";
  return kIndent + st.paint(lead, "33") + rest + "\n";
}

void findings_lines(std::string& out, const results::StoreResult& s, const TextOptions& o,
                    std::initializer_list<results::FindingCode> codes) {
  for (const auto& f : s.findings) {
    if (std::find(codes.begin(), codes.end(), f.code) == codes.end()) continue;
    if (f.code == results::FindingCode::DiffersFromSystem && !o.verbose) continue;
    out += finding_line(f, o.style);
  }
}

void store_block(std::string& out, const results::StoreResult& s, std::size_t width, std::size_t anchors,
                 const TextOptions& o) {
  const auto& st = o.style;
  const auto& j = s.judgement;
  out += fmt::format("{}   {} {:>5}  {}\n", st.verdict(j.verdict), pad(store_label(s.store), width),
                     s.store.certificates.size(),
                     j.verdict == judge::Verdict::Error ? "-" : fmt::format("{}/{}", j.present.size(), anchors));
  const std::string read_by = s.store.location.consumers.empty()
                                  ? std::string()
                                  : std::string(kIndent) + "read by: " + joined(s.store.location.consumers) + "\n";
  if (j.verdict == judge::Verdict::Error) {
    out += kIndent + shown(j.reason) + "\n" + read_by;  // who is left without a readable store
    return;
  }
  const bool ready = j.verdict == judge::Verdict::Ready;
  if (!s.judged_with.empty())
    out += kIndent + st.dim("judged with the roots of " + shown(s.judged_with) + ", which its readers also trust") + "\n";
  findings_lines(out, s, o,
                 {results::FindingCode::StaleCopy, results::FindingCode::DiffersFromSystem,
                  results::FindingCode::CannotLoad, results::FindingCode::TrustSettings});
  if (ready && !o.verbose) {
    out += kIndent + st.dim(shown(j.reason)) + "\n";
  } else {
    out += std::string(kIndent) + "present: " + names(j.present, j.not_valid) + "\n";
    chain_lines(out, j, o);
  }
  findings_lines(out, s, o, {results::FindingCode::ClientDisagrees});
  if (!ready && !j.missing.empty()) out += std::string(kIndent) + "missing: " + names(j.missing) + "\n";
  if (!s.fix.empty()) out += kIndent + st.bold("fix:") + " " + shown(s.fix) + "\n";
  if (o.verbose || !ready) out += read_by;
  for (const auto& p : s.store.problems) out += kIndent + st.paint("warning: ", "33") + shown(p.message) + "\n";
  for (const auto& n : s.store.notes) out += kIndent + st.dim("note: " + shown(n)) + "\n";
}

void sdk_block(std::string& out, const results::CheckResult& r, const TextOptions& o) {
  if (r.sdks.empty()) return;
  const auto& st = o.style;
  out += '\n';
  out += st.bold(fmt::format("{} {} {}", pad("VERDICT", 10), pad("AWS SDK / CLI", 24), "WHERE")) + "\n";
  for (const auto& sdk : r.sdks) {
    out += fmt::format("{}   {} {}\n", sdk.verdict ? st.verdict(*sdk.verdict) : pad("unknown", 7),
                       pad(shown(sdk.sdk.name + " " + sdk.sdk.version), 24), shown(sdk.sdk.path));
    const bool ready = sdk.verdict && *sdk.verdict == judge::Verdict::Ready;
    if (!ready || o.verbose) out += kIndent + (ready || !sdk.verdict ? st.dim(shown(sdk.reason)) : shown(sdk.reason)) + "\n";
    if (!sdk.fix.empty()) out += kIndent + st.bold("fix:") + " " + shown(sdk.fix) + "\n";
  }
}

void tail_blocks(std::string& out, const results::CheckResult& r, const Style& st) {
  if (!r.sources.empty()) {
    out += "\nanchor folders (compiled into the stores above by the update tool):\n";
    for (const auto& s : r.sources) {
      out += fmt::format("  {}  {} certificate(s){}\n", shown(s.location.path), s.certificates.size(),
                         s.error ? " - " + shown(*s.error) : "");
      for (const auto& p : s.problems) out += "    " + st.paint("warning: ", "33") + shown(p.message) + "\n";
    }
  }
  if (!r.search_problems.empty()) {
    out += "\nincomplete search (stores there are not in this verdict):\n";
    for (const auto& p : r.search_problems) out += "  " + st.paint("warning: ", "33") + shown(p.message) + "\n";
  }
  for (const auto& f : r.findings) {  // piecewise: `"\n" + std::string` trips GCC 12's -Wrestrict (PR 105329)
    out += '\n';
    out += shown(f.message()) + "\n";
  }
}

std::string verdict_line(const results::CheckResult& r, const TextOptions& o) {
  const auto bad_stores = std::count_if(r.stores.begin(), r.stores.end(), [](const results::StoreResult& s) {
    return s.judgement.verdict != judge::Verdict::Ready;
  });
  const auto bad_sdks = std::count_if(r.sdks.begin(), r.sdks.end(), [](const judge::SdkJudgement& s) {
    return s.verdict && *s.verdict != judge::Verdict::Ready;
  });
  std::string summary = r.verdict == judge::Verdict::Ready
                            ? "every trust store verifies the " + r.migration->id + " chains"
                            : std::to_string(bad_stores) + " of " + std::to_string(r.stores.size()) +
                                  " trust stores need attention";
  if (bad_sdks > 0) summary += fmt::format("; {} of {} AWS SDKs and CLIs must be upgraded", bad_sdks, r.sdks.size());
  if (!r.search_problems.empty())
    summary += fmt::format(" ({} place{} not searched{})", r.search_problems.size(),
                           r.search_problems.size() == 1 ? "" : "s", o.quiet ? "" : ": see above");
  return fmt::format("{} {}", o.style.verdict(r.verdict), summary);
}

}  // namespace

std::string check_text(const results::CheckResult& r, const TextOptions& o) {
  const auto& st = o.style;
  const std::string last = verdict_line(r, o);
  if (o.quiet) return last + "\n";
  std::string out = st.bold(fmt::format("trustready check: {} ({})", r.migration->id, r.migration->name)) + "\n";
  out += fmt::format("root {} ({}), evaluated at {}, at-risk horizon {} days\n\n", shown(r.root),
                     r.distro.pretty_name.empty() ? "unknown distribution" : shown(r.distro.pretty_name),
                     format_time(r.options.at), r.options.horizon.count());
  std::size_t width = 5;
  for (const auto& s : r.stores) width = std::max(width, store_label(s.store).size());
  width = std::min<std::size_t>(width, 72);
  out += st.bold(fmt::format("{} {} {:>5}  {}", pad("VERDICT", 10), pad("STORE", width), "CERTS", "ANCHORS")) + "\n";
  for (const auto& s : r.stores) store_block(out, s, width, r.migration->anchors.size(), o);
  sdk_block(out, r, o);
  tail_blocks(out, r, st);
  out += "\n" + last + "\n";
  return out;
}

}  // namespace trustready::report
