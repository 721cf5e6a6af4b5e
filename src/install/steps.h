// Carrying out one step of a plan (install/apply.cpp journals around it).
#pragma once

#include <string>

#include "install/apply.h"

namespace trustready::install {

/// The certificate's bytes are what the catalog records: its PEM decodes to exactly one
/// certificate whose SHA-256 is the recorded one. Checked just before each write.
Status check_fingerprint(const PlannedCert& c);

/// Writes the journal and tells ctx.journalled how many writes there have been (the
/// fault-injection hook kills the process there, in apply and in rollback alike).
Status write_journal(const Journal& journal, const ApplyContext& ctx, int& writes);

/// Does `step`; returns what was done, for people. `journal_id` names its scratch folder.
Result<std::string> run_step(const Step& step, const std::string& journal_id, const ApplyContext& ctx);

/// Runs an update tool (also on rollback); an error names it, its exit code and its last
/// words. Refused, running nothing, when a folder of `no_symlinks_in` holds a symlink.
Result<std::string> run_update_tool(const std::vector<std::string>& argv, const Confinement& confinement,
                                    const std::vector<std::string>& no_symlinks_in, const ApplyContext& ctx);

}  // namespace trustready::install
