#include "install/shell.h"

#include "install/writer.h"

namespace trustready::install {

std::string shell_quote(const std::string& s) {
  const bool plain = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                       "0123456789/._-+:=@,") == std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string in_root(const fs::FileTree& root, const std::string& command) {
  const std::string run = command.find("&&") == std::string::npos ? command : "sh -c " + shell_quote(command);
  if (root.is_host()) return "sudo " + run;
  return "sudo chroot " + shell_quote(root.root()) + " " + run;
}

std::string made_in_root(const fs::FileTree& tree, const std::string& path) {
  // Bounded: each call either resolves, or steps to the parent or a link's target.
  const auto at = [&tree](const std::string& p, int depth, const auto& self) -> std::string {
    if (auto resolved = tree.resolve(p)) return resolved->path;
    const std::size_t slash = p.rfind('/');
    if (depth > 40 || slash == std::string::npos || p == "/") return "";
    const std::string parent = self(slash == 0 ? "/" : p.substr(0, slash), depth + 1, self);
    if (parent.empty()) return "";
    const std::string here = fs::normalize((parent == "/" ? "" : parent) + "/" + p.substr(slash + 1));
    auto link = tree.read_link(here);
    if (!link) return here;  // not there yet: the write makes it here
    return self(link->starts_with('/') ? *link : parent + "/" + *link, depth + 1, self);
  };
  return at(fs::normalize(path), 0, at);
}

std::string person_path(const fs::FileTree& tree, const std::string& in_root) {
  if (tree.is_host()) return in_root;
  if (auto resolved = tree.resolve(in_root)) return resolved->host_path;
  // Not there yet (or a dangling link): where a write makes it, never where a planted
  // symlink points on this host.
  const std::string at = made_in_root(tree, in_root);
  return tree.host_path(at.empty() ? in_root : at);
}

namespace {

/// "sudo " for a file of this host that is not in a home folder; nothing in a root tree
/// (often an unpacked image in the user's own folder) or for a user's own file.
std::string sudo_for(const PlanContext& ctx, const std::string& path) {
  const bool home = path.starts_with("/home/") || path.starts_with("/root/");
  return ctx.platform.host && !home ? "sudo " : "";
}

std::string export_anchors(const PlanContext& ctx, const std::string& target, const std::vector<PlannedCert>& certs) {
  std::string out = "trustready migrations " + ctx.migration.id + " --export-anchors " + target;
  std::size_t recommended = 0;
  for (const auto& a : ctx.migration.anchors) recommended += a.recommended ? 1 : 0;
  if (certs.size() != recommended)
    for (const auto& c : certs) out += " --anchor " + c.anchor_id;
  return out;
}

}  // namespace

std::string export_shell(const PlanContext& ctx, const std::string& dir, const std::vector<PlannedCert>& certs) {
  return sudo_for(ctx, dir) + export_anchors(ctx, shell_quote(person_path(ctx.tree, dir)), certs);
}

std::string append_shell(const PlanContext& ctx, const std::string& bundle, const std::vector<PlannedCert>& certs) {
  const std::string file = shell_quote(person_path(ctx.tree, bundle));
  // Without the echo, a file with no final newline gets "-----END CERTIFICATE----------BEGIN"
  // on one line, and curl then loads nothing (error 77).
  return "{ [ -z \"$(tail -c1 " + file + ")\" ] || echo; " + export_anchors(ctx, "-", certs) + "; } | " +
         sudo_for(ctx, bundle) + "tee -a " + file + " >/dev/null";
}

std::string command_shell(const PlannedCommand& command, const PlanContext& ctx) {
  std::string argv;
  for (const auto& a : command.argv) {
    if (!argv.empty()) argv += ' ';
    argv += shell_quote(a);
  }
  const auto& c = command.confinement;
  if (!c.chroot_dir.empty()) return "sudo chroot " + shell_quote(c.chroot_dir) + " " + argv;
  if (!c.binds.empty()) {
    std::string script;
    for (const auto& b : c.binds) script += "mount --bind " + shell_quote(b.source) + " " + shell_quote(b.target) + " && ";
    return "sudo unshare --mount sh -c " + shell_quote(script + argv);
  }
  return (ctx.platform.host ? "sudo " : "") + argv;
}

std::string fix_line(const StorePlan& plan) {
  if (!plan.blocked.empty()) return "";
  std::string out;
  for (const auto& step : plan.steps)
    for (const auto& line : step.shell) {
      if (!out.empty()) out += " && ";
      out += line;
    }
  return out;
}

}  // namespace trustready::install
