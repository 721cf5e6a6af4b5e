// Debian and Ubuntu: NAME.crt (PEM, one certificate a file) into
// /usr/local/share/ca-certificates, then update-ca-certificates, which appends each file
// to /etc/ssl/certs/ca-certificates.crt, links it into /etc/ssl/certs for `openssl rehash`
// and runs its hooks (ca-certificates-java rebuilds /etc/ssl/certs/java/cacerts).
#include "install/anchor_folder.h"
#include "install/distro_writers.h"

namespace trustready::install {
namespace {

class DebianWriter final : public StoreWriter {
 public:
  const char* name() const override { return "debian"; }
  bool fixes(const stores::Store& store, const PlanContext& ctx) const override {
    return ctx.platform.kind == PlatformKind::Debian && compiled_by_distribution(store);
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext& ctx) const override {
    static const AnchorFolderLayout layout{
        "/usr/local/share/ca-certificates",
        ".crt",  // update-ca-certificates reads only *.crt there
        {{"update-ca-certificates"}},
        {"/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/certs/java/cacerts"},
        {"/etc/ssl/certs"},
        {"/etc/ssl", "/etc/ca-certificates", "/etc/ca-certificates.conf", "/usr/share/ca-certificates",
         "/usr/local/share/ca-certificates"},
        "/etc/ssl/certs/ca-certificates.crt",
        "update-ca-certificates compiles every *.crt in /usr/local/share/ca-certificates into "
        "/etc/ssl/certs/ca-certificates.crt and /etc/ssl/certs",
        // It runs hooks only from a folder that exists (`[ -d "$HOOKSDIR" ]`): /dev/null/ is none.
        {"--hooksdir", "/dev/null/no-hooks"},
        {"/usr/share/ca-certificates", "/usr/local/share/ca-certificates"},
        "/etc/ssl/certs"};
    return plan_anchor_folder(layout, store, add, ctx, name());
  }
};

}  // namespace

std::unique_ptr<StoreWriter> debian_writer() { return std::make_unique<DebianWriter>(); }

}  // namespace trustready::install
