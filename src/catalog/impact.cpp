#include "catalog/impact.h"

#include <fnmatch.h>

#include <algorithm>
#include <vector>

namespace trustready::catalog {
namespace {

std::vector<std::string> labels_of(std::string_view name) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto dot = name.find('.', start);
    out.emplace_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

bool label_matches(const std::string& pattern, const std::string& label) {
  if (pattern.find('*') == std::string::npos) return pattern == label;
  return !label.empty() && fnmatch(pattern.c_str(), label.c_str(), 0) == 0;
}

}  // namespace

bool host_matches(std::string_view pattern, std::string_view host) {
  const auto want = labels_of(pattern);
  const auto have = labels_of(host);
  const bool leading_any = !want.empty() && want.front() == "*";
  const std::size_t fixed = leading_any ? want.size() - 1 : want.size();
  if (leading_any ? have.size() <= fixed : have.size() != fixed) return false;
  // Compare from the right: the leading "*" takes whatever labels are left over.
  for (std::size_t i = 0; i < fixed; ++i)
    if (!label_matches(want[want.size() - 1 - i], have[have.size() - 1 - i])) return false;
  return true;
}

Impact impact_of(const Migration& m, std::string_view host, bool plain_http) {
  if (plain_http) return {false, "plain HTTP carries no certificate: a change of CA does not affect it"};
  std::string name(host);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!name.empty() && name.back() == '.') name.pop_back();
  for (const auto& rule : m.impact)
    for (const auto& pattern : rule.hosts)
      if (host_matches(pattern, name)) return {rule.affected, rule.reason};
  if (m.impact_otherwise) return {m.impact_otherwise->affected, m.impact_otherwise->reason};
  return {std::nullopt, "the catalog names no endpoints for " + m.id};
}

}  // namespace trustready::catalog
