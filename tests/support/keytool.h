// Command lines for the real keytool, shared by the tests that build keystores with it.
#pragma once

#include <string>

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

}  // namespace trustready::testing
