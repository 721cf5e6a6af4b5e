// The writers in the order they are asked: the stores of one application kind first,
// then the distributions' (which fix every store they compile), then bundles fixed in place.
#include <algorithm>

#include "cert/capath.h"
#include "cert/parse.h"
#include "install/distro_writers.h"

namespace trustready::install {

const char* to_string(StepKind kind) {
  switch (kind) {
    case StepKind::WriteFile: return "write-file";
    case StepKind::AppendToBundle: return "append-to-bundle";
    case StepKind::ImportKeystore: return "import-keystore";
    case StepKind::AddToNssDb: return "add-to-nss-db";
    case StepKind::RunCommand: return "run-command";
    case StepKind::ByHand: return "by-hand";
  }
  return "by-hand";
}

bool StorePlan::by_hand() const {
  return std::any_of(steps.begin(), steps.end(), [](const Step& s) { return s.kind == StepKind::ByHand; });
}

const std::vector<std::unique_ptr<StoreWriter>>& writers() {
  static const auto all = [] {
    std::vector<std::unique_ptr<StoreWriter>> w;
    w.push_back(macos_writer());  // only for --platform macos|windows, before the bundle writer
    w.push_back(windows_writer());
    w.push_back(package_writer());
    w.push_back(nss_writer());
    w.push_back(java_keystore_writer());
    w.push_back(bundle_file_writer());  // before the distributions: a pointer is fixed where it is
    w.push_back(debian_writer());
    w.push_back(rhel_writer());
    w.push_back(alpine_writer());
    w.push_back(suse_writer());
    w.push_back(arch_writer());
    return w;
  }();
  return all;
}

StorePlan store_plan(const stores::Store& store, std::string writer) {
  StorePlan plan;
  plan.writer = std::move(writer);
  plan.store_ids = {store.location.id};
  plan.store_paths = {store.location.path};
  return plan;
}

StorePlan per_certificate_plan(const stores::Store& store, std::string writer,
                               const std::vector<const catalog::Anchor*>& add,
                               Step (*step)(const PlannedCert& cert, const std::string& der),
                               std::vector<std::string> notes) {
  StorePlan plan = store_plan(store, std::move(writer));
  plan.needs_root = true;
  const auto certs = planned_certs(add);
  for (std::size_t i = 0; i < certs.size(); ++i) plan.steps.push_back(step(certs[i], std::string(add[i]->certificate.der())));
  plan.notes = std::move(notes);
  return plan;
}

std::vector<PlannedCert> planned_certs(const std::vector<const catalog::Anchor*>& add) {
  std::vector<PlannedCert> out;
  for (const auto* a : add) {
    PlannedCert c;
    c.anchor_id = a->id;
    c.name = a->name;
    c.file_stem = a->file.substr(0, a->file.rfind('.'));
    c.sha256 = a->certificate.sha256();
    c.pem = cert::to_pem(a->certificate);
    c.subject_hash = cert::subject_hash(a->certificate);
    c.alias = c.file_stem;
    std::transform(c.alias.begin(), c.alias.end(), c.alias.begin(), [](unsigned char ch) { return std::tolower(ch); });
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace trustready::install
