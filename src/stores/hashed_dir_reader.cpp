// A hashed folder (OpenSSL's CApath) holds what OpenSSL's lookup finds in it, no more.
// by_dir.c looks an issuer up by HASH.N, HASH its current subject name hash, N = 0, 1, 2...
// and stops at the first N that does not exist (a dangling link counts) or whose file does
// not load as PEM. A file that loads adds every PEM certificate in it, but only those whose
// hash is HASH are ever asked for. Checked against `openssl verify -CApath` by the tests:
// names made with -subject_hash_old, HASH.1 with no HASH.0, a DER HASH.0, a wrong hash.
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "cert/capath.h"
#include "cert/parse.h"
#include "stores/kind_readers.h"

namespace trustready::stores {
namespace {

/// The N of HASH.N as OpenSSL writes it ("%d": no leading zeros); nullopt for any other
/// spelling, which no lookup opens.
std::optional<unsigned> hash_index(std::string_view name) {
  const std::string_view digits = name.substr(9);
  if (digits.size() > 9 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  unsigned n = 0;
  for (char c : digits) n = n * 10 + static_cast<unsigned>(c - '0');
  return n;
}

/// `openssl rehash DIR` as the user must run it for this tree: inside a root tree, through
/// chroot, so the links in DIR (absolute ones point into the root) resolve there and not on
/// this host.
std::string rehash_command(const fs::FileTree& root, const std::string& dir) {
  if (root.is_host()) return "openssl rehash " + dir;
  return "sudo chroot " + root.root() + " openssl rehash " + dir;
}

/// What `openssl rehash` links: a .pem/.crt/.cer/.crl file (any case) holding exactly one
/// PEM certificate or CRL (DER files are skipped). True when that one object is a certificate.
bool rehash_would_link_certificate(std::string_view name, std::string_view bytes) {
  std::string lower(name);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!(lower.ends_with(".pem") || lower.ends_with(".crt") || lower.ends_with(".cer") || lower.ends_with(".crl")))
    return false;
  const PemLabels labels = count_pem_labels(bytes);
  return labels.certificates == 1 && labels.crls == 0;
}

class HashedDirReader {
 public:
  HashedDirReader(const fs::FileTree& root, Store& store) : root_(root), store_(store), dir_(store.location.path) {}

  void read(const std::vector<std::string>& names) {
    std::map<std::string, std::map<unsigned, std::string>> by_hash;  // HASH -> N -> name
    for (const auto& name : names) {
      if (!is_hash_link_name(name)) continue;
      note_link_target(name);
      if (auto n = hash_index(name)) {
        by_hash[name.substr(0, 8)][*n] = name;
      } else {
        seen_by_name(name);
        store_.problems.push_back({ProblemCode::HashNameUnreachable,
                                   path(name) + ": never opened by OpenSSL's CApath, which looks up " +
                                       name.substr(0, 8) + ".N with N written without leading zeros"});
      }
    }
    for (const auto& [hash, names_by_n] : by_hash) read_hash(hash, names_by_n);
  }

  /// Files read under a hash name, reachable or not (they are not "unlinked").
  const SeenFiles& seen() const { return seen_; }
  /// Names the hash links point at directly (update-ca-certificates and c_rehash link
  /// HASH.0 -> NAME.pem in the same folder).
  const std::set<std::string>& linked() const { return linked_; }

 private:
  std::string path(const std::string& name) const { return dir_ + "/" + name; }

  void note_link_target(const std::string& name) {
    auto target = root_.read_link(path(name));
    if (target && target->find('/') == std::string::npos) linked_.insert(*target);
  }

  void seen_by_name(const std::string& name) {
    if (auto key = root_.file_key(path(name))) seen_.insert(*key);
  }

  /// HASH.0, HASH.1, ... as by_dir.c opens them; every name after the stop is reported.
  void read_hash(const std::string& hash, const std::map<unsigned, std::string>& names_by_n) {
    unsigned next = 0;
    std::string stopped;  // why the lookup opens no more names of this hash
    for (const auto& [n, name] : names_by_n) {
      if (stopped.empty() && n != next)
        stopped = "there is no " + hash + "." + std::to_string(next) + " before it, and the lookup stops at the first gap";
      if (!stopped.empty()) {
        seen_by_name(name);
        store_.problems.push_back({ProblemCode::HashNameUnreachable,
                                   path(name) + ": never opened by OpenSSL's CApath: " + stopped});
        continue;
      }
      next = n + 1;
      if (!read_name(hash, name))
        stopped = hash + "." + std::to_string(n) + " before it does not load, and the lookup stops there";
    }
  }

