// macOS: each missing anchor into the System keychain as a trusted root, with
// `security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain FILE`
// (security(1): -d the admin trust settings, -r trustRoot the result for a root). Undone
// with `security remove-trusted-cert -d FILE`, then the certificate itself deleted from
// the keychain by its SHA-1 hash (-Z), never by name. The store is a PEM export of the
// keychains (README); the plan runs as the script install/platform_script.h writes.
#include "install/distro_writers.h"
#include "install/platform_script.h"
#include "install/shell.h"

namespace trustready::install {
namespace {

constexpr const char* kKeychain = "/Library/Keychains/System.keychain";

std::string said(const std::vector<std::string>& argv) {
  std::string out = "sudo";
  for (const auto& a : argv) {
    out += ' ';
    out += shell_quote(a);
  }
  return out;
}

Step trust_step(const PlannedCert& c, const std::string& der) {
  const std::string file = platform_cert_file(c);
  Step step;
  step.kind = StepKind::RunCommand;
  step.path = kKeychain;
  step.certs = {c};
  step.command.argv = {"security", "add-trusted-cert", "-d", "-r", "trustRoot", "-k", kKeychain, file};
  step.undo = {{{"security", "remove-trusted-cert", "-d", file}, {}, {0}, {}},
               {{"security", "delete-certificate", "-Z", windows_thumbprint(der), kKeychain}, {}, {0}, {}}};
  step.shell = {said(step.command.argv)};
  step.why = "macOS's TLS (Security.framework) trusts a root of the System keychain that the admin trust "
             "settings mark trustRoot";
  return step;
}

class MacOsWriter final : public StoreWriter {
 public:
  const char* name() const override { return "macos"; }
  bool fixes(const stores::Store& store, const PlanContext& ctx) const override {
    return ctx.platform.kind == PlatformKind::MacOs && store.location.kind == stores::StoreKind::Bundle;
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext&) const override {
    return per_certificate_plan(store, name(), add, trust_step, {
        "macOS 11 and later ask for an administrator's password to change trust settings, also under sudo: "
        "run it in a logged-in session (over ssh security fails: no user interaction was possible); "
        "a fleet is better served by a configuration profile (MDM)",
        "the export lists the keychains' certificates, not their trust settings: a root distrusted there "
        "still counts as present here"});
  }
};

}  // namespace

std::unique_ptr<StoreWriter> macos_writer() { return std::make_unique<MacOsWriter>(); }

}  // namespace trustready::install
