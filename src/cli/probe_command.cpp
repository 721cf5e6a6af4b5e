// trustready probe: live TLS checks, each presented chain judged against every store.
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/probe_input.h"
#include "cli/progress_line.h"
#include "paths/engines.h"
#include "report/probe_report.h"
#include "run/run_probe.h"

namespace trustready::cli {
namespace {

struct ProbeFlags {
  OutputOptions output;
  std::vector<std::string> targets;
  std::vector<std::string> files;
  std::string root = "/";
  std::vector<std::string> stores;
  bool system_only = false;
  std::string store_password;
  std::vector<std::string> clients;
  std::string migration = "aws-ats";
  bool test_endpoints = false;
  std::string at;
  std::string sni;
  std::vector<std::string> connect_to;
  double connect_timeout_s = 10, timeout_s = 10, max_time_s = 30;
  std::string proxy, noproxy;
  bool proxy_given = false, noproxy_given = false;
  std::size_t concurrency = 64, per_host = 8;
  unsigned threads = 0;
  int retries = 2;
  bool no_http = false;
  bool aia = false;
  bool quiet = false;
};

std::chrono::milliseconds millis(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0));
}

Result<run::ProbeRequest> request_from(const ProbeFlags& f, const fs::FileTree& root, const catalog::Migration& m) {
  run::ProbeRequest r;
  auto targets = read_targets({f.targets, f.files, f.test_endpoints ? &m : nullptr});
  if (!targets) return make_error(targets.error());
  if (targets->empty()) return make_error("no targets: give TARGET arguments, -f FILE, or --test-endpoints");
  r.targets = std::move(*targets);
  auto proxies = choose_proxies(r.targets, f.proxy_given ? std::optional(f.proxy) : std::nullopt,
                                f.noproxy_given ? std::optional(f.noproxy) : std::nullopt);
  if (!proxies) return make_error(proxies.error());
  r.proxies = std::move(*proxies);
  for (const auto& c : f.connect_to) {
    auto rule = probe::parse_connect_to(c);
    if (!rule) return make_error(rule.error());
    r.engine.connect_to.push_back(std::move(*rule));
  }
  if (!f.sni.empty()) r.engine.sni = f.sni;
  r.engine.concurrency = f.concurrency;
  r.engine.per_host = f.per_host;
  r.engine.threads = f.threads;
  r.engine.retries = f.retries;
  r.engine.http_request = !f.no_http;
  r.engine.timeouts = {millis(f.connect_timeout_s), millis(f.timeout_s), millis(f.max_time_s)};
  DiscoveryFlags discovery;
  discovery.root = f.root;
  discovery.system_only = f.system_only;
  discovery.store_password = f.store_password;
  r.discovery = discovery_options(discovery, root);
  for (const auto& s : f.stores) r.stores.push_back(tree_path(root, s));
  r.clients = f.clients;
  r.migration = &m;
  r.aia = f.aia;
  return r;
}

int run_probe(const ProbeFlags& f) {
  auto m = cli::migration(f.migration);
  if (!m) return fail_usage(m.error());
  auto known = catalog();
  if (!known) return fail_usage(known.error());
  auto root = open_root(f.root);
  if (!root) return fail_usage(root.error());
  auto at = evaluation_time(f.at);
  if (!at) return fail_usage(at.error());
  auto request = request_from(f, *root, **m);
  if (!request) return fail_usage(request.error());
  request->at = *at;
  const bool json = f.output.format == "json";
  const auto style = style_for(f.output);
  probe::Progress progress;
  ProgressLine line(progress, request->targets.size(), true);
  auto print = [&](const results::ProbeResult& r) {
    if (!json && f.quiet) return;
    std::lock_guard guard(line.lock());
    line.clear();
    std::cout << (json ? report::probe_json_line(r) : report::probe_text(r, style)) << std::flush;
  };
  auto summary = run::run_probe(*root, **known, *request, print, &progress);
  if (!summary) return fail_usage(summary.error());
  {
    std::lock_guard guard(line.lock());
    line.clear();
  }
  if (!json) std::cout << report::probe_summary_text(*summary, style);
  return summary->all_trusted() ? kExitOk : kExitFindings;
}

