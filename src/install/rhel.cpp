// RHEL, Fedora, CentOS, Amazon Linux: /etc/pki/ca-trust/source/anchors, then
// `update-ca-trust extract` (p11-kit), which rewrites /etc/pki/ca-trust/extracted.
// `force-enable` only on RHEL 6, where the extracted stores start disabled; RHEL 9's
// update-ca-trust does not know the word.
#include "install/anchor_folder.h"
#include "install/distro_writers.h"
#include "install/shell.h"

namespace trustready::install {
namespace {

constexpr const char* kLegacyBundle = "/etc/pki/tls/certs/ca-bundle.crt";

AnchorFolderLayout rhel_layout(const stores::Distro& distro) {
  AnchorFolderLayout layout{
      "/etc/pki/ca-trust/source/anchors",
      ".pem",
      {{"update-ca-trust", "extract"}},
      {"/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
       "/etc/pki/ca-trust/extracted/openssl/ca-bundle.trust.crt", "/etc/pki/ca-trust/extracted/java/cacerts",
       "/etc/pki/ca-trust/extracted/pem/email-ca-bundle.pem", "/etc/pki/ca-trust/extracted/pem/objsign-ca-bundle.pem"},
      {"/etc/pki/ca-trust/extracted"},
      {"/etc/pki", "/usr/share/pki"},
      "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
      "update-ca-trust compiles /etc/pki/ca-trust/source/anchors into /etc/pki/ca-trust/extracted, "
      "which the system's bundles link to",
      {},
      {},
      ""};
  layout.read_trees = {"/etc/pki/ca-trust/source", "/usr/share/pki/ca-trust-source"};
  const bool rhel6 = (distro.id == "rhel" || distro.id == "centos" || distro.id == "ol") &&
                     (distro.version_id == "6" || distro.version_id.starts_with("6."));
  if (rhel6) layout.commands.insert(layout.commands.begin(), {"update-ca-trust", "force-enable"});
  return layout;
}

/// /etc/pki/tls/certs/ca-bundle.crt is normally a link into extracted/; a regular file
/// there (an old release, or someone's copy) is not rewritten by update-ca-trust.
bool legacy_regular_bundle(const stores::Store& store, const PlanContext& ctx) {
  return store.location.path == kLegacyBundle && ctx.tree.read_link(kLegacyBundle).ok() == false &&
         ctx.tree.type(kLegacyBundle) == fs::FileType::File;
}

StorePlan plan_legacy_bundle(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                             const PlanContext& ctx) {
  StorePlan plan = store_plan(store, "rhel");
  plan.needs_root = ctx.platform.host;
  Step step;
  step.kind = StepKind::AppendToBundle;
  step.path = kLegacyBundle;
  step.certs = planned_certs(add);
  step.changes = {kLegacyBundle};
  step.why = std::string(kLegacyBundle) + " is a regular file, not the link into /etc/pki/ca-trust/extracted that " +
             "update-ca-trust rewrites: it is fixed as a bundle";
  step.shell = {append_shell(ctx, kLegacyBundle, step.certs)};
  plan.steps.push_back(std::move(step));
  return plan;
}

class RhelWriter final : public StoreWriter {
 public:
  const char* name() const override { return "rhel"; }
  bool fixes(const stores::Store& store, const PlanContext& ctx) const override {
    return ctx.platform.kind == PlatformKind::Rhel && compiled_by_distribution(store);
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext& ctx) const override {
    if (legacy_regular_bundle(store, ctx)) return plan_legacy_bundle(store, add, ctx);
    return plan_anchor_folder(rhel_layout(ctx.platform.distro), store, add, ctx, name());
  }
};

}  // namespace

std::unique_ptr<StoreWriter> rhel_writer() { return std::make_unique<RhelWriter>(); }

}  // namespace trustready::install
