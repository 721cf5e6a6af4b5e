// `scan`'s renderers: text for people (worst first, one line a finding with file:line:col),
// JSON (the whole result), and SARIF 2.1.0 for code-scanning UIs (GitHub accepts it:
// rules with descriptions, help and security-severity; one location and a
// primaryLocationLineHash per result).
#pragma once

#include <string>

#include "report/style.h"
#include "results/scan_result.h"

namespace trustready::report {

struct ScanTextOptions {
  Style style;
  bool verbose = false;  ///< every hit, every path not read
  bool quiet = false;    ///< only the summary line
};

std::string scan_text(const results::ScanResult& result, const ScanTextOptions& options);
std::string scan_json(const results::ScanResult& result);
/// `version`: the tool's, for tool.driver.version.
std::string scan_sarif(const results::ScanResult& result, const std::string& version);

/// The summary line: "scanned 12 files (3.4 MB) in 0.02 s: 2 trust stores (1 broken), ...".
std::string scan_summary(const results::ScanResult& result);

}  // namespace trustready::report
