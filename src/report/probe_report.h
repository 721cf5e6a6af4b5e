// `probe`'s renderers: one result per target as it finishes (a text block or a JSON
// line, design.md's contract), and the summary table at the end.
#pragma once

#include <string>

#include "report/style.h"
#include "results/probe_result.h"

namespace trustready::report {

/// One line, newline-terminated: design.md's probe object.
std::string probe_json_line(const results::ProbeResult& result);
/// The verdict first, then the target and what was seen; below it each store that does not
/// trust it, the chain's shape and the impact, when something is wrong.
std::string probe_text(const results::ProbeResult& result, const Style& style);
/// Totals and a table per store: trusted, untrusted, errors.
std::string probe_summary_text(const results::ProbeSummary& summary, const Style& style);

}  // namespace trustready::report