void add_network_options(CLI::App* cmd, ProbeFlags& f) {
  cmd->add_option("--sni", f.sni, "Send this server name in the handshake instead of the target's (the chain is still "
                                  "checked for the target's name)")->type_name("NAME");
  add_repeatable(cmd, "--connect-to", f.connect_to,
                 "Connect to HOST2:PORT2 instead of HOST1:PORT1, as curl's option: test a name against another address "
                 "(an empty HOST1 or PORT1 matches any); repeatable")->type_name("HOST1:PORT1:HOST2:PORT2");
  cmd->add_option("--connect-timeout", f.connect_timeout_s, "Seconds for name resolution and the TCP connect, each attempt")
      ->check(CLI::Range(0.05, 600.0))->capture_default_str()->type_name("SECONDS");
  cmd->add_option("--timeout", f.timeout_s,
                  "Seconds for each exchange after connecting: the proxy's CONNECT, the SMTP dialogue, the TLS "
                  "handshake, the HTTP reply")->check(CLI::Range(0.05, 600.0))->capture_default_str()->type_name("SECONDS");
  cmd->add_option("-m,--max-time", f.max_time_s, "Seconds for a whole target, every attempt included (curl's --max-time)")
      ->check(CLI::Range(0.05, 3600.0))->capture_default_str()->type_name("SECONDS");
  cmd->add_option("-x,--proxy", f.proxy,
                  "Tunnel through this proxy: [http://][USER:PASSWORD@]HOST[:PORT] (HTTP CONNECT), socks5:// (SOCKS5, "
                  "names resolved here) or socks5h:// (resolved by the proxy); port 1080 by default, as curl. Without "
                  "it https_proxy/HTTPS_PROXY (https targets) or all_proxy/ALL_PROXY apply")
      ->type_name("URL")->each([&f](const std::string&) { f.proxy_given = true; });
  cmd->add_option("--noproxy", f.noproxy, "Hosts reached directly, as curl's option and NO_PROXY: comma-separated names "
                                          "(subdomains included), addresses, CIDR ranges, or '*'")
      ->type_name("LIST")->each([&f](const std::string&) { f.noproxy_given = true; });
  cmd->add_option("--concurrency", f.concurrency, "Targets in flight at once")
      ->check(CLI::Range(1, 4096))->capture_default_str()->type_name("N");
  cmd->add_option("--threads", f.threads, "Threads that run the connections and handshakes (0: one per core, at most 4)")
      ->check(CLI::Range(0, 64))->capture_default_str()->type_name("N");
  cmd->add_option("--per-host", f.per_host, "Connections open at once to one address (one name through a proxy; 0: no limit): servers and MTAs "
                                            "refuse scanners that open many")
      ->check(CLI::Range(0, 4096))->capture_default_str()->type_name("N");
  cmd->add_option("--retries", f.retries, "Further attempts, with a doubling pause from 0.25 s, when the server could "
                                          "not be reached (refused, unreachable, no answer); never after it answered")
      ->check(CLI::Range(0, 10))->capture_default_str()->type_name("N");
  cmd->add_flag("--no-http", f.no_http, "Do not send HEAD after the handshake of an https target");
  cmd->add_flag("--aia", f.aia, "When a server does not send an intermediate, fetch it from the caIssuers URL "
                                "(http://) in the certificate, as browsers and Windows do, and judge the chain again "
                                "with it; the verdict stays what clients that do not fetch (OpenSSL, curl, GnuTLS, Java) see");
}

}  // namespace

Command add_probe_command(CLI::App& app) {
  auto f = std::make_shared<ProbeFlags>();
  auto* cmd = app.add_subcommand(
      "probe",
      "Connect to live endpoints, capture the chain each presents (never verifying during the handshake), and judge it "
      "against every trust store the host's applications use (or --store), with every TLS library that reads them");
  cmd->add_option("targets", f->targets,
                  "https://HOST[:PORT][/PATH], smtp://HOST[:PORT] (STARTTLS, port 25 by default; SES: 587, 2587), "
                  "smtps://HOST[:PORT] (465), tls://HOST:PORT, http://... (said, never connected), or HOST[:PORT] "
                  "(https); IPv6 addresses in brackets: [::1]:8443")->type_name("TARGET");
  add_repeatable(cmd, "-f,--file", f->files, "Read targets from FILE, one per line ('#' comments, blank lines); "
                                             "'-' reads stdin; repeatable")->type_name("FILE");
  cmd->add_option("--root", f->root, "Take the stores from the tree under DIR (a container's root filesystem)")
      ->type_name("DIR");
  add_repeatable(cmd, "--store", f->stores, "Judge against this bundle, hashed folder, keystore or NSS database instead "
                                            "of the host's stores, each on its own; repeatable")->type_name("PATH");
  cmd->add_flag("--system-only", f->system_only, "Only the system stores, not Java, Python, Node.js or NSS ones");
  cmd->add_option("--store-password", f->store_password, "Password of the Java keystores (or TRUSTREADY_STORE_PASSWORD)")
      ->type_name("PASSWORD");
  add_repeatable(cmd, "--client", f->clients, "Only these engines (ideal, openssl, curl, gnutls, java); repeatable")
      ->check(CLI::IsMember(paths::engine_names()))->type_name("NAME");
  cmd->add_option("--migration", f->migration, "Whose impact rules say whether each endpoint is affected, and whose "
                                                "test endpoints --test-endpoints probes")->type_name("ID")->capture_default_str();
  cmd->add_flag("--test-endpoints", f->test_endpoints, "Also probe the migration's public test endpoints "
                                                        "(see `trustready migrations`)");
  add_at_option(cmd, f->at);
  add_network_options(cmd, *f);
  add_output_options(cmd, f->output, {"text", "json"});
  cmd->add_flag("-q,--quiet", f->quiet, "Text: print only the summary");
  cmd->footer("Exit status: 0 every target trusted by every store judged, 1 some target untrusted or failed, "
              "2 bad usage or an unreadable store. --format json writes one object per target per line (JSON Lines), "
              "as targets finish. A progress line goes to stderr when it is a terminal.");
  return {cmd, [f] { return run_probe(*f); }};
}

}  // namespace trustready::cli
