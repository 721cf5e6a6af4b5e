#include "cli/options.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "report/escape.h"
#include "stores/environment.h"
#include "util/clock.h"

namespace trustready::cli {

int fail_usage(const std::string& message) {
  // One line whatever the user typed: a control byte in a value is shown, not obeyed.
  std::fprintf(stderr, "trustready: %s\n", report::shown(message).c_str());
  return kExitUsage;
}

void add_output_options(CLI::App* cmd, OutputOptions& o, std::initializer_list<const char*> formats) {
  std::vector<std::string> names(formats.begin(), formats.end());
  std::string joined;
  for (const auto& n : names) joined += (joined.empty() ? "" : "|") + n;
  // Each format in words, in the order given.
  std::string help = "Output format:";
  for (const auto& n : names) {
    if (n == "text") help += " text for people,";
    else if (n == "json") help += " json for programs (stdout holds only the JSON),";
    else if (n == "dot") help += " dot for Graphviz,";
    else if (n == "sarif") help += " sarif (2.1.0) for code scanning,";
    else help += " " + n + ",";
  }
  help.pop_back();
  cmd->add_option("--format", o.format, help)->check(CLI::IsMember(names))->type_name(joined);
  cmd->add_flag("--no-color", o.no_color, "No colour, even on a terminal (NO_COLOR is honoured too)");
}

report::Style style_for(const OutputOptions& o) {
  const char* no_color_env = std::getenv("NO_COLOR");
  return report::Style{!o.no_color && (no_color_env == nullptr || *no_color_env == '\0') && isatty(STDOUT_FILENO) &&
                       o.format == "text"};
}

void add_at_option(CLI::App* cmd, std::string& at) {
  cmd->add_option("--at", at, "Evaluate at this time instead of now: a real date, 2034-07-01 (UTC midnight), or RFC 3339, 2034-07-01T12:00:00Z")->type_name("TIME");
}

Result<TimePoint> evaluation_time(const std::string& at) { return trustready::evaluation_time(at, system_clock()); }

void add_discovery_options(CLI::App* cmd, DiscoveryFlags& o) {
  cmd->add_option("--root", o.root,
                  "Judge the filesystem under DIR as if it were / (a container's root filesystem, a mounted image); "
                  "symlinks resolve inside DIR, and every other path given is a path inside DIR")
      ->type_name("DIR");
  add_repeatable(cmd, "--store", o.store_paths,
                 "Also read this bundle file, hashed directory, Java keystore or NSS database folder (relative to "
                 "the working folder, or inside --root); repeatable: --store A --store B")
      ->type_name("PATH");
  auto* path = add_repeatable(cmd, "--path", o.search_paths,
                              "Also search this tree for virtualenvs, node_modules, JDKs, keystores and AWS SDK jars; "
                              "repeatable")
                   ->type_name("DIR");
  cmd->add_option("--store-password", o.store_password,
                  "Password of the Java keystores (tried before the JDK's default, changeit); a keystore it does "
                  "not open is then an error. Or set TRUSTREADY_STORE_PASSWORD")
      ->type_name("PASSWORD");
  cmd->add_flag("--system-only", o.system_only,
                "Only the system stores: no Java, Python, Node.js, NSS or AWS configuration, no SDKs")
      ->excludes(path);  // --path searches for application stores only
  cmd->add_option("--program-timeout", o.program_timeout_s,
                  "Seconds to wait for a helper program (certutil; node when its roots are not in the binary)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
}

Result<fs::RootFs> open_root(const std::string& root) { return fs::RootFs::open(root); }

std::string tree_path(const fs::FileTree& tree, const std::string& given) {
  std::error_code ec;
  const std::string cwd = std::filesystem::current_path(ec).string();
  return fs::path_in_tree(tree, given, ec ? "/" : cwd);
}

std::optional<std::string> missing_named_path(const DiscoveryFlags& o, const fs::FileTree& root) {
  auto missing = [&](const std::string& flag, const std::string& given) -> std::optional<std::string> {
    const std::string inside = tree_path(root, given);
    if (root.type(inside) != fs::FileType::Missing) return std::nullopt;
    auto resolved = root.resolve(inside);
    if (resolved) return std::nullopt;
    // Only a path that is not there; one the user may not read is for the readers to report.
    for (int err : {ENOENT, ENOTDIR})
      if (resolved.error().ends_with(std::string(": ") + std::strerror(err)))
        return flag + " " + given + ": No such file or directory" + (root.is_host() ? "" : " (inside " + root.root() + ")");
    return std::nullopt;
  };
  for (const auto& p : o.store_paths)
    if (auto why = missing("--store", p)) return why;
  for (const auto& p : o.search_paths)
    if (auto why = missing("--path", p)) return why;
  return std::nullopt;
}

std::string store_password(const std::string& given) {
  if (!given.empty()) return given;
  const char* env = std::getenv("TRUSTREADY_STORE_PASSWORD");
  return env ? env : "";
}

stores::DiscoveryOptions discovery_options(const DiscoveryFlags& o, const fs::FileTree& root) {
  stores::DiscoveryOptions d;
  // This process's variables say nothing about a container.
  if (root.is_host()) d.environment = stores::discovery_environment([](const char* name) { return std::getenv(name); });
  for (const auto& p : o.store_paths) d.extra_paths.push_back(tree_path(root, p));
  for (const auto& p : o.search_paths) d.search_paths.push_back(tree_path(root, p));
  d.applications = !o.system_only;
  const std::string password = store_password(o.store_password);
  if (!password.empty()) {
    d.read.passwords.insert(d.read.passwords.begin(), password);
    d.read.password_given = true;
  }
  d.read.program_timeout = std::chrono::milliseconds(static_cast<long>(o.program_timeout_s * 1000));
  d.read.run_programs = root.is_host();
  return d;
}

Result<const catalog::Catalog*> catalog() {
  static const auto embedded = catalog::Catalog::embedded();
  if (!embedded) return make_error("built-in catalog is damaged: " + embedded.error());
  return &*embedded;
}

Result<const catalog::Migration*> migration(const std::string& id) {
  auto c = catalog();
  if (!c) return make_error(c.error());
  const auto* m = (*c)->find(id);
  if (!m) return make_error("unknown migration '" + id + "' (known: " + (*c)->ids() + ")");
  return m;
}

}  // namespace trustready::cli
