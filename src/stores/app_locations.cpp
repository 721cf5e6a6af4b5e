#include "stores/app_locations.h"

#include <algorithm>

#include "fs/glob.h"
#include "stores/aws_config.h"
#include "stores/nss_roots.h"

namespace trustready::stores {
namespace {

using Env = std::map<std::string, std::string>;

std::string env(const Env& e, const char* name) {
  auto it = e.find(name);
  return it == e.end() ? std::string() : it->second;
}

StoreLocation java_store(std::string id, StoreOrigin origin, std::string path, std::vector<std::string> consumers,
                         std::string found_by) {
  StoreLocation loc = trust_location(std::move(id), StoreKind::Keystore, origin, std::move(path), std::move(consumers),
                                     std::move(found_by));
  loc.verifier = Verifier::Java;
  return loc;
}

/// A bundle or folder named by an environment variable.
void env_pointer(const fs::FileTree& root, const Env& e, const char* var, std::string consumer, AppLocations& out) {
  const std::string path = env(e, var);
  if (path.empty()) return;
  const StoreKind kind = root.type(path) == fs::FileType::Directory ? StoreKind::HashedDir : StoreKind::Bundle;
  std::string id = var;
  std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return c == '_' ? '-' : std::tolower(c); });
  StoreLocation loc = trust_location(id, kind, StoreOrigin::AppVariable, path, {std::move(consumer)}, var);
  loc.owner = {StoreOwner::Kind::Variable, var, {}};
  if (std::string_view(var) == "CURL_CA_BUNDLE") loc.libraries = {Library::Curl};
  out.pointers.push_back(std::move(loc));
}

