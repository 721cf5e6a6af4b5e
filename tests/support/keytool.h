// Command lines for the real keytool, shared by the tests that build keystores with it.
#pragma once

#include <string>
#include <vector>

#include "support/fixtures.h"

namespace trustready::testing {

/// A JVM per call: the cheapest flags for a short-lived one.
inline std::string keytool(const std::string& command, const std::string& args) {
  return "keytool -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 " + command + " -noprompt " + args;
}

inline std::string store_args(const std::string& file, const std::string& type, const std::string& pass) {
  return "-keystore " + quote(file) + " -storetype " + type + " -storepass " + quote(pass);
}

/// Imports one of the real certificates in ../shared/facts as a trustedCertEntry.
inline std::string import_cert(const std::string& file, const std::string& type, const std::string& pass,
                               const std::string& alias, const std::string& data_cert) {
  return keytool("-importcert",
                 "-alias " + alias + " -file " + quote(real_cert(data_cert)) + " " + store_args(file, type, pass));
}

/// A keystore file made by running `commands` (joined with &&): its bytes, or why not.
struct MadeKeystore {
  std::string bytes;
  std::string failure;  ///< empty when the file was made and is not empty
};

inline MadeKeystore make_keystore(const std::string& path, const std::vector<std::string>& commands) {
  MadeKeystore m;
  std::string script;
  for (const auto& c : commands) script += (script.empty() ? "" : " && ") + c;
  const auto r = run(script);
  if (r.exit_code != 0) {
    m.failure = script + "\n" + r.out + r.err;
    return m;
  }
  m.bytes = read_file(path);
  if (m.bytes.empty()) m.failure = path + " is empty after " + script;
  return m;
}

}  // namespace trustready::testing
