#include "stores/aws_config.h"

#include <optional>

namespace trustready::stores {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// The profile a section header names, as botocore's configloader maps them: "default",
/// and "profile NAME" (split as a shell would, so quotes group). Other sections
/// ("sso-session x", "services x", a bare "prod") are no profiles in the config file.
std::optional<std::string> profile_of(std::string_view header) {
  if (header == "default") return std::string(header);
  if (!header.starts_with("profile") || header.size() == 7 || (header[7] != ' ' && header[7] != '\t'))
    return std::nullopt;
  std::string_view name = trim(header.substr(7));
  if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') && name.back() == name.front())
    name = name.substr(1, name.size() - 2);
  else if (name.find_first_of(" \t") != std::string_view::npos)
    return std::nullopt;  // three words: shlex gives botocore more than two parts, and it skips the section
  if (name.empty()) return std::nullopt;
  return std::string(name);
}

}  // namespace

Result<std::vector<AwsCaBundle>> parse_aws_config(std::string_view text, const std::string& home) {
  std::vector<AwsCaBundle> out;
  std::string section;
  std::optional<std::string> profile;
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
      const std::string_view name = trim(line.substr(1, line.size() - 2));
      if (name.empty()) return make_error("line " + std::to_string(line_no) + ": empty section name");
      section.assign(name);
      profile = profile_of(name);
      continue;
    }
    // configparser splits at the first '=' or ':' and lower-cases the key.
    const std::size_t eq = line.find_first_of("=:");
    if (eq == std::string_view::npos)
      return make_error("line " + std::to_string(line_no) + ": expected [section] or key = value, got '" +
                        std::string(line.substr(0, 60)) + "'");
    if (section.empty()) return make_error("line " + std::to_string(line_no) + ": setting before any [section]");
    if (!profile || lower(trim(line.substr(0, eq))) != "ca_bundle") continue;
    std::string value(trim(line.substr(eq + 1)));
    // Without a home (a file named by AWS_CONFIG_FILE under --root) "~/" stays as written.
    if (value.starts_with("~/") && !home.empty()) value = home + value.substr(1);
    if (!value.empty()) out.push_back({*profile, value, line_no});
  }
  return out;
}

}  // namespace trustready::stores
