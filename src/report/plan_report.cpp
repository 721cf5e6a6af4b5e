#include "report/plan_report.h"

#include <nlohmann/json.hpp>

#include "report/escape.h"

namespace trustready::report {
namespace {

using nlohmann::json;

std::string joined(const std::vector<std::string>& parts, const char* sep = ", ") {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += shown(p);
  }
  return out;
}

std::string step_line(const install::Step& s) {
  using install::StepKind;
  std::string certs;
  for (const auto& c : s.certs) {
    if (!certs.empty()) certs += ", ";
    certs += c.name + " (sha256 " + c.sha256.hex().substr(0, 16) + "...)";
  }
  switch (s.kind) {
    case StepKind::WriteFile: return "write " + shown(s.path) + ": " + certs;
    case StepKind::AppendToBundle: return "append to " + shown(s.path) + ", on a new line: " + certs;
    case StepKind::ImportKeystore: return "add to the " + s.keystore_type + " keystore " + shown(s.path) + " (keytool): " + certs;
    case StepKind::AddToNssDb: return "add to the NSS database " + shown(s.path) + " (certutil -t C,,): " + certs;
    case StepKind::RunCommand: {
      std::string argv;
      for (const auto& a : s.command.argv) {
        if (!argv.empty()) argv += ' ';
        argv += shown(a);
      }
      const auto& c = s.command.confinement;
      if (!c.chroot_dir.empty()) return "run " + argv + " chrooted into " + shown(c.chroot_dir);
      if (!c.binds.empty()) return "run this host's " + argv + " in a private mount namespace over the root's folders";
      return "run " + argv;
    }
    case StepKind::ByHand: return "by hand: " + (s.shell.empty() ? std::string() : shown(s.shell.front()));
  }
  return "";
}

void store_text(std::string& out, const install::StorePlan& p, const Style& st, bool applying) {
  out += st.bold(joined(p.store_ids)) + "  (" + p.writer + ")\n";
  if (!p.blocked.empty()) {
    out += "  nothing to apply: " + shown(p.blocked) + "\n";
    return;
  }
  int n = 0;
  const std::string* last_why = nullptr;
  for (const auto& s : p.steps) {
    out += "  " + std::to_string(++n) + ". " + step_line(s) + "\n";
    if (!s.why.empty() && !(last_why && *last_why == s.why)) out += "     " + st.dim("why: " + shown(s.why)) + "\n";
    last_why = &s.why;
    if (!s.changes.empty() && s.kind != install::StepKind::WriteFile)
      out += "     changes: " + joined(s.changes) + "\n";
    if (!s.folders.empty()) out += "     and the links in: " + joined(s.folders) + "\n";
  }
  for (const auto& note : p.notes) out += "  note: " + shown(note) + "\n";
  if (p.needs_root) out += "  needs root\n";
  if (!p.by_hand() && !applying) {
    out += "  the same by hand:\n";
    for (const auto& s : p.steps)
      for (const auto& line : s.shell) out += "    " + shown(line) + "\n";
  }
}

json step_json(const install::Step& s) {
  json certs = json::array();
  for (const auto& c : s.certs)
    certs.push_back({{"anchor", c.anchor_id}, {"name", c.name}, {"sha256", c.sha256.hex()}});
  json binds = json::array();
  for (const auto& b : s.command.confinement.binds) binds.push_back({{"source", b.source}, {"target", b.target}});
  json step = {{"kind", install::to_string(s.kind)}, {"path", s.path}, {"certificates", certs},
               {"changes", s.changes}, {"folders", s.folders}, {"why", s.why}, {"shell", s.shell}};
  if (!s.command.argv.empty())
    step["command"] = {{"argv", s.command.argv}, {"chroot", s.command.confinement.chroot_dir}, {"binds", binds}};
  if (!s.keystore_type.empty()) step["keystore_type"] = s.keystore_type;
  if (!s.undo.empty()) {
    json undo = json::array();
    for (const auto& u : s.undo) undo.push_back({{"argv", u.argv}});
    step["undo"] = undo;
  }
  return step;
}

}  // namespace

std::string plan_text(const install::Plan& plan, const PlanTextOptions& o) {
  std::string out;
  std::size_t applicable = 0;
  for (const auto& p : plan.stores) applicable += p.blocked.empty() && !p.by_hand() ? 1 : 0;
  out += o.style.bold("trustready fix") + ": " + (plan.root == "/" ? std::string("this host") : shown(plan.root)) +
         " (" + plan.platform + "), migration " + plan.migration + "\n";
  if (plan.stores.empty()) return out + "nothing to change: every store is ready\n";
  out += o.applying ? "applying:\n\n" : "plan (nothing changed; carry it out with --apply):\n\n";
  for (const auto& p : plan.stores) {
    store_text(out, p, o.style, o.applying);
    out += "\n";
  }
  if (applicable == 0) out += "nothing here can be applied by trustready; see each store above\n";
  return out;
}

std::string applied_json(const AppliedFix& a) {
  json checked = json::array();
  for (const auto& r : *a.again)
    checked.push_back({{"id", r.store.location.id}, {"path", r.store.location.path},
                       {"verdict", judge::to_string(r.judgement.verdict)}, {"reason", r.judgement.reason}});
  json out = json::parse(plan_json(*a.plan));
  out["applied"] = {{"done", a.done}, {"by_hand", a.by_hand}, {"journal", a.journal_id}, {"checked", checked}};
  return dump_json(out);
}

std::string plan_json(const install::Plan& plan) {
  json stores = json::array();
  for (const auto& p : plan.stores) {
    json steps = json::array();
    for (const auto& s : p.steps) steps.push_back(step_json(s));
    stores.push_back({{"stores", p.store_ids}, {"paths", p.store_paths}, {"writer", p.writer},
                      {"needs_root", p.needs_root}, {"blocked", p.blocked}, {"by_hand", p.by_hand()},
                      {"notes", p.notes}, {"steps", steps}});
  }
  json files = json::array();
  for (const auto& f : plan.files)
    files.push_back({{"path", f.path}, {"exists", f.exists}, {"sha256", f.exists ? f.sha256.hex() : ""}});
  return dump_json({{"migration", plan.migration}, {"root", plan.root}, {"platform", plan.platform},
                    {"stores", stores}, {"files", files}});
}

}  // namespace trustready::report
