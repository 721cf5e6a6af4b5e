// Alpine: /usr/local/share/ca-certificates, then its own update-ca-certificates (a C
// program, update-ca.c), which copies every file there into /etc/ssl/certs/ca-certificates.crt.
#include "install/anchor_folder.h"
#include "install/distro_writers.h"

namespace trustready::install {
namespace {

class AlpineWriter final : public StoreWriter {
 public:
  const char* name() const override { return "alpine"; }
  bool fixes(const stores::Store& store, const PlanContext& ctx) const override {
    return ctx.platform.kind == PlatformKind::Alpine && compiled_by_distribution(store);
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext& ctx) const override {
    static const AnchorFolderLayout layout{
        "/usr/local/share/ca-certificates",
        ".crt",
        {{"update-ca-certificates"}},
        {"/etc/ssl/certs/ca-certificates.crt"},
        {"/etc/ssl/certs"},
        {},  // Alpine's tool is built for musl: this host's is never a stand-in
        "/etc/ssl/certs/ca-certificates.crt",
        "Alpine's update-ca-certificates copies every file in /usr/local/share/ca-certificates into "
        "/etc/ssl/certs/ca-certificates.crt",
        {},
        {},
        "/etc/ssl/certs"};
    return plan_anchor_folder(layout, store, add, ctx, name());
  }
};

}  // namespace

std::unique_ptr<StoreWriter> alpine_writer() { return std::make_unique<AlpineWriter>(); }

}  // namespace trustready::install
