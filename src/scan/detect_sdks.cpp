// AWS SDK and CLI versions from the files that carry them: Python package metadata
// (*.dist-info/METADATA, *.egg-info/PKG-INFO), aws-java-sdk jars (the name, else the
// manifest inside), package.json of aws-sdk (v2) and @aws-sdk/* (v3), and the Ruby SDK's
// gem folder holding its bundled ca-bundle.crt. Names as the catalog's fixed_in uses them.
#include <nlohmann/json.hpp>

#include <string>

#include "image/zip_member.h"
#include "scan/detectors.h"
#include "scan/text_position.h"
#include "software/sdk.h"

namespace trustready::scan {
namespace {

std::string_view parent_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return {};
  const std::size_t before = path.rfind('/', slash - 1);
  const std::size_t b = before == std::string_view::npos ? 0 : before + 1;
  return path.substr(b, slash - b);
}

std::string normalized(std::string_view name) {
  std::string out;
  for (char c : name) out += c == '_' || c == '.' ? '-' : static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

/// The catalog's name for a Python distribution, or empty for one that is not an AWS SDK.
std::string python_sdk_name(std::string_view distribution) {
  const std::string n = normalized(distribution);
  if (n == "awscli") return "aws-cli";
  if (n == "botocore" || n == "boto" || n == "boto3") return n;
  return {};
}

bool python_metadata(const PathInfo& p) {
  return (p.base == "METADATA" && parent_name(p.path).ends_with(".dist-info")) ||
         (p.base == "PKG-INFO" && parent_name(p.path).ends_with(".egg-info")) || p.base.ends_with(".egg-info");
}

/// RFC 822-style headers up to the first blank line: Name and Version.
void read_python(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  std::string_view name;
  std::string_view version;
  std::size_t version_at = 0;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const std::size_t nl = std::min(bytes.find('\n', pos), bytes.size());
    std::string_view line = bytes.substr(pos, nl - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) break;
    const auto value = [&](std::string_view key) {
      std::string_view v = line.substr(key.size());
      return v.substr(std::min(v.find_first_not_of(" \t"), v.size()));
    };
    if (line.starts_with("Name:")) name = value("Name:");
    if (line.starts_with("Version:")) version = value("Version:"), version_at = pos;
    pos = nl + 1;
  }
  const std::string sdk = python_sdk_name(name);
  if (sdk.empty() || version.empty()) return;
  out.sdks.push_back({{sdk, std::string(version), std::string(p.path), "Python package metadata",
                       software::SdkSource::PythonMetadata},
                      LineIndex(bytes).at(version_at)});
}

void read_jar(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  const std::string path(p.path);
  if (std::string v = software::jar_version(path); !v.empty()) {
    out.sdks.push_back({{"aws-sdk-java", v, path, "jar file name", software::SdkSource::JarName}, {}});
    return;
  }
  auto manifest = image::zip_member(bytes, "META-INF/MANIFEST.MF", 1 << 20);
  if (!manifest) {
    out.notes.push_back(path + ": an aws-java-sdk jar without a version in its name, and its manifest unreadable: " +
                        manifest.error());
    return;
  }
  const std::string_view text = *manifest;
  for (std::string_view key : {"Implementation-Version:", "Bundle-Version:"}) {
    const std::size_t at = text.find(key);
    if (at == std::string_view::npos || (at > 0 && text[at - 1] != '\n')) continue;
    std::string_view v = text.substr(at + key.size());
    v = v.substr(0, std::min(v.find_first_of("\r\n"), v.size()));
    v = v.substr(std::min(v.find_first_not_of(' '), v.size()));
    if (v.empty()) continue;
    out.sdks.push_back({{"aws-sdk-java", std::string(v), path, "jar manifest (META-INF/MANIFEST.MF)",
                         software::SdkSource::JarManifest},
                        {}});
    return;
  }
}

void read_package_json(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  const auto json = nlohmann::json::parse(bytes, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return;
  const auto name = json.find("name");
  const auto version = json.find("version");
  if (name == json.end() || version == json.end() || !name->is_string() || !version->is_string()) return;
  const std::string n = name->get<std::string>();
  std::string sdk;
  if (n == "aws-sdk") sdk = "aws-sdk-js";
  // v3 is one package per service; the clients and core carry the release's version.
  else if (n.starts_with("@aws-sdk/client-") || n == "@aws-sdk/core" || n == "@aws-sdk/smithy-client")
    sdk = "@aws-sdk (v3)";
  if (sdk.empty()) return;
  const std::size_t at = bytes.find("\"version\"");
  out.sdks.push_back({{sdk, version->get<std::string>(), std::string(p.path), "package.json",
                       software::SdkSource::PackageJson},
                      at == std::string_view::npos ? Position{} : LineIndex(bytes).at(at)});
}

}  // namespace

bool is_sdk_path(const PathInfo& p) {
  if (python_metadata(p)) return true;
  if (p.ext_is(".jar")) return p.base.starts_with("aws-java-sdk");
  if (p.base == "package.json") return p.path.find("aws-sdk") != std::string_view::npos;
  return p.base == "ca-bundle.crt" && parent_name(p.path).starts_with("aws-sdk-core-");
}

void detect_sdks(const PathInfo& p, std::string_view bytes, FileFindings& out) {
  if (python_metadata(p)) return read_python(p, bytes, out);
  if (p.ext_is(".jar")) return read_jar(p, bytes, out);
  if (p.base == "package.json") return read_package_json(p, bytes, out);
  // aws-sdk-core-2.0.1/ca-bundle.crt: the gem's folder says its version.
  const std::string_view folder = parent_name(p.path);
  const std::string version(folder.substr(13));
  if (!version.empty() && version[0] >= '0' && version[0] <= '9')
    out.sdks.push_back({{"aws-sdk-ruby", version, std::string(p.path), "gem folder name", software::SdkSource::GemFolder}, {}});
}

}  // namespace trustready::scan