  /// Reads one reachable HASH.N; false when OpenSSL's load of it fails (the lookup stops).
  bool read_name(const std::string& hash, const std::string& name) {
    const std::string file = path(name);
    auto content = root_.read_file_keyed(file);
    if (!content) {  // dangling, a loop, a folder, unreadable: by_dir stops at it
      store_.problems.push_back({ProblemCode::UnreadableEntry, content.error()});
      return false;
    }
    seen_.insert(content->key);
    const cert::CapathFileLoad load = cert::load_capath_file(content->bytes);
    auto parsed = cert::parse_certificates(content->bytes);
    if (!parsed) {
      store_.problems.push_back({ProblemCode::DamagedCertificate, file + ": " + parsed.error()});
      return !load.stops;
    }
    add_parse_problems(file, parsed->problems, store_);
    if (load.added.empty()) {
      if (count_pem_labels(content->bytes).certificates == 0)
        store_.problems.push_back({ProblemCode::HashNameNotPem,
                                   file + ": DER, not PEM: OpenSSL's CApath reads only PEM files, so it finds "
                                          "nothing here; convert it with `openssl x509 -inform DER -outform PEM`"});
      else
        store_.problems.push_back({ProblemCode::DamagedCertificate,
                                   file + ": OpenSSL's CApath cannot load it (" + load.why + ")"});
      return false;
    }
    std::multiset<cert::Sha256> added(load.added.begin(), load.added.end());
    const bool first_read = kept_.insert(content->key).second;  // foo.pem and its hash link
    for (auto& c : parsed->certificates) {
      auto it = added.find(c.sha256());
      if (it == added.end()) continue;  // after the block the load failed at
      added.erase(it);
      const std::string actual = cert::subject_hash(c);
      if (actual != hash) {
        mismatch(file, hash, actual, c);
        continue;
      }
      if (first_read) store_.certificates.push_back(std::move(c));
    }
    return !load.stops;
  }

  void mismatch(const std::string& file, const std::string& hash, const std::string& actual,
                const cert::Certificate& c) {
    const bool old = cert::subject_hash_old(c) == hash;
    store_.problems.push_back(
        {ProblemCode::HashNameMismatch,
         file + ": never found by OpenSSL's CApath: the subject hash of " + c.display_name() + " is " + actual +
             ", not " + hash + (old ? " (the name is its -subject_hash_old, OpenSSL 0.9.8's hash)" : "") +
             "; link it as " + actual + ".N (`" + rehash_command(root_, dir_) + "` does so for .pem files)"});
  }

  const fs::FileTree& root_;
  Store& store_;
  std::string dir_;
  SeenFiles seen_;
  SeenFiles kept_;
  std::set<std::string> linked_;
};

/// Certificates without a hash link are invisible to OpenSSL: say so, it is a classic
/// "I added the file and it still fails". Only files `openssl rehash` would link count
/// (a bundle in the same folder is not one), so the advice always helps.
void report_unlinked(const fs::FileTree& root, const std::vector<std::string>& names, const HashedDirReader& reader,
                     Store& store) {
  std::size_t unlinked = 0;
  std::string example;
  for (const auto& name : names) {
    if (is_hash_link_name(name) || reader.linked().count(name)) continue;
    auto content = root.read_file_keyed(store.location.path + "/" + name);
    if (!content || reader.seen().count(content->key) || !rehash_would_link_certificate(name, content->bytes)) continue;
    if (example.empty()) example = name;
    ++unlinked;
  }
  if (unlinked > 0)
    store.problems.push_back({ProblemCode::UnlinkedCertificate,
                              store.location.path + ": " + std::to_string(unlinked) +
                                  " certificate file(s) without a hash link, invisible to OpenSSL (e.g. " + example +
                                  "); run `" + rehash_command(root, store.location.path) + "`"});
}

}  // namespace

void read_hashed_dir(const fs::FileTree& root, Store& store) {
  auto names = root.list_dir(store.location.path);
  if (!names) {
    store.error = names.error();
    return;
  }
  if (std::none_of(names->begin(), names->end(), [](const std::string& n) { return is_hash_link_name(n); })) {
    store.error = store.location.path +
                  ": no certificates under hash names (HASH.0); OpenSSL's CApath sees nothing here "
                  "(run `" + rehash_command(root, store.location.path) + "`)";
    return;
  }
  HashedDirReader reader(root, store);
  reader.read(*names);
  report_unlinked(root, *names, reader, store);
}

}  // namespace trustready::stores
