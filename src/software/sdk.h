// AWS SDKs and CLIs installed under a root, with their versions: what the catalog's
// cutoffs ("released before 2015-02-05 must be upgraded") are judged against.
#pragma once

#include <string>
#include <vector>

#include "fs/file_tree.h"
#include "stores/inventory.h"

namespace trustready::software {

/// Where an SDK's version was read: which also says how it was installed.
enum class SdkSource {
  PythonMetadata,   ///< a .dist-info or .egg-info folder in a site-packages (pip or the distribution)
  AwsCliInstaller,  ///< /usr/local/aws-cli/v2/VERSION, made by the AWS CLI v2 installer
  JarName,          ///< an aws-java-sdk*.jar file's name
  MavenFolder,      ///< a version folder of a Maven repository
  PackageJson,      ///< a node_modules package's package.json
  JarManifest,      ///< a jar's META-INF/MANIFEST.MF (Implementation-Version), when its name has none
  GemFolder,        ///< a Ruby gem's folder name (aws-sdk-core-2.0.1)
};
const char* to_string(SdkSource source);

struct InstalledSdk {
  std::string name;     ///< as the catalog's fixed_in names it: "aws-cli", "botocore", "boto", "aws-sdk-java", ...
  std::string version;  ///< "1.7.5"
  std::string path;     ///< where the version was read, inside the root
  std::string found_by; ///< for people: "Python package metadata (Python 3.11 (...))", "jar file name", ...
  SdkSource source = SdkSource::PythonMetadata;
};

/// Every SDK found in the inventory's Python folders, node_modules trees and jars, and
/// aws-cli v2 installs (/usr/local/aws-cli/v2/VERSION). One entry per package and place.
std::vector<InstalledSdk> find_sdks(const fs::FileTree& root, const stores::Inventory& inventory);

/// "aws-java-sdk-core-1.9.17.jar" -> "1.9.17": the part after the last '-' that starts a
/// digit; empty when the name has none.
std::string jar_version(const std::string& file);

/// Compares dotted versions numerically ("1.10.0" > "1.9.17"); a non-numeric suffix
/// ("0.86.0rc1") sorts before the release. Negative, zero or positive.
int compare_versions(const std::string& a, const std::string& b);

}  // namespace trustready::software
