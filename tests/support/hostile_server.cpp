#include "support/hostile_server.h"

#include "support/ports.h"

namespace trustready::testing {

std::string to_string(HostileMode mode) {
  switch (mode) {
    case HostileMode::Silent: return "Silent";
    case HostileMode::Slow: return "Slow";
    case HostileMode::Garbage: return "Garbage";
    case HostileMode::HugeChain: return "HugeChain";
    case HostileMode::ResetMidHandshake: return "ResetMidHandshake";
    case HostileMode::OversizedRecord: return "OversizedRecord";
    case HostileMode::SmtpNoGreeting: return "SmtpNoGreeting";
    case HostileMode::SmtpEndlessMultiline: return "SmtpEndlessMultiline";
    case HostileMode::SmtpNoStarttls: return "SmtpNoStarttls";
    case HostileMode::Smtp421: return "Smtp421";
    case HostileMode::Smtp454: return "Smtp454";
    case HostileMode::SmtpPipelineStrict: return "SmtpPipelineStrict";
    case HostileMode::Proxy407: return "Proxy407";
    case HostileMode::Proxy502: return "Proxy502";
    case HostileMode::ProxySilent: return "ProxySilent";
  }
  return "?";
}

HostileServer::HostileServer(HostileMode mode, const std::string& chain, const std::string& key) {
  const std::string port_file = dir_ / "port";
  std::vector<std::string> argv = {"/usr/bin/python3", source_dir() + "/tests/support/hostile_server.py",
                                   to_string(mode), port_file, log_file()};
  if (!chain.empty()) argv.insert(argv.end(), {chain, key});
  python_ = std::make_unique<ChildProcess>(argv, dir_ / "python.out");
  for (int i = 0; i < 200 && python_->running(); ++i) {  // at most 10 s
    const std::string text = read_file(port_file);
    if (!text.empty()) {
      port_ = std::stoi(text);
      break;
    }
    nap();
  }
}

std::string HostileServer::log() const { return read_file(log_file()) + read_file(dir_ / "python.out"); }

bool HostileServer::client_pipelined() const { return read_file(log_file()).find("PIPELINED: ") != std::string::npos; }

}  // namespace trustready::testing
