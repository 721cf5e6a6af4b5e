// What the walker tests compare: the files a walk handed over, and what `find` lists.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fs/file_tree.h"
#include "scan/walker.h"
#include "support/fixtures.h"

namespace trustready::testing {

struct Walked {
  std::multiset<std::string> files;
  std::map<std::string, scan::WalkedFile> seen;  ///< bytes dropped (valid only in the callback)
  std::map<std::string, std::string> contents;  ///< the first 64 bytes of each file
  std::vector<scan::WalkError> errors;
  std::uint64_t progress_files = 0, progress_errors = 0;

  std::set<std::string> file_set() const { return {files.begin(), files.end()}; }
  std::string errors_text() const {
    std::string out;
    for (const auto& e : errors) out += e.path + ": " + e.what + "\n";
    return out;
  }
};

inline Walked walk_all(const fs::FileTree& tree, const std::vector<std::string>& starts,
                       const scan::WalkOptions& options = {}) {
  Walked out;
  std::mutex m;
  scan::WalkProgress progress;
  scan::walk(
      tree, starts, options,
      [&](const scan::WalkedFile& f) {
        std::lock_guard lock(m);
        out.files.emplace(f.path);
        scan::WalkedFile kept = f;
        kept.bytes = {};
        out.seen[std::string(f.path)] = kept;
        out.contents[std::string(f.path)] = std::string(f.bytes.substr(0, 64));
      },
      [&](const scan::WalkError& e) {
        std::lock_guard lock(m);
        out.errors.push_back(e);
      },
      &progress);
  out.progress_files = progress.files;
  out.progress_errors = progress.errors;
  return out;
}

/// The lines of a command's stdout, `strip` removed from the start of each (find's "./").
inline std::set<std::string> lines_of(const std::string& text, const std::string& strip = "") {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    if (!strip.empty() && line.rfind(strip, 0) == 0) line = line.substr(strip.size() - 1);
    out.insert(line);
  }
  return out;
}

/// `find ARGS` run in `dir`, its paths made paths inside a tree rooted at `dir` ("./a" -> "/a").
inline std::set<std::string> find_in(const std::string& dir, const std::string& args) {
  const auto r = run("cd " + quote(dir) + " && find " + args);
  return lines_of(r.out, "./");
}

}  // namespace trustready::testing
