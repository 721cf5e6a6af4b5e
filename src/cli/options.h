// What the commands share: their common options, written once, and the small wiring
// every command does (open the root, read --at, pick the style). No logic of its own.
#pragma once

#include <CLI/CLI.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "fs/root_fs.h"
#include "report/style.h"
#include "stores/discover.h"
#include "util/result.h"
#include "util/time.h"

namespace trustready::cli {

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

/// Prints "trustready: MESSAGE" on stderr and returns kExitUsage.
int fail_usage(const std::string& message);

struct OutputOptions {
  std::string format = "text";
  bool no_color = false;
};

/// --format FORMAT (one of `formats`, the first the default) and --no-color.
void add_output_options(CLI::App* cmd, OutputOptions& o, std::initializer_list<const char*> formats = {"text", "json"});
/// Colour only on a terminal, for text, without --no-color or NO_COLOR.
report::Style style_for(const OutputOptions& o);

/// --at TIME: evaluate at another time than now.
void add_at_option(CLI::App* cmd, std::string& at);
/// The time --at names, or now.
Result<TimePoint> evaluation_time(const std::string& at);

/// A repeatable option that takes one value per use (--store A --store B), so it never
/// swallows the positional arguments after it.
template <typename T>
CLI::Option* add_repeatable(CLI::App* cmd, const std::string& name, std::vector<T>& into, const std::string& help) {
  return cmd->add_option(name, into, help)->allow_extra_args(false);
}

/// The options of the commands that discover stores (check, stores).
struct DiscoveryFlags {
  std::string root = "/";
  std::vector<std::string> store_paths;
  std::vector<std::string> search_paths;
  std::string store_password;
  bool system_only = false;
  double program_timeout_s = 5;
};

void add_discovery_options(CLI::App* cmd, DiscoveryFlags& o);

/// Opens --root (a one-line error when it is no directory).
Result<fs::RootFs> open_root(const std::string& root);

/// A path typed on the command line, made absolute inside the tree: relative to the
/// working folder on this host, inside DIR under --root DIR.
std::string tree_path(const fs::FileTree& tree, const std::string& given);

/// A path named with --store or --path that does not exist (in the tree): a usage error,
/// as a missing --root is ("--path /nonexistent: No such file or directory"); one that
/// exists but cannot be read is no usage error, it is the store's finding.
std::optional<std::string> missing_named_path(const DiscoveryFlags& o, const fs::FileTree& root);

/// The keystore password to try first: --store-password, else TRUSTREADY_STORE_PASSWORD,
/// else "" (none named).
std::string store_password(const std::string& given);

/// Discovery as the flags ask for it, with this process's environment on this host only.
stores::DiscoveryOptions discovery_options(const DiscoveryFlags& o, const fs::FileTree& root);

/// The embedded catalog (a damaged one is a usage error: the binary is broken).
Result<const catalog::Catalog*> catalog();
/// The migration named by --migration, or a usage error listing the known ones.
Result<const catalog::Migration*> migration(const std::string& id);

}  // namespace trustready::cli
