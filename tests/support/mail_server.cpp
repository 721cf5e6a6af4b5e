#include "support/mail_server.h"

#include "support/ports.h"

namespace trustready::testing {

MailServer::MailServer(const std::string& chain, const std::string& key, MailOptions options)
    : ipv6_(ipv6_loopback()) {
  const std::string d = dir_.path();
  make_dirs(d + "/spool");
  make_dirs(d + "/log");
  write_file(d + "/chain.pem", read_file(chain));
  write_file(d + "/key.pem", read_file(key));
  // exim reads the key, writes its spool and logs as Debian-exim; its configuration must
  // be root's and not writable by others.
  run("chown -R Debian-exim:Debian-exim " + quote(d) + " && chmod 0700 " + quote(d) + " && chmod 0600 " +
      quote(d + "/key.pem"));
  for (int attempt = 0; attempt < 3 && !started_; ++attempt) {
    port_ = free_port();
    smtps_port_ = options.smtps ? free_port() : 0;
    const std::string ports = std::to_string(port_) + (options.smtps ? " : " + std::to_string(smtps_port_) : "");
    const std::string conf = d + "/exim.conf";
    write_file(conf,
               "primary_hostname = mail.test\n"
               "spool_directory = " + d + "/spool\n"
               "log_file_path = " + d + "/log/%slog\n"
               "pid_file_path = " + d + "/exim.pid\n"
               "keep_environment =\n"
               "local_interfaces = <; 127.0.0.1" + (ipv6_ ? " ; ::1" : "") + "\n"
               "daemon_smtp_ports = " + ports + "\n" +
               (options.smtps ? "tls_on_connect_ports = " + std::to_string(smtps_port_) + "\n" : "") +
               "daemon_startup_retries = 0\n"
               "tls_certificate = " + d + "/chain.pem\n"
               "tls_privatekey = " + d + "/key.pem\n"
               "tls_advertise_hosts = " + (options.offer_starttls ? "*" : "") + "\n"
               // No DNS, no ident: nothing leaves the machine, nothing waits on a lookup.
               "host_lookup =\nrfc1413_hosts =\nrfc1413_query_timeout = 0s\n"
               "acl_smtp_rcpt = refuse\n"
               "begin acl\nrefuse:\n  deny message = this server accepts no mail\n");
    run("chown root:root " + quote(conf) + " && chmod 0644 " + quote(conf));
    exim_ = std::make_unique<ChildProcess>(ChildProcess::guarded({"exim4", "-C", conf, "-bdf"}), d + "/exim.out");
    auto running = [this] { return exim_->running(); };
    started_ = wait_until_accepting(port_, running) && (!options.smtps || wait_until_accepting(smtps_port_, running)) &&
               (!ipv6_ || accepts_connections(port_, "::1"));
    if (!started_) exim_.reset();  // a port taken meanwhile: stop it and try others
  }
}

std::string MailServer::log() const {
  return read_file(dir_ / "log/mainlog") + read_file(dir_ / "log/paniclog") + read_file(dir_ / "exim.out");
}

}  // namespace trustready::testing
