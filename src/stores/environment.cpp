#include "stores/environment.h"

namespace trustready::stores {

const std::vector<std::string>& discovery_variables() {
  static const std::vector<std::string> names = {
      "SSL_CERT_FILE", "SSL_CERT_DIR",                                    // OpenSSL
      "JAVA_HOME",     "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",  // Java
      "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",                              // Python requests, curl
      "AWS_CA_BUNDLE", "AWS_CONFIG_FILE",                                  // AWS CLI and SDKs
      "NODE_EXTRA_CA_CERTS", "NODE_OPTIONS",                               // Node.js
      "PATH", "HOME",                                                      // where node is, what ~ means
  };
  return names;
}

}  // namespace trustready::stores
