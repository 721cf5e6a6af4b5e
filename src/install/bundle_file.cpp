// A PEM bundle or CApath folder fixed where it is: one someone pointed at (--store,
// SSL_CERT_FILE, AWS_CA_BUNDLE, REQUESTS_CA_BUNDLE, an AWS config's ca_bundle), a
// package's vendored bundle with --edit-package-files, a system store of a distribution
// whose anchor folder is not known. The blocks are appended starting on a new line; a
// CApath gets HASH.N files, the name OpenSSL's lookup opens.
#include "install/anchor_folder.h"
#include "install/distro_writers.h"
#include "install/shell.h"

namespace trustready::install {
namespace {

bool in_home(const std::string& path) { return path.starts_with("/home/") || path.starts_with("/root/"); }

void plan_capath(StorePlan& plan, const stores::Store& store, const std::vector<PlannedCert>& certs,
                 const PlanContext& ctx) {
  for (auto& step : capath_steps(ctx, store.resolved_path, certs)) plan.steps.push_back(std::move(step));
}

class BundleFileWriter final : public StoreWriter {
 public:
  const char* name() const override { return "bundle-file"; }
  bool fixes(const stores::Store& store, const PlanContext& ctx) const override {
    const auto& loc = store.location;
    if (loc.kind != stores::StoreKind::Bundle && loc.kind != stores::StoreKind::HashedDir) return false;
    if (stores::is_pointer(loc.origin)) return true;
    if (loc.origin == stores::StoreOrigin::Python) return ctx.edit_package_files;
    // A system store of a distribution without a writer of its own.
    return stores::is_system(loc.origin) && update_tool_name(ctx.platform.kind).empty();
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext& ctx) const override {
    StorePlan plan = store_plan(store, name());
    const std::string& path = store.resolved_path.empty() ? store.location.path : store.resolved_path;
    plan.needs_root = ctx.platform.host && !in_home(path);
    const auto certs = planned_certs(add);
    if (store.location.kind == stores::StoreKind::HashedDir) {
      plan_capath(plan, store, certs, ctx);
      return plan;
    }
    Step step;
    step.kind = StepKind::AppendToBundle;
    step.path = path;
    step.certs = certs;
    step.changes = {path};
    step.why = path + " is read as it is: its readers trust what it holds";
    step.shell = {append_shell(ctx, path, certs)};
    plan.steps.push_back(std::move(step));
    if (store.location.origin == stores::StoreOrigin::Python)
      plan.notes.push_back("an upgrade of " + store.location.owner.name + " replaces " + path +
                           " and drops the added roots (--edit-package-files)");
    return plan;
  }
};

}  // namespace

std::unique_ptr<StoreWriter> bundle_file_writer() { return std::make_unique<BundleFileWriter>(); }

}  // namespace trustready::install
