#include "install/anchor_folder.h"

#include <algorithm>

#include "install/shell.h"

namespace trustready::install {
namespace {

/// The binds for the host's tool over the root: each of the layout's places the root
/// has, resolved inside the root (a symlinked /etc/ssl is bound where it really is).
/// The anchor folder is bound even when the root lacks it (the write steps make it):
/// otherwise the tool would compile this host's own folder into the root's stores.
Confinement over_root(const AnchorFolderLayout& layout, const PlanContext& ctx) {
  Confinement c;
  for (const auto& place : layout.binds) {
    if (place == layout.anchor_dir) {
      const std::string at = made_in_root(ctx.tree, place);
      if (!at.empty()) c.binds.push_back({ctx.tree.host_path(at), place});
      continue;
    }
    if (ctx.tree.type(place) == fs::FileType::Missing) continue;
    auto resolved = ctx.tree.resolve(place);
    if (resolved) c.binds.push_back({resolved->host_path, place});
  }
  return c;
}

PlannedCommand update_command(const std::vector<std::string>& argv, const AnchorFolderLayout& layout,
                              const PlanContext& ctx) {
  PlannedCommand cmd{argv, {}, {0}, {}};
  const auto& tool = ctx.platform.tool;
  if (tool.place == ToolPlace::InRoot) {
    cmd.confinement.chroot_dir = ctx.tree.root();  // argv[0] is then looked up inside it
  } else if (tool.place == ToolPlace::HostOverRoot) {
    cmd.confinement = over_root(layout, ctx);
    cmd.argv.insert(cmd.argv.end(), layout.over_root_args.begin(), layout.over_root_args.end());
    cmd.no_symlinks_in = layout.read_trees;
  }
  return cmd;
}

/// This host's tool may stand in for the root's only where it reads no symlink: it would
/// follow it on this host. The first such link, or "".
std::string unsafe_for_host_tool(const AnchorFolderLayout& layout, const PlanContext& ctx) {
  for (const auto& dir : layout.read_trees)
    if (auto link = first_symlink(ctx.tree, dir); !link.empty()) return link;
  return "";
}

/// The name an anchor gets in the folder: its catalog stem, unless a file of that name
/// with other content is already there (it is never overwritten).
std::string free_name(const PlanContext& ctx, const std::string& dir, const PlannedCert& c, const std::string& suffix,
                      bool& already) {
  already = false;
  for (const std::string& stem : {c.file_stem, "trustready-" + c.file_stem}) {
    const std::string path = dir + "/" + stem + suffix;
    // A dangling symlink of that name is not free: writing through it fails or lands elsewhere.
    if (!ctx.tree.entry_exists(path) && ctx.tree.absent(path)) return path;
    auto have = ctx.tree.read_file(path, 1u << 20);
    if (have && *have == c.pem) {
      already = true;
      return path;
    }
  }
  return dir + "/trustready-" + c.file_stem + "-" + c.sha256.hex().substr(0, 8) + suffix;
}

void add_changes(Step& step, const AnchorFolderLayout& layout, const PlanContext& ctx) {
  for (const auto& f : layout.compiled)
    if (ctx.tree.type(f) == fs::FileType::File) step.changes.push_back(f);
  for (const auto& d : layout.folders)
    if (ctx.tree.type(d) == fs::FileType::Directory) step.folders.push_back(d);
}

/// HASH.N for the first N that is free, or the one that already holds this certificate.
/// A dangling symlink of a name is not free.
std::string capath_name(const PlanContext& ctx, const std::string& dir, const PlannedCert& c, bool& already) {
  already = false;
  for (int n = 0; n < 100; ++n) {
    const std::string path = dir + "/" + c.subject_hash + "." + std::to_string(n);
    if (!ctx.tree.entry_exists(path) && ctx.tree.absent(path)) return path;
    auto have = ctx.tree.read_file(path, 1u << 20);
    if (have && *have == c.pem) {
      already = true;
      return path;
    }
  }
  return "";
}

/// No tool can run for this root (`why`): the compiled bundle and CApath get the roots
/// directly, and the anchor folder keeps them for the next time the tool runs.
void write_bundle_directly(StorePlan& plan, const AnchorFolderLayout& layout, const std::vector<PlannedCert>& certs,
                           const PlanContext& ctx, const std::string& why) {
  const std::string& tool = ctx.platform.tool.name;
  if (layout.bundle.empty() || ctx.tree.type(layout.bundle) != fs::FileType::File) {
    plan.blocked_by = Blocked::NoTool;
    plan.blocked = tool + " is not in " + ctx.tree.root() + " (nor usable from this host), and no compiled bundle " +
                   "is there to write directly: install the ca-certificates package in the image";
    return;
  }
  Step step;
  step.kind = StepKind::AppendToBundle;
  step.path = layout.bundle;
  step.certs = certs;
  step.changes = {layout.bundle};
  step.why = why + ": the compiled bundle gets the roots directly";
  step.shell = {append_shell(ctx, layout.bundle, certs)};
  plan.steps.push_back(std::move(step));
  if (!layout.capath.empty() && ctx.tree.type(layout.capath) == fs::FileType::Directory)
    for (auto& s : capath_steps(ctx, layout.capath, certs)) plan.steps.push_back(std::move(s));
  plan.notes.push_back("a later " + tool + " (a ca-certificates package upgrade runs it) rebuilds " + layout.bundle +
                       " from " + layout.anchor_dir + ", which holds the roots too, so they stay");
}

}  // namespace

std::vector<Step> capath_steps(const PlanContext& ctx, const std::string& dir, const std::vector<PlannedCert>& certs) {
  std::vector<Step> out;
  for (const auto& c : certs) {
    bool already = false;
    const std::string path = capath_name(ctx, dir, c, already);
    if (already || path.empty()) continue;
    Step step;
    step.kind = StepKind::WriteFile;
    step.path = path;
    step.certs = {c};
    step.changes = {path};
    step.why = "OpenSSL's CApath lookup opens " + c.subject_hash + ".N for a certificate issued by " + c.name;
    step.shell = {"trustready migrations " + ctx.migration.id + " --export-anchors - --anchor " + c.anchor_id + " > " +
                  shell_quote(person_path(ctx.tree, path))};
    out.push_back(std::move(step));
  }
  return out;
}

std::string first_symlink(const fs::FileTree& tree, const std::string& dir) {
  std::vector<std::pair<std::string, int>> todo = {{dir, 0}};
  std::size_t seen = 0;
  while (!todo.empty() && seen < 100000) {
    auto [at, depth] = todo.back();
    todo.pop_back();
    auto names = tree.list_dir(at);
    if (!names) continue;
    for (const auto& name : *names) {
      ++seen;
      const std::string path = at + "/" + name;
      if (tree.read_link(path)) return path;
      if (depth < 8 && tree.type(path) == fs::FileType::Directory) todo.push_back({path, depth + 1});
    }
  }
  return "";
}

bool compiled_by_distribution(const stores::Store& store) {
  const auto& loc = store.location;
  return loc.owner.kind == stores::StoreOwner::Kind::UpdateTool || loc.origin == stores::StoreOrigin::Distribution ||
         loc.origin == stores::StoreOrigin::OpenSslDefault;
}

StorePlan plan_anchor_folder(const AnchorFolderLayout& layout, const stores::Store& store,
                             const std::vector<const catalog::Anchor*>& add, const PlanContext& ctx,
                             const char* writer) {
  StorePlan plan = store_plan(store, writer);
  plan.needs_root = ctx.platform.host;
  const auto certs = planned_certs(add);
  std::vector<PlannedCert> to_write;
  for (const auto& c : certs) {
    bool already = false;
    const std::string path = free_name(ctx, layout.anchor_dir, c, layout.suffix, already);
    if (already) {
      plan.notes.push_back(path + " already holds " + c.name + "; " + ctx.platform.tool.name + " has not compiled it yet");
      continue;
    }
    Step step;
    step.kind = StepKind::WriteFile;
    step.path = path;
    step.certs = {c};
    step.changes = {path};
    step.why = layout.why;
    plan.steps.push_back(std::move(step));
    to_write.push_back(c);
  }
  if (!to_write.empty()) plan.steps.front().shell = {export_shell(ctx, layout.anchor_dir, to_write)};
  if (ctx.platform.tool.place == ToolPlace::Missing) {
    write_bundle_directly(plan, layout, certs, ctx, ctx.platform.tool.name + " is not in " + ctx.tree.root());
    return plan;
  }
  if (ctx.platform.tool.place == ToolPlace::HostOverRoot) {
    if (const std::string link = unsafe_for_host_tool(layout, ctx); !link.empty()) {
      plan.notes.push_back(link + " is a symlink, which this host's " + ctx.platform.tool.name +
                           " would follow on this host: it is not run over the root");
      write_bundle_directly(plan, layout, certs, ctx, "this host's " + ctx.platform.tool.name + " cannot run over it");
      return plan;
    }
    auto hooks = ctx.tree.list_dir("/etc/ca-certificates/update.d");  // Debian's (the only one with args)
    if (!layout.over_root_args.empty() && hooks && !hooks->empty())
      plan.notes.push_back("the root's own hooks are not run (they are the image's programs): stores only they "
                           "rebuild, such as Java's cacerts, change when " + ctx.platform.tool.name +
                           " next runs inside the image");
  }
  for (const auto& argv : layout.commands) {
    Step step;
    step.kind = StepKind::RunCommand;
    step.command = update_command(argv, layout, ctx);
    add_changes(step, layout, ctx);
    step.why = "compiles " + layout.anchor_dir + " into the stores its clients read";
    step.shell = {command_shell(step.command, ctx)};
    plan.steps.push_back(std::move(step));
  }
  return plan;
}

}  // namespace trustready::install
