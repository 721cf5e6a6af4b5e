// SUSE and openSUSE: /etc/pki/trust/anchors, then update-ca-certificates (SUSE's, on
// p11-kit), which writes /var/lib/ca-certificates/ca-bundle.pem, openssl/ and java-cacerts.
#include "install/anchor_folder.h"
#include "install/distro_writers.h"

namespace trustready::install {
namespace {

class SuseWriter final : public StoreWriter {
 public:
  const char* name() const override { return "suse"; }
  bool fixes(const stores::Store& store, const PlanContext& ctx) const override {
    return ctx.platform.kind == PlatformKind::Suse && compiled_by_distribution(store);
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext& ctx) const override {
    static const AnchorFolderLayout layout{
        "/etc/pki/trust/anchors",
        ".pem",
        {{"update-ca-certificates"}},
        {"/var/lib/ca-certificates/ca-bundle.pem", "/var/lib/ca-certificates/java-cacerts"},
        {"/var/lib/ca-certificates/openssl", "/var/lib/ca-certificates/pem"},
        {"/etc/pki/trust", "/var/lib/ca-certificates", "/usr/share/pki/trust"},
        "/var/lib/ca-certificates/ca-bundle.pem",
        "SUSE's update-ca-certificates (p11-kit) compiles /etc/pki/trust/anchors into "
        "/var/lib/ca-certificates/ca-bundle.pem and its other stores",
        {},
        {"/etc/pki/trust", "/usr/share/pki/trust"},
        "/var/lib/ca-certificates/openssl"};
    return plan_anchor_folder(layout, store, add, ctx, name());
  }
};

}  // namespace

std::unique_ptr<StoreWriter> suse_writer() { return std::make_unique<SuseWriter>(); }

}  // namespace trustready::install
