// The module boundaries of docs/architecture.md, checked against the code: every
// `#include "module/..."` in src/ must be one the table there allows, the table must have
// no cycle, and the rules below it hold (renderers include only type headers of the
// modules below them, OpenSSL only in cert/, the judge never prints).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace trustready {
namespace {

namespace stdfs = std::filesystem;

const stdfs::path kSource = TRUSTREADY_SOURCE_DIR;

std::string read(const stdfs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// module -> the modules it may include, from the "## Modules" table.
std::map<std::string, std::set<std::string>> allowed_includes() {
  std::map<std::string, std::set<std::string>> out;
  const std::string doc = read(kSource / "docs/architecture.md");
  const std::size_t start = doc.find("## Modules");
  const std::size_t end = doc.find("\n## ", start + 1);
  std::istringstream table(doc.substr(start, end - start));
  const std::regex row(R"(^\| `([a-z_]+)` \|.*\| ([^|]*) \|\s*$)");
  const std::regex name("`([a-z_]+)`");
  for (std::string line; std::getline(table, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, row)) continue;
    auto& deps = out[m[1]];
    const std::string cell = m[2];
    for (auto it = std::sregex_iterator(cell.begin(), cell.end(), name); it != std::sregex_iterator(); ++it)
      deps.insert((*it)[1]);
  }
  return out;
}

struct Include {
  std::string file;    ///< src/MODULE/FILE, relative to the source tree
  std::string module;  ///< the file's own module
  std::string target;  ///< what it includes: "stores/store.h" or "<openssl/x509.h>"
};

std::vector<Include> includes_in_src() {
  std::vector<Include> out;
  const std::regex include(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])");
  for (const auto& entry : stdfs::recursive_directory_iterator(kSource / "src")) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".h") continue;
    const auto rel = stdfs::relative(entry.path(), kSource / "src");
    const std::string module = rel.begin()->string();
    std::istringstream text(read(entry.path()));
    for (std::string line; std::getline(text, line);) {
      std::smatch m;
      if (!std::regex_search(line, m, include)) continue;
      std::string target = m[2].str();
      if (m[1] == "<") target = '<' + target + '>';
      out.push_back({"src/" + rel.string(), module, std::move(target)});
    }
  }
  return out;
}

std::string module_of(const std::string& target) {
  const std::size_t slash = target.find('/');
  return slash == std::string::npos || target.starts_with('<') ? std::string() : target.substr(0, slash);
}

TEST(Layering, EveryModuleOfSrcIsInTheArchitectureTable) {
  const auto allowed = allowed_includes();
  ASSERT_GE(allowed.size(), 10u) << "docs/architecture.md's module table did not parse";
  for (const auto& entry : stdfs::directory_iterator(kSource / "src")) {
    if (!entry.is_directory()) continue;
    EXPECT_TRUE(allowed.count(entry.path().filename().string())) << entry.path().filename() << " is not in the table";
  }
}

TEST(Layering, EveryIncludeOfAnotherModuleIsOneTheTableAllows) {
  const auto allowed = allowed_includes();
  std::size_t checked = 0;
  for (const auto& inc : includes_in_src()) {
    const std::string target = module_of(inc.target);
    if (target.empty() || target == inc.module || !allowed.count(target)) continue;
    ++checked;
    EXPECT_TRUE(allowed.count(inc.module) && allowed.at(inc.module).count(target))
        << inc.file << " includes " << inc.target << ": docs/architecture.md does not let " << inc.module
        << " include " << target;
  }
  EXPECT_GT(checked, 50u) << "too few includes found: is the source tree where the test looks?";
}

TEST(Layering, TheTableHasNoCycle) {
  const auto allowed = allowed_includes();
  std::map<std::string, int> state;  // 0 new, 1 on the path, 2 done
  std::function<bool(const std::string&)> acyclic = [&](const std::string& m) {
    if (state[m] == 1) return false;
    if (state[m] == 2) return true;
    state[m] = 1;
    if (allowed.count(m))
      for (const auto& d : allowed.at(m))
        if (!acyclic(d)) return false;
    state[m] = 2;
    return true;
  };
  for (const auto& [m, deps] : allowed) EXPECT_TRUE(acyclic(m)) << "a cycle through " << m;
}

TEST(Layering, RenderersIncludeOnlyTypeHeadersOfTheModulesBelow) {
  const std::set<std::string> types = {"install/plan.h",        "judge/verdict.h", "paths/engines.h", "paths/path_builder.h",
                                       "paths/profile_checks.h", "scan/scan_findings.h", "software/sdk.h",
                                       "stores/distro.h",        "stores/problem.h",     "stores/store.h"};
  const std::set<std::string> type_modules = {"install", "judge", "paths", "scan", "software", "stores"};
  for (const auto& inc : includes_in_src()) {
    if (inc.module != "report" || !type_modules.count(module_of(inc.target))) continue;
    EXPECT_TRUE(types.count(inc.target)) << inc.file << " includes " << inc.target
                                         << ": a renderer renders results, it does not discover, read or judge";
  }
}

TEST(Layering, LibraryHeadersStayInTheirModule) {
  const std::vector<std::pair<std::string, std::string>> only_in = {
      {"<openssl/", "cert"}, {"<gnutls/", "paths"}, {"<CLI/", "cli"}, {"<archive", "image"}, {"<pugixml", "scan"}};
  for (const auto& inc : includes_in_src()) {
    for (const auto& [prefix, module] : only_in) {
      if (!inc.target.starts_with(prefix)) continue;
      EXPECT_EQ(inc.module, module) << inc.file << " includes " << inc.target;
    }
  }
}

TEST(Layering, TheJudgeNeverPrints) {
  for (const auto& inc : includes_in_src()) {
    if (inc.module != "judge") continue;
    EXPECT_TRUE(inc.target != "<iostream>" && inc.target != "<cstdio>" && module_of(inc.target) != "report")
        << inc.file << " includes " << inc.target;
  }
}

}  // namespace
}  // namespace trustready
