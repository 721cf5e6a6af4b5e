#include "stores/distro.h"

#include <map>
#include <sstream>
#include <string_view>

namespace trustready::stores {

const char* to_string(DistroFamily family) {
  switch (family) {
    case DistroFamily::Debian: return "debian";
    case DistroFamily::Rhel: return "rhel";
    case DistroFamily::Alpine: return "alpine";
    case DistroFamily::Suse: return "suse";
    case DistroFamily::Arch: return "arch";
    case DistroFamily::Unknown: break;
  }
  return "unknown";
}

namespace {

/// os-release(5) values are shell-quoted: strip the quotes and undo \" \\ \$ \` escapes.
std::string unquote(const std::string& v) {
  if (v.size() < 2 || (v.front() != '"' && v.front() != '\'') || v.back() != v.front()) return v;
  const std::string inner = v.substr(1, v.size() - 2);
  if (v.front() == '\'') return inner;  // no escapes inside single quotes
  std::string out;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\' && i + 1 < inner.size() && std::string_view("\"\\$`").find(inner[i + 1]) != std::string_view::npos)
      ++i;
    out += inner[i];
  }
  return out;
}

DistroFamily family_of(const std::string& word) {
  static const std::map<std::string, DistroFamily> known = {
      {"debian", DistroFamily::Debian},   {"ubuntu", DistroFamily::Debian},  {"rhel", DistroFamily::Rhel},
      {"fedora", DistroFamily::Rhel},     {"centos", DistroFamily::Rhel},    {"rocky", DistroFamily::Rhel},
      {"almalinux", DistroFamily::Rhel},  {"amzn", DistroFamily::Rhel},      {"ol", DistroFamily::Rhel},
      {"alpine", DistroFamily::Alpine},   {"suse", DistroFamily::Suse},      {"opensuse", DistroFamily::Suse},
      {"sles", DistroFamily::Suse},       {"opensuse-leap", DistroFamily::Suse},
      {"opensuse-tumbleweed", DistroFamily::Suse}, {"arch", DistroFamily::Arch},
  };
  auto it = known.find(word);
  return it == known.end() ? DistroFamily::Unknown : it->second;
}

}  // namespace

Distro parse_os_release(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos || line.starts_with('#')) continue;
    fields[line.substr(0, eq)] = unquote(line.substr(eq + 1));
  }
  Distro d;
  d.id = fields["ID"];
  d.version_id = fields["VERSION_ID"];
  d.pretty_name = fields["PRETTY_NAME"];
  d.family = family_of(d.id);
  if (d.family == DistroFamily::Unknown) {  // ID_LIKE lists parents, most specific first
    std::istringstream like(fields["ID_LIKE"]);
    std::string word;
    while (like >> word && d.family == DistroFamily::Unknown) d.family = family_of(word);
  }
  return d;
}

Distro detect_distro(const fs::FileTree& root) {
  for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
    auto text = root.read_file(path, 1 << 16);
    if (text) return parse_os_release(*text);
  }
  return Distro{};
}

}  // namespace trustready::stores
