#include "cli/fix_support.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/options.h"
#include "fs/root_fs.h"
#include "fs/tree_writer.h"
#include "install/apply.h"
#include "install/saved_plan.h"
#include "install/state_dir.h"
#include "report/plan_report.h"

namespace trustready::cli {
namespace {

/// Test hook: TRUSTREADY_TEST_KILL_AT=N kills this process with SIGKILL right after its
/// Nth journal write, as a crash or `kill -9` would (tests/cli/fix_faults_test.cpp).
std::function<void(int)> kill_hook() {
  const char* at = std::getenv("TRUSTREADY_TEST_KILL_AT");
  if (!at || !*at) return {};
  const int n = std::atoi(at);
  return [n](int writes) {
    if (writes == n) ::raise(SIGKILL);
  };
}

bool needs_root(const install::Plan& plan) {
  for (const auto& p : plan.stores)
    if (p.needs_root && p.blocked.empty() && !p.by_hand()) return true;
  return false;
}

struct Opened {
  fs::TreeWriter tree;
  install::StateDir state;
};

Result<Opened> open_for_writing(const std::string& root, const std::string& state_dir) {
  auto tree = fs::TreeWriter::open(root);
  if (!tree) return make_error(tree.error());
  auto state = install::StateDir::open(state_dir);
  if (!state) return make_error(state.error());
  return Opened{std::move(tree).value(), std::move(state).value()};
}

/// A journal a killed run left is reverted before anything else is planned or written.
Status revert_unfinished(const install::ApplyContext& ctx) {
  auto left = install::unfinished_journal(ctx.state);
  if (!left) return make_error(left.error());
  if (!*left) return ok_status();
  std::fprintf(stderr, "trustready: journal %s was left by a run that did not finish (pid %ld); reverting it\n",
               (*left)->id.c_str(), (*left)->pid);
  auto undone = install::roll_back(**left, ctx);
  if (!undone) return make_error(undone.error());
  for (const auto& line : *undone) std::fprintf(stderr, "  %s\n", line.c_str());
  return ok_status();
}

int say_result(const std::vector<results::StoreResult>& again, const install::ApplyOutcome& outcome,
               const install::Plan& plan, bool json) {
  int status = outcome.by_hand.empty() ? kExitOk : kExitFindings;
  if (json) std::cout << report::applied_json({&plan, outcome.done, outcome.by_hand, outcome.journal_id, &again});
  else std::cout << "\nchecked again:\n";
  for (const auto& r : again) {
    if (!json) std::cout << "  " << judge::to_string(r.judgement.verdict) << "  " << r.store.location.path << "\n";
    if (r.judgement.verdict != judge::Verdict::Ready) {
      std::fprintf(stderr, "trustready: fix --apply: %s is still %s: %s\n", r.store.location.path.c_str(),
                   judge::to_string(r.judgement.verdict), r.judgement.reason.c_str());
      status = kExitFindings;
    }
  }
  if (json) return status;
  for (const auto& line : outcome.by_hand) std::cout << "left to do by hand: " << line << "\n";
  if (!outcome.journal_id.empty())
    std::cout << "journal " << outcome.journal_id << "; undo with: trustready rollback " << outcome.journal_id << "\n";
  return status;
}

}  // namespace

std::string state_dir_for(const fs::FileTree& root, const std::string& given) {
  if (!given.empty()) return given;
  if (root.is_host()) return "/var/lib/trustready";
  auto resolved = root.resolve("/var/lib/trustready");
  return resolved ? resolved->host_path : root.host_path("/var/lib/trustready");
}

void warn_unfinished(const std::string& state_dir) {
  if (!fs::RootFs::open(state_dir)) return;  // no state folder yet: nothing was ever applied
  auto state = install::StateDir::open(state_dir);
  if (!state) return;
  if (auto left = install::unfinished_journal(*state); left && *left)
    std::fprintf(stderr,
                 "trustready: journal %s was left by a run that did not finish; fix --apply or rollback reverts it\n",
                 (*left)->id.c_str());
}

int apply_fix(run::FixPlan planned, const ApplyInputs& in) {
  if (needs_root(planned.plan) && ::geteuid() != 0)
    return fail_usage("fix --apply: the plan changes files that belong to root; run it as root (sudo trustready fix "
                      "--apply): trustready never calls sudo itself");
  auto opened = open_for_writing(in.root.root(), in.state_dir);
  if (!opened) return fail_usage("fix --apply: " + opened.error());
  auto lock = opened->state.lock();
  if (!lock) return fail_usage("fix --apply: " + lock.error());
  install::ApplyContext ctx{opened->tree, opened->state, system_process_runner(), in.keystore_password,
                            [&](const std::string& done) { std::cout << "  " << done << std::endl; }, kill_hook()};
  if (in.json) ctx.progress = {};
  if (auto reverted = revert_unfinished(ctx); !reverted) return fail_usage("fix --apply: " + reverted.error());
  planned = run::plan_fix(in.root, in.migration, in.discovery, in.options, in.request);  // after any revert
  if (!in.saved_plan.empty()) {
    std::ifstream file(in.saved_plan, std::ios::binary);
    if (!file) return fail_usage("fix --apply --plan " + in.saved_plan + ": cannot read it");
    const std::string saved((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (auto same = install::same_plan(saved, in.saved_plan, planned.plan, report::plan_json(planned.plan)); !same)
      return fail_usage("fix --apply: " + same.error());
  }
  if (planned.plan.empty()) {
    std::cout << (in.json ? report::plan_json(planned.plan) : report::plan_text(planned.plan, {in.style, true}));
    return kExitOk;
  }
  if (!in.json) std::cout << report::plan_text(planned.plan, {in.style, true});
  auto outcome = install::apply_plan(planned.plan, ctx);
  if (!outcome) return fail_usage("fix --apply: " + outcome.error());
  const auto again = run::check_again(in.root, in.migration, in.discovery, in.options, outcome->store_ids);
  return say_result(again, *outcome, planned.plan, in.json);
}

int rollback_journal(const fs::FileTree& root, const std::string& state_dir, const std::string& id) {
  // No state folder: nothing was applied here, and a rollback writes nothing to say so.
  if (!fs::RootFs::open(state_dir)) return fail_usage("rollback: nothing to roll back in " + state_dir);
  auto opened = open_for_writing(root.root(), state_dir);
  if (!opened) return fail_usage("rollback: " + opened.error());
  auto lock = opened->state.lock();
  if (!lock) return fail_usage("rollback: " + lock.error());
  install::Journal journal;
  if (id.empty()) {
    auto all = opened->state.journals();
    if (!all) return fail_usage("rollback: " + all.error());
    const install::Journal* newest = nullptr;
    for (const auto& j : *all)
      if (j.state != install::JournalState::RolledBack) newest = &j;
    if (!newest) return fail_usage("rollback: nothing to roll back in " + state_dir);
    journal = *newest;
  } else {
    auto j = opened->state.journal(id);
    if (!j) return fail_usage("rollback: " + j.error());
    journal = *j;
  }
  if (journal.root != root.root())
    return fail_usage("rollback: journal " + journal.id + " is for " + journal.root + "; give --root " + journal.root);
  if (journal.state == install::JournalState::RolledBack) {
    std::cout << "journal " << journal.id << " is already rolled back: nothing to do\n";
    return kExitOk;
  }
  install::ApplyContext ctx{opened->tree, opened->state, system_process_runner(), "",
                            {}, kill_hook()};
  auto done = install::roll_back(journal, ctx);
  if (!done) return fail_usage("rollback: " + done.error());
  for (const auto& line : *done) std::cout << "  " << line << "\n";
  std::cout << "rolled back " << journal.id << "\n";
  return kExitOk;
}

int list_journals(const std::string& state_dir) {
  auto tree = fs::RootFs::open(state_dir);
  if (!tree) {
    std::cout << "no journals (" << state_dir << " does not exist)\n";
    return kExitOk;
  }
  auto state = install::StateDir::open(state_dir);
  if (!state) return fail_usage("rollback --list: " + state.error());
  auto all = state->journals();
  if (!all) return fail_usage("rollback --list: " + all.error());
  for (const auto& j : *all) {
    std::string stores;
    for (const auto& s : j.stores) {
      if (!stores.empty()) stores += ", ";
      stores += s;
    }
    std::cout << j.id << "  " << install::to_string(j.state) << "  " << j.created << "  " << j.root << "  " << stores
              << "\n";
  }
  if (all->empty()) std::cout << "no journals in " << state_dir << "\n";
  return kExitOk;
}

}  // namespace trustready::cli
