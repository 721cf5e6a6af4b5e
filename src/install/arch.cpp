// Arch (and other p11-kit layouts): /etc/ca-certificates/trust-source/anchors, then
// `trust extract-compat`, which rewrites /etc/ca-certificates/extracted and the
// /etc/ssl/certs files linked to it.
#include "install/anchor_folder.h"
#include "install/distro_writers.h"

namespace trustready::install {
namespace {

class ArchWriter final : public StoreWriter {
 public:
  const char* name() const override { return "arch"; }
  bool fixes(const stores::Store& store, const PlanContext& ctx) const override {
    return ctx.platform.kind == PlatformKind::Arch && compiled_by_distribution(store);
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext& ctx) const override {
    static const AnchorFolderLayout layout{
        "/etc/ca-certificates/trust-source/anchors",
        ".crt",
        {{"trust", "extract-compat"}},
        {"/etc/ca-certificates/extracted/tls-ca-bundle.pem", "/etc/ssl/certs/ca-certificates.crt",
         "/etc/ssl/certs/java/cacerts"},
        {"/etc/ssl/certs", "/etc/ca-certificates/extracted"},
        {"/etc/ca-certificates", "/etc/ssl", "/usr/share/ca-certificates"},
        "/etc/ca-certificates/extracted/tls-ca-bundle.pem",
        "p11-kit's trust extract-compat compiles /etc/ca-certificates/trust-source/anchors into "
        "/etc/ca-certificates/extracted and /etc/ssl/certs",
        {},
        {"/etc/ca-certificates/trust-source", "/usr/share/ca-certificates/trust-source"},
        ""};
    return plan_anchor_folder(layout, store, add, ctx, name());
  }
};

}  // namespace

std::unique_ptr<StoreWriter> arch_writer() { return std::make_unique<ArchWriter>(); }

}  // namespace trustready::install
