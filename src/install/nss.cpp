// NSS databases (Firefox and Chrome profiles, /etc/pki/nssdb): `certutil -A -t "C,,"`
// for each root, trusted as a CA for TLS servers. SQLite databases change in a
// transaction; the files are backed up before and restored byte for byte on rollback.
#include "install/distro_writers.h"
#include "install/shell.h"

namespace trustready::install {
namespace {

class NssWriter final : public StoreWriter {
 public:
  const char* name() const override { return "nss"; }
  bool fixes(const stores::Store& store, const PlanContext&) const override {
    return store.location.kind == stores::StoreKind::NssDb;
  }
  StorePlan plan(const stores::Store& store, const std::vector<const catalog::Anchor*>& add,
                 const PlanContext& ctx) const override {
    StorePlan plan = store_plan(store, name());
    const std::string dir = store.resolved_path.empty() ? store.location.path : store.resolved_path;
    plan.needs_root = ctx.platform.host && !dir.starts_with("/home/") && !dir.starts_with("/root/");
    Step step;
    step.kind = StepKind::AddToNssDb;
    step.path = dir;
    step.certs = planned_certs(add);
    // Also when absent: certutil -A on sql: creates them (a folder with only the legacy
    // cert8.db is upgraded, a missing pkcs11.txt is written), and rollback removes them.
    for (const char* f : {"cert9.db", "key4.db", "pkcs11.txt"}) step.changes.push_back(dir + "/" + f);
    step.command.argv = {"certutil"};
    step.why = "NSS trusts a certificate flagged C (a CA for TLS servers) in the database its clients open";
    const std::string sudo = plan.needs_root ? "sudo " : "";
    step.shell.push_back("d=$(mktemp -d) && trustready migrations " + ctx.migration.id + " --export-anchors \"$d\"");
    for (const auto& c : step.certs)
      step.shell.push_back(sudo + "certutil -A -d sql:" + shell_quote(person_path(ctx.tree, dir)) + " -n " +
                           shell_quote(c.name) + " -t C,, -i \"$d/" + c.file_stem + ".crt\"");
    step.shell.push_back("rm -r \"$d\"");
    plan.steps.push_back(std::move(step));
    return plan;
  }
};

}  // namespace

std::unique_ptr<StoreWriter> nss_writer() { return std::make_unique<NssWriter>(); }

}  // namespace trustready::install
