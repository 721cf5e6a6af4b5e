// Pin set × migration: does any pin of an application's set match a key (or a
// certificate) the migration's chains contain, at which position, on every path a client
// may build or only on some; and which pins to add, in the file's own syntax.
#pragma once

#include <string>
#include <vector>

#include "catalog/migration.h"
#include "judge/verdict.h"
#include "scan/scan_findings.h"

namespace trustready::judge {

/// Where a pin met the migration's chains.
struct PinHit {
  std::string pin;          ///< as written
  std::string chain;        ///< the catalog chain's id
  std::string certificate;  ///< "Amazon Root CA 1", "Amazon Root CA 1 cross-signed by Starfield Services Root CA G2"
  /// Counted from the leaf (0): 2 is the certificate above the intermediate, the root
  /// of the direct path or the first cross-certificate.
  std::size_t position = 0;
  /// On every path a client builds for this chain (the key the chain is issued under),
  /// or only on the paths through this cross-certificate or root.
  bool every_path = false;
};

/// A pin to add: the migration's recommended root, as a line of the file's syntax.
struct PinToAdd {
  std::string anchor;  ///< "Amazon Root CA 1"
  std::string line;    ///< `.add("s3.amazonaws.com", "sha256/++MBgDH5...=")`, `<pin digest="SHA-256">...</pin>`, ...
};

struct PinJudgement {
  Verdict verdict = Verdict::Ready;
  std::string reason;  ///< one sentence for people
  std::vector<PinHit> hits;
  std::vector<PinToAdd> add;  ///< empty when ready
  /// The set's domains the migration does not affect, said once ("example.com: not an AWS endpoint").
  bool unaffected = false;
};

PinJudgement judge_pins(const scan::PinSet& set, const catalog::Migration& migration, const JudgeOptions& options);

}  // namespace trustready::judge
