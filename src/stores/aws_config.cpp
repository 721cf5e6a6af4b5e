#include "stores/aws_config.h"

namespace trustready::stores {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::vector<AwsCaBundle>> parse_aws_config(std::string_view text, const std::string& home) {
  std::vector<AwsCaBundle> out;
  std::string section;
  int line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = std::min(text.find('\n'), text.size());
    const std::string_view raw = text.substr(0, nl);
    text.remove_prefix(std::min(nl + 1, text.size()));
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (raw.front() == ' ' || raw.front() == '\t') {
      if (section.empty()) return make_error("line " + std::to_string(line_no) + ": indented line outside a section");
      continue;  // a nested setting
    }
    if (line.front() == '[') {
      if (line.back() != ']') return make_error("line " + std::to_string(line_no) + ": section header without ']'");
      std::string_view name = trim(line.substr(1, line.size() - 2));
      if (name.starts_with("profile ")) name = trim(name.substr(8));
      if (name.empty()) return make_error("line " + std::to_string(line_no) + ": empty section name");
      section.assign(name);
      continue;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos)
      return make_error("line " + std::to_string(line_no) + ": expected [section] or key = value, got '" +
                        std::string(line.substr(0, 60)) + "'");
    if (section.empty()) return make_error("line " + std::to_string(line_no) + ": setting before any [section]");
    if (trim(line.substr(0, eq)) != "ca_bundle") continue;
    std::string value(trim(line.substr(eq + 1)));
    if (value.starts_with("~/")) value = home + value.substr(1);
    if (!value.empty()) out.push_back({section, value, line_no});
  }
  return out;
}

}  // namespace trustready::stores