/// The words of a JVM options variable as the JVM splits them: at whitespace, with
/// single or double quotes grouping ("-Djavax.net.ssl.trustStore='/opt/my app/ts.jks'").
std::vector<std::string> jvm_option_words(const std::string& opts) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (const char c : opts) {
    if (quote) {
      if (c == quote) quote = 0;
      else word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

void java_locations(const fs::FileTree& root, const Inventory& inv, const Env& e, AppLocations& out) {
  // -Djavax.net.ssl.trustStore in the variables every JVM reads at start.
  for (const char* var : {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"}) {
    const std::string opts = env(e, var);
    std::string store, password;
    for (const std::string& token : jvm_option_words(opts)) {
      if (token.starts_with("-Djavax.net.ssl.trustStore=")) store = token.substr(27);
      if (token.starts_with("-Djavax.net.ssl.trustStorePassword=")) password = token.substr(35);
    }
    if (store.empty()) continue;
    StoreLocation loc = java_store(std::string("java-truststore-") + var, StoreOrigin::AppVariable, store,
                                   {std::string("every JVM started with ") + var}, var);
    loc.owner = {StoreOwner::Kind::Variable, var, {}};
    loc.password = password;
    out.pointers.push_back(std::move(loc));
  }
  // The distributions' shared keystores first: JDK packages link their cacerts to them,
  // and the merged entry keeps the first id. Their update tools rebuild them.
  struct Shared {
    const char* id;
    const char* path;
    const char* consumer;
    const char* found_by;
    const char* update_tool;
  };
  static constexpr Shared kShared[] = {
      {"debian-java-cacerts", "/etc/ssl/certs/java/cacerts", "Java on Debian/Ubuntu (ca-certificates-java)",
       "Debian layout", "update-ca-certificates"},
      {"rhel-java-cacerts", "/etc/pki/ca-trust/extracted/java/cacerts", "Java on RHEL/Fedora (update-ca-trust)",
       "RHEL/Fedora layout", "update-ca-trust"},
      {"suse-java-cacerts", "/var/lib/ca-certificates/java-cacerts", "Java on SUSE (update-ca-certificates)",
       "SUSE layout", "update-ca-certificates"},
  };
  for (const auto& shared : kShared) {
    StoreLocation loc = java_store(shared.id, StoreOrigin::Java, shared.path, {shared.consumer}, shared.found_by);
    loc.owner = {StoreOwner::Kind::UpdateTool, shared.update_tool, {}};
    out.found.push_back(std::move(loc));
  }
  for (const auto& home : inv.java_homes) {
    std::string security = home.path + "/lib/security";
    if (root.type(security + "/cacerts") == fs::FileType::Missing &&
        root.type(home.path + "/jre/lib/security/cacerts") != fs::FileType::Missing)
      security = home.path + "/jre/lib/security";
    const std::string consumer = "Java " + (home.version.empty() ? std::string() : home.version + " ") + "(" +
                                 home.path + ")";
    StoreLocation loc;
    if (root.type(security + "/jssecacerts") == fs::FileType::File)
      loc = java_store("java-jssecacerts:" + home.path, StoreOrigin::Java, security + "/jssecacerts", {consumer},
                       home.found_by + "; jssecacerts overrides cacerts");
    else if (root.entry_exists(security + "/cacerts"))
      loc = java_store("java-cacerts:" + home.path, StoreOrigin::Java, security + "/cacerts", {consumer}, home.found_by);
    else
      continue;
    loc.owner = {StoreOwner::Kind::Jdk, home.version, home.path};
    out.found.push_back(std::move(loc));
  }
  for (const auto& ks : inv.keystores)
    out.found.push_back(
        java_store("keystore:" + ks, StoreOrigin::Java, ks, {"Java applications configured to use it"}, "--path"));
}

void python_locations(const fs::FileTree& root, const Inventory& inv, AppLocations& out) {
  /// Each bundle, and the package that ships it (what an upgrade must name).
  struct Vendored {
    const char* file;
    const char* package;
    const char* consumer;
  };
  static constexpr Vendored kVendored[] = {
      {"certifi/cacert.pem", "certifi", "certifi: requests, urllib3 and pip users"},
      {"pip/_vendor/certifi/cacert.pem", "pip", "pip (its own certifi)"},
      {"botocore/cacert.pem", "botocore", "botocore, boto3 and aws-cli v1"},
      {"awscli/botocore/cacert.pem", "awscli", "aws-cli v2 (its own botocore)"},
      {"botocore/vendored/requests/cacert.pem", "botocore", "botocore before 1.11 (its vendored requests)"},
      {"requests/cacert.pem", "requests", "requests before 2.16"},
      {"pip/_vendor/requests/cacert.pem", "pip", "pip before 9 (its vendored requests)"},
      {"boto/cacerts/cacerts.txt", "boto", "boto v2"},
      {"httplib2/cacerts.txt", "httplib2", "httplib2 (Google API clients)"},
  };
  for (const auto& lib : inv.python_libs) {
    const bool has_certifi = root.entry_exists(lib.path + "/certifi/cacert.pem");
    for (const auto& v : kVendored) {
      const std::string path = lib.path + "/" + v.file;
      if (!root.entry_exists(path)) continue;
      StoreLocation loc = trust_location(std::string("python:") + path, StoreKind::Bundle, StoreOrigin::Python, path,
                                         {std::string(v.consumer) + " in " + lib.label}, "Python packages");
      loc.owner = {StoreOwner::Kind::PythonPackage, v.package, lib.path};
      const std::string file = v.file;
      if (file == "certifi/cacert.pem") {
        auto core = root.read_file(lib.path + "/certifi/core.py", 1 << 20);
        if (core && core->find("/etc/ssl/certs/ca-certificates.crt") != std::string::npos)
          loc.notes.push_back("this certifi is patched (Debian): certifi.where() returns "
                              "/etc/ssl/certs/ca-certificates.crt, so only code opening this file directly uses it");
      }
      if (file == "botocore/cacert.pem" && has_certifi)
        loc.notes.push_back("botocore uses certifi when it is installed, as it is here; this file is its fallback");
      out.found.push_back(std::move(loc));
    }
  }
}

void node_locations(const Inventory& inv, const Env& e, AppLocations& out) {
  const bool openssl_ca = env(e, "NODE_OPTIONS").find("--use-openssl-ca") != std::string::npos;
  const std::string extra = env(e, "NODE_EXTRA_CA_CERTS");
  for (const auto& node : inv.node_binaries) {
    StoreLocation loc = trust_location("node:" + node, StoreKind::ProgramRoots, StoreOrigin::Node, node,
                                       {"Node.js (" + node + "): its built-in roots"}, "node binary");
    loc.owner = {StoreOwner::Kind::Program, "node", node};
    if (!extra.empty()) loc.also_trusts = StoreRef::file(extra);  // node adds NODE_EXTRA_CA_CERTS to its roots
    if (openssl_ca)
      loc.notes.push_back("NODE_OPTIONS has --use-openssl-ca: node verifies with OpenSSL's store instead of these");
    out.found.push_back(std::move(loc));
  }
}

std::string nss_consumer(const std::string& dir) {
  if (dir.find("/.mozilla/firefox/") != std::string::npos) return "Firefox (profile " + dir + ")";
  if (dir.find("/.thunderbird/") != std::string::npos) return "Thunderbird (profile " + dir + ")";
  if (dir.ends_with("/.pki/nssdb")) return "Chrome, Chromium and NSS tools of " + dir.substr(0, dir.size() - 11);
  if (dir == "/etc/pki/nssdb") return "NSS applications system-wide (RHEL/Fedora)";
  return "NSS applications using " + dir;
}

void nss_locations(const fs::FileTree& root, const Inventory& inv, AppLocations& out) {
  NssRoots roots = locate_nss_roots(root);
  if (roots.module) out.found.push_back(std::move(*roots.module));
  for (const auto& dir : inv.nss_dbs) {
    StoreLocation loc = trust_location("nss:" + dir, StoreKind::NssDb, StoreOrigin::Nss, dir, {nss_consumer(dir)},
                                       "NSS database");
    loc.verifier = Verifier::Nss;
    loc.also_trusts = roots.ref;
    out.found.push_back(std::move(loc));
  }
}

void aws_locations(const fs::FileTree& root, const Inventory& inv, const Env& environment, AppLocations& out) {
  for (const auto& file : inv.aws_configs) {
    // A config under a home expands "~/" against that home; one named by AWS_CONFIG_FILE
    // against $HOME on this host, and under --root against nothing: it is reported.
    std::string home = file.ends_with("/.aws/config") ? file.substr(0, file.size() - 12) : std::string();
    if (home.empty() && root.is_host())
      if (auto h = environment.find("HOME"); h != environment.end() && h->second.starts_with('/')) home = h->second;
    auto text = root.read_file(file, 1 << 20);
    Result<std::vector<AwsCaBundle>> bundles = text ? parse_aws_config(*text, home)
                                                    : Result<std::vector<AwsCaBundle>>(Error{text.error()});
    if (!bundles) {
      Store failed;
      failed.location = trust_location("aws-config:" + file, StoreKind::Bundle, StoreOrigin::AwsConfig, file,
                                       {"AWS CLI and SDKs reading " + file}, "AWS config");
      failed.error = bundles.error().starts_with(file) ? bundles.error() : file + ": " + bundles.error();
      out.failed.push_back(std::move(failed));
      continue;
    }
    for (const auto& b : *bundles) {
      StoreLocation loc = trust_location("aws-ca-bundle:" + b.profile + "@" + file, StoreKind::Bundle,
                                         StoreOrigin::AwsConfig, b.path,
                                         {"AWS CLI and SDKs, profile '" + b.profile + "'"},
                                         "ca_bundle in " + file + " line " + std::to_string(b.line));
      loc.owner = {StoreOwner::Kind::ConfigProfile, b.profile, file};
      if (b.path.front() == '/') {
        out.pointers.push_back(std::move(loc));
        continue;
      }
      Store failed;
      failed.location = std::move(loc);
      failed.error = file + " line " + std::to_string(b.line) + ": ca_bundle '" + b.path +
                     (b.path.starts_with("~/")
                          ? "' is in the home of whoever runs the AWS CLI, and this file is under no home"
                          : "' is relative: the AWS CLI reads it from whatever folder it is started in");
      out.failed.push_back(std::move(failed));
    }
  }
}

}  // namespace

AppLocations app_locations(const fs::FileTree& root, const Inventory& inventory, const Env& environment) {
  AppLocations out;
  env_pointer(root, environment, "AWS_CA_BUNDLE", "AWS CLI and SDKs (all profiles)", out);
  env_pointer(root, environment, "REQUESTS_CA_BUNDLE", "Python requests (and pip)", out);
  env_pointer(root, environment, "CURL_CA_BUNDLE", "curl and Python requests", out);
  aws_locations(root, inventory, environment, out);
  java_locations(root, inventory, environment, out);
  python_locations(root, inventory, out);
  node_locations(inventory, environment, out);
  env_pointer(root, environment, "NODE_EXTRA_CA_CERTS", "Node.js, added to its built-in roots", out);
  nss_locations(root, inventory, out);
  return out;
}

}  // namespace trustready::stores
