#include "support/tls_servers.h"

#include <algorithm>

#include "support/fixtures.h"
#include "support/ports.h"

namespace trustready::testing {

TlsServers::TlsServers(const std::string& dir, const std::vector<ServedChain>& chains)
    : dir_(dir), ports_(chains.size()), ipv6_(ipv6_loopback()) {
  for (int attempt = 0; attempt < 5 && !started_; ++attempt) {
    std::string servers;
    for (std::size_t v = 0; v < chains.size(); ++v) {
      ports_[v] = free_port();
      const std::string port = std::to_string(ports_[v]);
      servers += " server {\n  listen 127.0.0.1:" + port + " ssl;\n";
      if (ipv6_) servers += "  listen [::1]:" + port + " ssl;\n";
      servers += "  ssl_certificate " + chains[v].chain + ";\n  ssl_certificate_key " + chains[v].key +
                 ";\n  ssl_protocols " + chains[v].protocols +
                 ";\n  location = / { return 200 \"ok\\n\"; }\n  location / { return 404; }\n }\n";
    }
    const std::string& d = dir_;
    write_file(d + "/nginx.conf", "daemon off; master_process off; pid " + d + "/nginx.pid; error_log " + d +
                                      "/error.log;\nevents {}\nhttp {\n access_log off;\n client_body_temp_path " + d +
                                      "/t1; proxy_temp_path " + d + "/t2; fastcgi_temp_path " + d +
                                      "/t3; uwsgi_temp_path " + d + "/t4; scgi_temp_path " + d + "/t5;\n" + servers +
                                      "}\n");
    nginx_ = std::make_unique<ChildProcess>(std::vector<std::string>{"nginx", "-p", d, "-c", d + "/nginx.conf"},
                                            d + "/nginx.out");
    for (int i = 0; i < 100 && !started_ && nginx_->running(); ++i) {  // at most 5 s
      started_ = std::all_of(ports_.begin(), ports_.end(), [this](int p) {
        return accepts_connections(p) && (!ipv6_ || accepts_connections(p, "::1"));
      });
      if (!started_) nap();
    }
    if (!started_) nginx_.reset();  // a port taken meanwhile: stop it and try others
  }
}

std::string TlsServers::log() const { return read_file(dir_ + "/error.log"); }

}  // namespace trustready::testing
