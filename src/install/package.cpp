// Stores a package owns and rebuilds: certifi's and pip's vendored bundles, the roots
// compiled into node or NSS's libnssckbi.so. Editing them lasts until the next upgrade,
// so the plan names the upgrade (or the setting) that fixes them, for a person to run:
// trustready never runs a package manager itself.
#include "install/app_fix.h"
#include "install/distro_writers.h"

namespace trustready::install {
namespace {

class PackageWriter final : public StoreWriter {
 public:
  const char* name() const override { return "package"; }
  bool fixes(const stores::Store& store, const PlanContext& ctx) const override {
    switch (store.location.origin) {
      case stores::StoreOrigin::Python: return !ctx.edit_package_files;
      case stores::StoreOrigin::Node:
      case stores::StoreOrigin::NssBuiltins: return true;
      default: return store.location.kind == stores::StoreKind::ProgramRoots;
    }
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext& ctx) const override {
    StorePlan plan = store_plan(store, name());
    Step step;
    step.kind = StepKind::ByHand;
    step.path = store.location.path;
    step.certs = planned_certs(add);
    const auto command = app_fix_command(store, ctx.platform.distro, ctx.tree);
    step.shell = {command ? *command : "upgrade the package that ships " + store.location.path};
    step.why = "a package ships " + store.location.path + " and replaces it when it is upgraded";
    if (store.location.origin == stores::StoreOrigin::Python)
      step.why += " (or give --edit-package-files to append the roots until then)";
    plan.steps.push_back(std::move(step));
    return plan;
  }
};

}  // namespace

std::unique_ptr<StoreWriter> package_writer() { return std::make_unique<PackageWriter>(); }

}  // namespace trustready::install
