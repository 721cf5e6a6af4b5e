// After the walk: a manifest's android:networkSecurityConfig="@xml/NAME" names
// res/xml/NAME.xml of the same source set (the manifest's folder), and a config's
// <certificates src="@raw/NAME"/> names res/raw/NAME.* beside its res/xml.
#include <map>
#include <string>

#include "scan/detect.h"

namespace trustready::scan {
namespace {

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

/// "app/src/main/res/xml/nsc.xml" -> "app/src/main/res" (empty when not under res/xml).
std::string res_folder_of(const std::string& config) {
  const std::string xml = folder_of(config);
  if (!xml.ends_with("/xml") && xml != "xml") return {};
  return xml.size() > 4 ? xml.substr(0, xml.size() - 4) : std::string();
}

/// The file res/raw/NAME.EXT (any extension, as aapt strips it) among the files found.
const std::string* raw_file(const std::map<std::string, std::size_t>& by_path, const std::string& res,
                            const std::string& name) {
  const std::string prefix = res + "/raw/" + name + ".";
  for (auto it = by_path.lower_bound(prefix); it != by_path.end() && it->first.starts_with(prefix); ++it)
    if (it->first.find('/', prefix.size()) == std::string::npos) return &it->first;
  const auto bare = by_path.find(res + "/raw/" + name);
  return bare == by_path.end() ? nullptr : &bare->first;
}

}  // namespace

void link_android(std::vector<FileFindings>& all, std::vector<std::string>& notes) {
  std::map<std::string, std::size_t> by_path;
  for (std::size_t i = 0; i < all.size(); ++i) by_path.emplace(all[i].path, i);
  for (const auto& manifest : all)
    for (const auto& [value, at] : manifest.nsc_references) {
      const std::string where = manifest.path + ":" + std::to_string(at.line) + ": ";
      if (!value.starts_with("@xml/")) {
        notes.push_back(where + "android:networkSecurityConfig=\"" + value + "\" is not an @xml/ resource");
        continue;
      }
      const std::string config = folder_of(manifest.path) + "/res/xml/" + value.substr(5) + ".xml";
      const auto it = by_path.find(config);
      if (it == by_path.end()) {
        notes.push_back(where + "android:networkSecurityConfig names " + value + " but " + config + " was not found");
        continue;
      }
      for (auto& set : all[it->second].pins)
        if (set.syntax == PinSyntax::AndroidNsc) set.used_by = manifest.path;
    }
  for (auto& file : all) {
    const std::string res = res_folder_of(file.path);
    for (auto& set : file.pins) {
      if (set.syntax != PinSyntax::AndroidNsc) continue;
      for (auto& anchor : set.trust_anchors) {
        if (!anchor.starts_with("@raw/")) continue;
        const std::string name = anchor.substr(5);
        if (const std::string* found = res.empty() ? nullptr : raw_file(by_path, res, name)) {
          anchor = *found;
        } else {
          const std::string note = file.path + ": trust anchor " + anchor + " names no certificate file found under " +
                                   (res.empty() ? std::string("res") : res) + "/raw/";
          if (notes.empty() || notes.back() != note) notes.push_back(note);
        }
      }
    }
  }
}

}  // namespace trustready::scan
