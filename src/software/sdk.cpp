#include "software/sdk.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

#include "fs/glob.h"

namespace trustready::software {
namespace {

std::string normalized(std::string name) {
  for (auto& c : name) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

/// "botocore-1.29.27.egg-info", "awscli-1.45.11.dist-info", "boto-2.49.0-py3.11.egg-info"
/// -> (distribution name, version).
std::pair<std::string, std::string> split_metadata_dir(const std::string& entry) {
  std::string stem;
  if (entry.ends_with(".dist-info")) stem = entry.substr(0, entry.size() - 10);
  else if (entry.ends_with(".egg-info")) stem = entry.substr(0, entry.size() - 9);
  else return {};
  const std::size_t dash = stem.find('-');
  if (dash == std::string::npos) return {};
  std::string version = stem.substr(dash + 1);
  if (const std::size_t py = version.find("-py"); py != std::string::npos) version.resize(py);
  return {normalized(stem.substr(0, dash)), version};
}

void python_sdks(const fs::FileTree& root, const stores::PythonLib& lib, std::vector<InstalledSdk>& out) {
  auto names = root.list_dir(lib.path);
  if (!names) return;
  for (const auto& entry : *names) {
    auto [dist, version] = split_metadata_dir(entry);
    if (dist.empty() || version.empty()) continue;
    std::string name;
    if (dist == "awscli") name = "aws-cli";
    else if (dist == "botocore" || dist == "boto" || dist == "boto3") name = dist;
    else continue;
    out.push_back({name, version, lib.path + "/" + entry, "Python package metadata (" + lib.label + ")",
                   SdkSource::PythonMetadata});
  }
}

void node_sdks(const fs::FileTree& root, const std::string& modules, std::vector<InstalledSdk>& out) {
  auto version_of = [&](const std::string& pkg) -> std::string {
    auto text = root.read_file(pkg + "/package.json", 4 << 20);
    if (!text) return {};
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("version") || !json["version"].is_string()) return {};
    return json["version"].get<std::string>();
  };
  if (auto v = version_of(modules + "/aws-sdk"); !v.empty())
    out.push_back({"aws-sdk-js", v, modules + "/aws-sdk/package.json", "package.json", SdkSource::PackageJson});
  // v3 is one package per service; one entry per tree says enough.
  if (auto scoped = root.list_dir(modules + "/@aws-sdk"))
    for (const auto& pkg : *scoped)
      if (pkg.starts_with("client-") || pkg == "core" || pkg == "smithy-client")
        if (auto v = version_of(modules + "/@aws-sdk/" + pkg); !v.empty()) {
          out.push_back({"@aws-sdk (v3)", v, modules + "/@aws-sdk/" + pkg + "/package.json", "package.json",
                         SdkSource::PackageJson});
          break;
        }
}

}  // namespace

std::string jar_version(const std::string& file) {
  std::string stem = file.substr(file.rfind('/') + 1);
  if (stem.ends_with(".jar")) stem.resize(stem.size() - 4);
  for (std::size_t dash = stem.rfind('-'); dash != std::string::npos && dash > 0; dash = stem.rfind('-', dash - 1))
    if (dash + 1 < stem.size() && std::isdigit(static_cast<unsigned char>(stem[dash + 1]))) return stem.substr(dash + 1);
  return {};
}

const char* to_string(SdkSource source) {
  switch (source) {
    case SdkSource::PythonMetadata: return "python-metadata";
    case SdkSource::AwsCliInstaller: return "aws-cli-installer";
    case SdkSource::JarName: return "jar-name";
    case SdkSource::MavenFolder: return "maven-folder";
    case SdkSource::PackageJson: return "package-json";
    case SdkSource::JarManifest: return "jar-manifest";
    case SdkSource::GemFolder: return "gem-folder";
  }
  return "?";
}

int compare_versions(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    const bool da = i < a.size() && std::isdigit(static_cast<unsigned char>(a[i]));
    const bool db = j < b.size() && std::isdigit(static_cast<unsigned char>(b[j]));
    if (da && db) {
      unsigned long long x = 0, y = 0;
      while (i < a.size() && std::isdigit(static_cast<unsigned char>(a[i])) && x < 1'000'000'000ULL) x = x * 10 + (a[i++] - '0');
      while (j < b.size() && std::isdigit(static_cast<unsigned char>(b[j])) && y < 1'000'000'000ULL) y = y * 10 + (b[j++] - '0');
      if (x != y) return x < y ? -1 : 1;
      continue;
    }
    const bool dot_a = i < a.size() && a[i] == '.', dot_b = j < b.size() && b[j] == '.';
    if (dot_a && dot_b) {
      ++i, ++j;
      continue;
    }
    // One side ended or has a suffix: a release (end, or ".N") is newer than a pre-release suffix.
    if (i >= a.size() && j >= b.size()) return 0;
    if (i >= a.size()) return dot_b ? -1 : 1;  // "1.0" < "1.0.1"; "1.0" > "1.0rc1"
    if (j >= b.size()) return dot_a ? 1 : -1;
    if (dot_a) return 1;
    if (dot_b) return -1;
    if (a[i] != b[j]) return a[i] < b[j] ? -1 : 1;
    ++i, ++j;
  }
  return 0;
}

std::vector<InstalledSdk> find_sdks(const fs::FileTree& root, const stores::Inventory& inventory) {
  std::vector<InstalledSdk> out;
  for (const auto& lib : inventory.python_libs) python_sdks(root, lib, out);
  for (const auto& dir : fs::glob(root, "/usr/local/aws-cli/v2/*")) {
    const std::string version = dir.substr(dir.rfind('/') + 1);
    if (version != "current" && !version.empty() && std::isdigit(static_cast<unsigned char>(version[0])))
      out.push_back({"aws-cli", version, dir, "aws-cli v2 installer folder", SdkSource::AwsCliInstaller});
  }
  for (const auto& jar : inventory.jars) {
    const std::string version = jar.ends_with(".jar") ? jar_version(jar) : jar.substr(jar.rfind('/') + 1);
    // An artifact folder also holds maven-metadata-*.xml and resolver-status.properties.
    if (version.empty() || !std::isdigit(static_cast<unsigned char>(version[0])) ||
        (!jar.ends_with(".jar") && root.type(jar) != fs::FileType::Directory))
      continue;
    const bool jar_file = jar.ends_with(".jar");
    out.push_back({"aws-sdk-java", version, jar, jar_file ? "jar file name" : "Maven repository folder",
                   jar_file ? SdkSource::JarName : SdkSource::MavenFolder});
  }
  for (const auto& modules : inventory.node_modules) node_sdks(root, modules, out);
  return out;
}

}  // namespace trustready::software
