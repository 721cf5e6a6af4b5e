// NSS databases through certutil (libnss3-tools), on a private copy: certutil may
// upgrade or touch the files it opens, and a database under --root is not ours to touch.
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "cert/parse.h"
#include "stores/kind_readers.h"
#include "util/subprocess.h"

namespace trustready::stores {
namespace {

struct NssEntry {
  std::string nickname;
  std::string ssl_flags;  ///< the first of certutil's three trust fields ("CT", "p", "")
};

/// `certutil -L` prints a two-line header, then "NICKNAME<spaces>SSL,S/MIME,JAR".
std::vector<NssEntry> parse_listing(const std::string& text) {
  std::vector<NssEntry> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    const std::size_t split = line.find_last_of(' ');
    if (split == std::string::npos) continue;
    const std::string flags = line.substr(split + 1);
    if (std::count(flags.begin(), flags.end(), ',') != 2 || flags == "SSL,S/MIME,JAR/XPI") continue;
    std::string nickname = line.substr(0, split);
    while (!nickname.empty() && nickname.back() == ' ') nickname.pop_back();
    if (nickname.empty()) continue;
    out.push_back({nickname, flags.substr(0, flags.find(','))});
  }
  return out;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "trustready-nss-XXXXXX").string();
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

void read_nss_db(const fs::RootFs& root, const ReadOptions& options, Store& store) {
  const std::string& dir = store.location.path;
  auto db = root.read_file(dir + "/cert9.db");
  if (!db) {
    store.error = root.entry_exists(dir + "/cert8.db")
                      ? dir + ": only the legacy cert8.db (Berkeley DB) format, which this NSS no longer reads"
                      : db.error();
    return;
  }
  TempDir copy;
  if (copy.path().empty()) {
    store.error = dir + ": cannot create a temporary folder to copy the database into";
    return;
  }
  {
    std::ofstream out(copy.path() + "/cert9.db", std::ios::binary);
    out.write(db->data(), static_cast<std::streamsize>(db->size()));
    if (!out) {
      store.error = dir + ": cannot copy cert9.db to " + copy.path();
      return;
    }
  }
  const std::string where = "sql:" + copy.path();
  const ProcessLimits limits{options.program_timeout, 16u << 20};
  auto listing = run_process({"certutil", "-L", "-d", where}, limits);
  if (!listing) {
    store.error = dir + ": " + listing.error() + (listing.error().find("not found") != std::string::npos
                                                      ? " (install libnss3-tools to read NSS databases)"
                                                      : "");
    return;
  }
  if (listing->exit_code != 0) {
    std::string why = listing->err.substr(0, listing->err.find('\n'));
    store.error = dir + "/cert9.db: not a readable NSS database (certutil: " + why + ")";
    return;
  }
  store.format = "NSS cert9.db";
  std::size_t untrusted = 0;
  for (const auto& entry : parse_listing(listing->out)) {
    const bool trusted = entry.ssl_flags.find('C') != std::string::npos;
    const bool distrusted = !trusted && entry.ssl_flags.find('p') != std::string::npos &&
                            entry.ssl_flags.find('P') == std::string::npos;
    if (!trusted && !distrusted) {
      ++untrusted;
      continue;
    }
    auto pem = run_process({"certutil", "-L", "-d", where, "-n", entry.nickname, "-a"}, limits);
    if (!pem || pem->exit_code != 0) {
      store.problems.push_back(dir + ": '" + entry.nickname + "': " + (pem ? pem->err : pem.error()));
      continue;
    }
    auto parsed = cert::parse_certificates(pem->out);
    if (!parsed) {
      store.problems.push_back(dir + ": '" + entry.nickname + "': " + parsed.error());
      continue;
    }
    auto& sink = trusted ? store.certificates : store.distrusted;
    for (auto& c : parsed->certificates) sink.push_back(std::move(c));
  }
  if (untrusted > 0)
    store.notes.push_back(std::to_string(untrusted) +
                          " certificates without TLS trust flags (intermediates NSS keeps; not anchors)");
  if (!store.distrusted.empty())
    store.notes.push_back(std::to_string(store.distrusted.size()) + " certificates explicitly distrusted for TLS");
}

}  // namespace trustready::stores
