#include "stores/inventory.h"

#include <algorithm>

#include "fs/glob.h"
#include "stores/nss_roots.h"

namespace trustready::stores {
namespace {

constexpr int kMaxWalkDepth = 12;
constexpr std::size_t kMaxWalkEntries = 200000;

template <typename T, typename Key>
bool contains(const std::vector<T>& v, const Key& k) {
  return std::find(v.begin(), v.end(), k) != v.end();
}

std::string resolved(const fs::FileTree& root, const std::string& path) {
  auto r = root.resolve(path);
  return r ? r->path : std::string();
}

std::string env(const InventoryOptions& o, const char* name) {
  auto it = o.environment.find(name);
  return it == o.environment.end() ? std::string() : it->second;
}

std::string python_label(const std::string& lib) {
  // .../lib/python3.11/site-packages -> "Python 3.11"; Debian's shared dist-packages has no version.
  const std::size_t at = lib.rfind("/python3");
  std::string version = "3";
  if (at != std::string::npos) {
    const std::size_t end = lib.find('/', at + 1);
    version = lib.substr(at + 7, end - at - 7);
  }
  return "Python " + version + " (" + lib + ")";
}

void add_python_lib(const fs::FileTree& root, const std::string& path, Inventory& inv) {
  if (root.type(path) != fs::FileType::Directory) return;
  const std::string real = resolved(root, path);
  for (const auto& lib : inv.python_libs)
    if (resolved(root, lib.path) == real) return;
  inv.python_libs.push_back({path, python_label(path)});
}

void add_java_home(const fs::FileTree& root, const std::string& path, const std::string& found_by, Inventory& inv) {
  const std::string home = resolved(root, path);
  if (home.empty() || root.type(home) != fs::FileType::Directory) return;
  if (root.type(home + "/lib/security") != fs::FileType::Directory &&
      root.type(home + "/jre/lib/security") != fs::FileType::Directory)
    return;
  for (const auto& h : inv.java_homes)
    if (h.path == home) return;
  JavaHome jh{home, {}, found_by};
  if (auto release = root.read_file(home + "/release", 1 << 16)) {
    const std::size_t at = release->find("JAVA_VERSION=\"");
    if (at != std::string::npos) {
      const std::size_t start = at + 14;
      jh.version = release->substr(start, release->find('"', start) - start);
    }
  }
  inv.java_homes.push_back(std::move(jh));
}

void add_node_binary(const fs::FileTree& root, const std::string& path, Inventory& inv) {
  const std::string real = resolved(root, path);
  if (!real.empty() && root.type(real) == fs::FileType::File && !contains(inv.node_binaries, real))
    inv.node_binaries.push_back(real);
}

void add_node_modules(const fs::FileTree& root, const std::string& dir, int depth, Inventory& inv) {
  if (depth > 8 || contains(inv.node_modules, dir) || root.type(dir) != fs::FileType::Directory) return;
  inv.node_modules.push_back(dir);
  auto names = root.list_dir(dir);
  if (!names) return;
  for (const auto& name : *names) {  // nested trees: pkg/node_modules, @scope/pkg/node_modules
    if (name.starts_with('.')) continue;
    if (name.starts_with('@')) {
      if (auto scoped = root.list_dir(dir + "/" + name))
        for (const auto& pkg : *scoped) add_node_modules(root, dir + "/" + name + "/" + pkg + "/node_modules", depth + 1, inv);
    } else {
      add_node_modules(root, dir + "/" + name + "/node_modules", depth + 1, inv);
    }
  }
}

void add_nss_db(const fs::FileTree& root, const std::string& dir, Inventory& inv) {
  if (!is_nss_db_dir(root, dir)) return;
  if (!contains(inv.nss_dbs, dir)) inv.nss_dbs.push_back(dir);
}

bool is_keystore_name(const std::string& name) {
  return name == "cacerts" || name == "jssecacerts" || name.ends_with(".jks") || name.ends_with(".truststore") ||
         name.ends_with(".p12") || name.ends_with(".pfx");
}

/// A bounded walk of one --path tree; symlinked folders are not followed (loops, and
/// trees outside what was asked for).
void walk(const fs::FileTree& root, const std::string& dir, int depth, std::size_t& seen, Inventory& inv) {
  auto names = root.list_dir(dir);
  if (!names) {
    inv.problems.push_back({ProblemCode::FolderNotListed, names.error()});
    return;
  }
  if (root.entry_exists(dir + "/lib/security/cacerts") || root.entry_exists(dir + "/jre/lib/security/cacerts"))
    add_java_home(root, dir, "--path", inv);
  for (const auto& name : *names) {
    if (++seen > kMaxWalkEntries) {
      if (seen == kMaxWalkEntries + 1)
        inv.problems.push_back(
            {ProblemCode::SearchStopped, dir + ": stopped after " + std::to_string(kMaxWalkEntries) + " entries"});
      return;
    }
    const std::string path = dir == "/" ? "/" + name : dir + "/" + name;
    if (root.read_link(path)) continue;  // a symlink: not followed
    const fs::FileType type = root.type(path);
    if (type == fs::FileType::File) {
      if (name.starts_with("aws-java-sdk") && name.ends_with(".jar")) inv.jars.push_back(path);
      else if (name == "cert9.db" || name == "cert8.db") add_nss_db(root, dir, inv);
      else if (is_keystore_name(name) && !dir.ends_with("/lib/security")) inv.keystores.push_back(path);
      continue;
    }
    if (type != fs::FileType::Directory) continue;
    if (name == "site-packages" || name == "dist-packages") {
      add_python_lib(root, path, inv);
      continue;
    }
    if (name == "node_modules") {
      add_node_modules(root, path, 0, inv);
      continue;
    }
    if (depth + 1 >= kMaxWalkDepth) {
      inv.problems.push_back({ProblemCode::SearchTooDeep,
                              path + ": deeper than " + std::to_string(kMaxWalkDepth) + " levels; not walked"});
      continue;
    }
    walk(root, path, depth + 1, seen, inv);
  }
}

void find_homes(const fs::FileTree& root, Inventory& inv) {
  if (root.type("/root") == fs::FileType::Directory) inv.homes.push_back("/root");
  for (const auto& h : fs::glob(root, "/home/*"))
    if (root.type(h) == fs::FileType::Directory) inv.homes.push_back(h);
  // A home this user cannot list hides its venvs, pyenv Pythons, NSS databases and AWS
  // config: say so, or "every trust store is ready" would claim more than was seen.
  for (const auto& h : inv.homes)
    if (auto names = root.list_dir(h); !names)
      inv.problems.push_back({ProblemCode::HomeNotSearched,
                              names.error() + ": not searched; the Python, Java, node and NSS stores and AWS "
                                              "config in it are unknown (run as root to include them)"});
}

/// The distribution's, /usr/local's, each home's user site and pyenv versions.
void find_pythons(const fs::FileTree& root, Inventory& inv) {
  for (const char* pattern : {"/usr/lib/python3/dist-packages", "/usr/lib/python3*/site-packages",
                              "/usr/lib/python3*/dist-packages", "/usr/lib64/python3*/site-packages",
                              "/usr/local/lib/python3*/site-packages", "/usr/local/lib/python3*/dist-packages",
                              "/opt/*/lib/python3*/site-packages", "/usr/local/aws-cli/v2/current/dist"})
    for (const auto& p : fs::glob(root, pattern)) add_python_lib(root, p, inv);
  for (const auto& home : inv.homes)
    for (const char* pattern : {"/.local/lib/python3*/site-packages", "/.pyenv/versions/*/lib/python3*/site-packages",
                                "/.virtualenvs/*/lib/python3*/site-packages"})
      for (const auto& p : fs::glob(root, home + pattern)) add_python_lib(root, p, inv);
}

/// JAVA_HOME, the alternatives link, the usual install folders, SDKMAN.
void find_javas(const fs::FileTree& root, const InventoryOptions& options, Inventory& inv) {
  if (auto java_home = env(options, "JAVA_HOME"); !java_home.empty()) add_java_home(root, java_home, "JAVA_HOME", inv);
  if (auto java = resolved(root, "/etc/alternatives/java"); java.ends_with("/bin/java")) {
    std::string home = java.substr(0, java.size() - 9);
    if (home.ends_with("/jre")) home.resize(home.size() - 4);
    add_java_home(root, home, "/etc/alternatives/java", inv);
  }
  for (const char* pattern : {"/usr/lib/jvm/*", "/usr/java/*", "/opt/*", "/opt/*/*", "/usr/local/*"})
    for (const auto& p : fs::glob(root, pattern))
      if (root.entry_exists(p + "/bin/java") || root.entry_exists(p + "/jre/bin/java"))
        add_java_home(root, p, "install folder", inv);
  for (const auto& home : inv.homes)
    for (const auto& p : fs::glob(root, home + "/.sdkman/candidates/java/*")) add_java_home(root, p, "SDKMAN", inv);
}

/// node on this host's PATH, the usual install folders, nvm; the global node_modules.
void find_nodes(const fs::FileTree& root, const InventoryOptions& options, Inventory& inv) {
  if (root.is_host())
    if (auto on_path = env(options, "PATH"); !on_path.empty())
      for (std::size_t start = 0; start <= on_path.size();) {
        const std::size_t colon = std::min(on_path.find(':', start), on_path.size());
        const std::string dir = on_path.substr(start, colon - start);
        start = colon + 1;
        if (!dir.empty() && dir.front() == '/') add_node_binary(root, dir + "/node", inv);
      }
  for (const char* pattern : {"/usr/bin/node", "/usr/local/bin/node", "/opt/*/bin/node"})
    for (const auto& p : fs::glob(root, pattern)) add_node_binary(root, p, inv);
  for (const auto& home : inv.homes)
    for (const auto& p : fs::glob(root, home + "/.nvm/versions/node/*/bin/node")) add_node_binary(root, p, inv);
  for (const char* pattern : {"/usr/lib/node_modules", "/usr/local/lib/node_modules"})
    for (const auto& p : fs::glob(root, pattern)) add_node_modules(root, p, 0, inv);
}

/// The system NSS database, each user's shared one, Firefox and Thunderbird profiles.
void find_nss_dbs(const fs::FileTree& root, Inventory& inv) {
  add_nss_db(root, "/etc/pki/nssdb", inv);
  for (const auto& home : inv.homes) {
    add_nss_db(root, home + "/.pki/nssdb", inv);
    for (const char* pattern : {"/.mozilla/firefox/*", "/.thunderbird/*", "/snap/firefox/common/.mozilla/firefox/*"})
      for (const auto& p : fs::glob(root, home + pattern)) add_nss_db(root, p, inv);
  }
}

/// AWS config files, and SDK jars in each home's Maven repository.
void find_aws(const fs::FileTree& root, const InventoryOptions& options, Inventory& inv) {
  if (auto file = env(options, "AWS_CONFIG_FILE"); !file.empty()) inv.aws_configs.push_back(file);
  for (const auto& home : inv.homes)
    if (root.entry_exists(home + "/.aws/config") && !contains(inv.aws_configs, home + "/.aws/config"))
      inv.aws_configs.push_back(home + "/.aws/config");
  for (const auto& home : inv.homes)
    for (const auto& p : fs::glob(root, home + "/.m2/repository/com/amazonaws/aws-java-sdk*/*")) inv.jars.push_back(p);
}

void walk_search_paths(const fs::FileTree& root, const InventoryOptions& options, Inventory& inv) {
  std::size_t seen = 0;
  for (const auto& path : options.search_paths) {
    const fs::FileType type = root.type(path);
    if (type == fs::FileType::Missing)
      inv.problems.push_back({ProblemCode::SearchPathMissing, path + ": No such file or directory"});
    else if (type == fs::FileType::Directory)
      walk(root, path, 0, seen, inv);
    else
      inv.problems.push_back({ProblemCode::SearchPathNotFolder, path + ": not a folder (--path takes a tree to search)"});
  }
}

}  // namespace

Inventory take_inventory(const fs::FileTree& root, const InventoryOptions& options) {
  Inventory inv;
  find_homes(root, inv);
  find_pythons(root, inv);
  find_javas(root, options, inv);
  find_nodes(root, options, inv);
  find_nss_dbs(root, inv);
  find_aws(root, options, inv);
  walk_search_paths(root, options, inv);
  return inv;
}

}  // namespace trustready::stores
