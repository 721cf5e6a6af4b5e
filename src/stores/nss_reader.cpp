// NSS databases through certutil (libnss3-tools), on a private copy: certutil may
// upgrade or touch the files it opens, and a database under --root is not ours to touch.
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "cert/digest.h"
#include "cert/parse.h"
#include "stores/kind_readers.h"

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

/// TLS trust of one certificate as `certutil -L -n NICK` prints it. All certificates
/// sharing a subject share a nickname, and certutil prints (and, with -a, exports) all
/// of them: a cross-certificate kept without trust must not inherit its root's "C".
struct NssTrust {
  bool trusted_ca = false;      ///< "Trusted CA" in SSL Flags (the C flag)
  bool terminal_only = false;   ///< "Terminal Record" without "Trusted": distrusted (p)
};

/// Parses the pretty listing into SHA-256 fingerprint -> SSL trust. Each certificate's
/// block names its SHA-256 fingerprint on the line after "Fingerprint (SHA-256):" and its
/// SSL trust between "SSL Flags:" and "Email Flags:".
std::map<cert::Sha256, NssTrust> parse_trust(const std::string& text) {
  std::map<cert::Sha256, NssTrust> out;
  std::optional<cert::Sha256> current;
  enum class Section { Other, NextIsFingerprint, Ssl } section = Section::Other;
  bool terminal = false, trusted_peer = false;
  auto finish_ssl = [&] {
    if (current && section == Section::Ssl) out[*current].terminal_only = terminal && !trusted_peer;
  };
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (section == Section::NextIsFingerprint) {
      current = cert::Sha256::from_hex(line);
      if (current) out[*current];
      section = Section::Other;
    } else if (line == "Fingerprint (SHA-256):") {
      finish_ssl();
      section = Section::NextIsFingerprint;
    } else if (line == "SSL Flags:") {
      section = Section::Ssl;
      terminal = trusted_peer = false;
    } else if (line == "Email Flags:" || line == "Object Signing Flags:") {
      finish_ssl();
      section = Section::Other;
    } else if (section == Section::Ssl && current) {
      if (line == "Trusted CA") out[*current].trusted_ca = true;
      if (line == "Terminal Record") terminal = true;
      if (line == "Trusted") trusted_peer = true;
    }
  }
  finish_ssl();
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

/// Copies the database files certutil opens into `copy`; false (with the store's error
/// set) when the database cannot be read or copied.
bool copy_database(const fs::FileTree& root, const std::string& dir, const TempDir& copy, Store& store) {
  auto db = root.read_file(dir + "/cert9.db");
  if (!db) {
    store.error = root.entry_exists(dir + "/cert8.db")
                      ? dir + ": only the legacy cert8.db (Berkeley DB) format, which this NSS no longer reads"
                      : db.error();
    return false;
  }
  if (copy.path().empty()) {
    store.error = dir + ": cannot create a temporary folder to copy the database into";
    return false;
  }
  // certutil opens cert9.db and key4.db together and refuses a folder without the key
  // database (SEC_ERROR_BAD_DATABASE); pkcs11.txt names any modules the database loads.
  for (const char* name : {"cert9.db", "key4.db", "pkcs11.txt"}) {
    std::optional<std::string> other;
    const std::string* bytes = &*db;
    if (std::string_view(name) != "cert9.db") {
      auto read = root.read_file(dir + "/" + name);
      if (!read) continue;
      other = std::move(*read);
      bytes = &*other;
    }
    std::ofstream out(copy.path() + "/" + name, std::ios::binary);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    if (!out) {
      store.error = dir + ": cannot copy " + name + " to " + copy.path();
      return false;
    }
  }
  return true;
}

/// certutil asked about one database.
struct Certutil {
  const ProcessRunner& runner;
  std::string where;  ///< "sql:FOLDER"
  ProcessLimits limits;
  Result<ProcessOutput> run(std::vector<std::string> args) const {
    args.insert(args.begin(), {"certutil", "-L", "-d", where});
    return runner.run(args, limits);
  }
};

/// Exports one listed entry's certificates and sorts them by their own trust.
void read_entry(const Certutil& certutil, const NssEntry& entry, std::set<cert::Sha256>& seen, Store& store) {
  const std::string& dir = store.location.path;
  auto pem = certutil.run({"-n", entry.nickname, "-a"});
  auto pretty = certutil.run({"-n", entry.nickname});
  if (!pem || pem->exit_code != 0 || !pretty || pretty->exit_code != 0) {
    const std::string why = !pem ? pem.error() : pem->exit_code != 0 ? pem->err : !pretty ? pretty.error() : pretty->err;
    store.problems.push_back(
        {ProblemCode::NssEntryUnreadable, dir + ": '" + entry.nickname + "': " + why.substr(0, why.find('\n'))});
    return;
  }
  auto parsed = cert::parse_certificates(pem->out);
  if (!parsed) {
    store.problems.push_back({ProblemCode::DamagedCertificate, dir + ": '" + entry.nickname + "': " + parsed.error()});
    return;
  }
  const auto trust = parse_trust(pretty->out);
  for (auto& c : parsed->certificates) {
    if (!seen.insert(c.sha256()).second) continue;
    const auto found = trust.find(c.sha256());
    if (found == trust.end()) {
      store.problems.push_back({ProblemCode::NssEntryUnreadable,
                                dir + ": '" + entry.nickname + "': certutil printed no trust for " + c.subject()});
      continue;
    }
    if (found->second.trusted_ca)
      store.certificates.push_back(std::move(c));
    else if (found->second.terminal_only)
      store.distrusted.push_back(std::move(c));
    // else: an untrusted certificate sharing this subject, counted on its own listing line
  }
}

}  // namespace

void read_nss_db(const fs::FileTree& root, const ReadOptions& options, Store& store) {
  const std::string& dir = store.location.path;
  TempDir copy;
  if (!copy_database(root, dir, copy, store)) return;
  const Certutil certutil{*options.runner, "sql:" + copy.path(), {options.program_timeout, 16u << 20}};
  auto listing = certutil.run({});
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
  std::set<cert::Sha256> seen;
  for (const auto& entry : parse_listing(listing->out)) {
    const bool listed_trusted = entry.ssl_flags.find('C') != std::string::npos;
    const bool listed_distrusted = !listed_trusted && entry.ssl_flags.find('p') != std::string::npos &&
                                   entry.ssl_flags.find('P') == std::string::npos;
    if (listed_trusted || listed_distrusted) read_entry(certutil, entry, seen, store);
    else ++untrusted;
  }
  if (untrusted > 0)
    store.notes.push_back(std::to_string(untrusted) +
                          " certificates without TLS trust flags (intermediates NSS keeps; not anchors)");
  if (!store.distrusted.empty())
    store.notes.push_back(std::to_string(store.distrusted.size()) + " certificates explicitly distrusted for TLS");
}

}  // namespace trustready::stores
