// Java keystores (JKS, PKCS#12) fixed in place: a JDK's own lib/security/cacerts that no
// system tool links, a keystore an application names. keytool adds the trusted-cert
// entries (`-importcert -noprompt`, with the store's own type and password), working on a
// copy beside the keystore that is renamed over it, so a kill leaves the old one whole.
// Keystores a distribution regenerates (Debian's /etc/ssl/certs/java/cacerts, RHEL's
// extracted/java/cacerts) are never edited: their distribution's writer fixes the source.
#include <algorithm>
#include "install/distro_writers.h"
#include "install/shell.h"

namespace trustready::install {
namespace {

/// keytool's -storetype for the reader's format: JCEKS is its own (keytool reads it as
/// PKCS#12 otherwise and fails on the first import).
std::string keytool_type(const std::string& format) {
  if (format == "JKS" || format == "JCEKS") return format;
  return "PKCS12";
}

/// Keystores the distributions rebuild from their anchors (also when a JDK links to one).
bool regenerated(const stores::Store& store) {
  static const std::vector<std::string> rebuilt = {"/etc/ssl/certs/java/cacerts",
                                                   "/etc/pki/ca-trust/extracted/java/cacerts",
                                                   "/var/lib/ca-certificates/java-cacerts"};
  return store.location.owner.kind == stores::StoreOwner::Kind::UpdateTool ||
         std::find(rebuilt.begin(), rebuilt.end(), store.resolved_path) != rebuilt.end();
}

class JavaKeystoreWriter final : public StoreWriter {
 public:
  const char* name() const override { return "java-keystore"; }
  bool fixes(const stores::Store& store, const PlanContext&) const override {
    return store.location.kind == stores::StoreKind::Keystore && !regenerated(store);
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext& ctx) const override {
    StorePlan plan = store_plan(store, name());
    const std::string path = store.resolved_path.empty() ? store.location.path : store.resolved_path;
    plan.needs_root = ctx.platform.host && !path.starts_with("/home/");
    Step step;
    step.kind = StepKind::ImportKeystore;
    step.path = path;
    step.certs = planned_certs(add);
    step.changes = {path};
    step.keystore_type = keytool_type(store.format);
    step.default_password = store.default_password;
    step.command.argv = {"keytool"};
    step.why = "Java's PKIX trusts every trusted-cert entry of the keystore its clients load";
    const std::string pass = store.default_password ? "-storepass changeit" : "-storepass:env STOREPASS";
    const std::string sudo = plan.needs_root ? "sudo " : "";
    step.shell.push_back("d=$(mktemp -d) && trustready migrations " + ctx.migration.id + " --export-anchors \"$d\"");
    for (const auto& c : step.certs)
      step.shell.push_back(sudo + "keytool -importcert -noprompt -keystore " + shell_quote(person_path(ctx.tree, path)) +
                           " -storetype " + step.keystore_type + " " + pass + " -alias " + c.alias + " -file \"$d/" +
                           c.file_stem + ".crt\"");
    step.shell.push_back("rm -r \"$d\"");
    plan.steps.push_back(std::move(step));
    if (!store.default_password)
      plan.notes.push_back("the keystore's password is not the default: give it with --store-password (or STOREPASS for the shell)");
    return plan;
  }
};

}  // namespace

std::unique_ptr<StoreWriter> java_keystore_writer() { return std::make_unique<JavaKeystoreWriter>(); }

}  // namespace trustready::install
