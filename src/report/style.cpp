#include "report/style.h"

namespace trustready::report {

std::string Style::verdict(judge::Verdict v) const {
  const char* sgr = "0";
  switch (v) {
    case judge::Verdict::Ready: sgr = "32"; break;
    case judge::Verdict::AtRisk: sgr = "33"; break;
    case judge::Verdict::Broken: sgr = "1;31"; break;
    case judge::Verdict::Error: sgr = "1;35"; break;
  }
  return paint(pad(to_string(v), 8), sgr);
}

std::string Style::chain_status(judge::ChainStatus s) const {
  switch (s) {
    case judge::ChainStatus::Verifies: return paint("ok  ", "32");
    case judge::ChainStatus::AtRisk: return paint("risk", "33");
    case judge::ChainStatus::Fails: return paint("FAIL", "1;31");
    case judge::ChainStatus::NotServed: return dim("n/a ");
  }
  return "?";
}

std::string pad(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out;
}

}  // namespace trustready::report
