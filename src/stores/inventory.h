// Where applications live under a root: homes, Python site-packages, JDKs, node
// binaries and node_modules trees, NSS databases, AWS config files, SDK jars. Found
// once, then read by the store locator (app_locations) and the SDK finder (software/).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fs/file_tree.h"
#include "stores/problem.h"

namespace trustready::stores {

struct InventoryOptions {
  /// This process's environment when judging this host; empty under --root.
  std::map<std::string, std::string> environment;
  /// Trees given with --path: virtualenvs, node_modules trees, application folders.
  std::vector<std::string> search_paths;
};

struct PythonLib {
  std::string path;  ///< a site-packages or dist-packages folder
  std::string label;  ///< "Python 3.11 (/usr/lib/python3/dist-packages)"
};

struct JavaHome {
  std::string path;     ///< resolved, inside the root
  std::string version;  ///< JAVA_VERSION from its release file, or empty
  std::string found_by;
};

struct Inventory {
  std::vector<std::string> homes;  ///< /root and /home/NAME
  std::vector<PythonLib> python_libs;
  std::vector<JavaHome> java_homes;
  std::vector<std::string> node_binaries;  ///< resolved
  std::vector<std::string> node_modules;   ///< node_modules folders, nested ones included
  std::vector<std::string> nss_dbs;        ///< folders holding cert9.db or cert8.db
  std::vector<std::string> aws_configs;    ///< ~/.aws/config files and AWS_CONFIG_FILE
  std::vector<std::string> jars;           ///< aws-java-sdk*.jar files and Maven artifact folders
  std::vector<std::string> keystores;      ///< keystore files seen under --path
  /// Places not searched: homes this user cannot list, parts of --path trees not walked
  /// (permission denied, too deep, too many entries).
  std::vector<Problem> problems;
};

Inventory take_inventory(const fs::FileTree& root, const InventoryOptions& options);

}  // namespace trustready::stores
