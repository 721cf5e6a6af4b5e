// Windows: each missing anchor into the local machine's Trusted Root Certification
// Authorities with `certutil -addstore -f ROOT FILE` (-f: replace a copy already there).
// Undone with `certutil -delstore ROOT THUMBPRINT`: the SHA-1 of the DER, which names this
// certificate alone; a serial number is unique only per issuer, and -delstore deletes
// every certificate that matches. The store is a PEM export of Cert:\LocalMachine\Root
// (README); the plan runs as the PowerShell script install/platform_script.h writes.
#include "install/distro_writers.h"
#include "install/platform_script.h"

namespace trustready::install {
namespace {

Step root_step(const PlannedCert& c, const std::string& der) {
  const std::string file = platform_cert_file(c);
  Step step;
  step.kind = StepKind::RunCommand;
  step.path = "Cert:\\LocalMachine\\Root";
  step.certs = {c};
  step.command.argv = {"certutil", "-addstore", "-f", "ROOT", file};
  step.undo = {{{"certutil", "-delstore", "ROOT", windows_thumbprint(der)}, {}, {0}, {}}};
  step.shell = {"certutil -addstore -f ROOT " + file};
  step.why = "Windows' TLS (SChannel, CryptoAPI) and the programs that use its store trust the local "
             "machine's Trusted Root Certification Authorities";
  return step;
}

class WindowsWriter final : public StoreWriter {
 public:
  const char* name() const override { return "windows"; }
  bool fixes(const stores::Store& store, const PlanContext& ctx) const override {
    return ctx.platform.kind == PlatformKind::Windows && store.location.kind == stores::StoreKind::Bundle;
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext&) const override {
    return per_certificate_plan(store, name(), add, root_step, {
        "run it in an elevated PowerShell (Run as administrator): the local machine's store needs it",
        "Windows fetches roots of Microsoft's root program when a chain needs them (automatic root update): "
        "a root missing from the export may still be trusted, unless a policy turned the update off, as "
        "offline and locked-down machines often have"});
  }
};

}  // namespace

std::unique_ptr<StoreWriter> windows_writer() { return std::make_unique<WindowsWriter>(); }

}  // namespace trustready::install
