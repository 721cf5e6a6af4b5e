#include "cli/probe_input.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace trustready::cli {
namespace {

/// A target list larger than this is not one (a wrong file given to -f).
constexpr std::size_t kMaxListBytes = 64 * 1024 * 1024;

Result<std::string> slurp(const std::string& file) {
  std::istream* in = &std::cin;
  std::ifstream opened;
  if (file != "-") {
    opened.open(file, std::ios::binary);
    if (!opened) return make_error("-f " + file + ": cannot read it");
    in = &opened;
  }
  std::string text;
  char buffer[64 * 1024];
  while (in->read(buffer, sizeof buffer) || in->gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in->gcount()));
    if (text.size() > kMaxListBytes) return make_error("-f " + file + ": larger than 64 MiB, not a target list");
  }
  if (in->bad()) return make_error("-f " + file + ": read error");
  return text;
}

std::string env(const char* lower, const char* upper) {
  if (const char* v = std::getenv(lower); v && *v) return v;
  if (const char* v = std::getenv(upper); v && *v) return v;
  return "";
}

}  // namespace

Result<std::vector<probe::Target>> read_targets(const TargetSources& sources) {
  std::vector<probe::Target> out;
  for (const auto& a : sources.arguments) {
    auto t = probe::parse_target(a);
    if (!t) return make_error(t.error());
    out.push_back(std::move(*t));
  }
  for (const auto& f : sources.files) {
    auto text = slurp(f);
    if (!text) return make_error(text.error());
    auto list = probe::parse_target_list(*text, f == "-" ? "stdin" : f);
    if (!list) return make_error(list.error());
    std::move(list->begin(), list->end(), std::back_inserter(out));
  }
  if (sources.test_endpoints_of)
    for (const auto& e : sources.test_endpoints_of->test_endpoints) {
      auto t = probe::parse_target(e.url);
      if (!t) return make_error("the catalog's test endpoint " + t.error());
      out.push_back(std::move(*t));
    }
  return out;
}

Result<std::vector<std::optional<probe::Proxy>>> choose_proxies(const std::vector<probe::Target>& targets,
                                                                 const std::optional<std::string>& proxy,
                                                                 const std::optional<std::string>& noproxy) {
  // curl reads the lowercase https_proxy first; HTTP_PROXY is never read for https.
  const probe::ProxyEnvironment environment{env("https_proxy", "HTTPS_PROXY"), env("all_proxy", "ALL_PROXY"),
                                            env("no_proxy", "NO_PROXY")};
  std::vector<std::optional<probe::Proxy>> out;
  out.reserve(targets.size());
  bool any = false;
  for (const auto& t : targets) {
    auto chosen = probe::choose_proxy(t, proxy, environment, noproxy);
    if (!chosen) return make_error(chosen.error());
    any = any || chosen->has_value();
    out.push_back(std::move(*chosen));
  }
  if (!any) out.clear();  // all direct
  return out;
}

}  // namespace trustready::cli
