// The detectors: one file's bytes in, what it holds out (scan/scan_findings.h). Pure
// functions of (path, bytes): no file is opened here, so the walker, an image's layer
// stream and the fuzz targets all feed them the same way, from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scan/scan_findings.h"

namespace trustready::scan {

struct DetectOptions {
  /// Keystore passwords tried for the integrity check ("changeit" first).
  std::vector<std::string> passwords = {"changeit"};
};

/// Everything in one file. `path` is inside the tree ("/app/src/main/AndroidManifest.xml").
FileFindings detect(std::string_view path, std::string_view bytes, const DetectOptions& options = {});

/// After the walk: links each manifest's @xml/NAME to the network security config found
/// at res/xml/NAME.xml beside it (PinSet::used_by), and each @raw/NAME trust anchor to its
/// file. A reference to a config that was not found becomes a note.
void link_android(std::vector<FileFindings>& all, std::vector<std::string>& notes);

}  // namespace trustready::scan
