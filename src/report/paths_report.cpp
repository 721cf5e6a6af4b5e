#include "report/paths_report.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "report/escape.h"
#include "report/store_json.h"
#include "util/time.h"

namespace trustready::report {
namespace {

using nlohmann::json;

std::string day(TimePoint t) { return format_time(t).substr(0, 10); }

std::string names(const std::vector<cert::Certificate>& path) {
  std::string out;
  for (const auto& c : path) out += (out.empty() ? "" : " > ") + shown(c.display_name());
  return out;
}

std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string paths_text(const results::PathsResult& v, const Style& st) {
  std::string out = st.bold("trustready paths") + ": " + shown(v.input.leaf.display_name()) + "\n";
  const auto& policy = v.input.policy;
  out += fmt::format("leaf + {} presented, {} anchors ({}), at {}{}{}{}\n", v.input.presented.size(), v.input.anchors.size(),
                     shown(v.store_label), format_time(v.input.at), v.input.host.empty() ? "" : ", host " + shown(v.input.host),
                     policy.profile == paths::Profile::Default ? "" : fmt::format(", profile {}", to_string(policy.profile)),
                     v.input.crls.empty() ? "" : fmt::format(", {} CRL{}", v.input.crls.size(), v.input.crls.size() == 1 ? "" : "s"));
  std::size_t i = 0;
  for (const auto& p : v.report.paths) {
    ++i;
    out += '\n';
    out += st.bold(fmt::format("path {}", i)) + "  " + (p.valid() ? st.paint("valid", "32") : st.paint("invalid", "31"));
    out += '\n';
    for (std::size_t k = 0; k < p.certs.size(); ++k) {
      const auto& c = p.certs[k].certificate;
      out += fmt::format("  {} {} {}  {}\n", k, pad(paths::to_string(p.certs[k].source), 9),
                         pad(shown(c.display_name()), 44), st.dim("until " + day(c.not_after())));
    }
    for (const auto& problem : p.problems) out += "  " + st.paint("x ", "31") + shown(problem) + "\n";
  }
  if (v.report.paths.empty()) {
    out += '\n';
    out += st.paint("no path: ", "31") + shown(v.report.no_path_reason) + "\n";
  }
  // With no path, the no-path line already says the search stopped, once.
  if (!v.report.incomplete.empty() && !v.report.paths.empty()) out += st.paint("warning: ", "33") + "search " + shown(v.report.incomplete) + "\n";
  out += '\n';
  out += st.bold(fmt::format("{} {} {}", pad("CLIENT", 8), pad("VERDICT", 8), "PATH OR REASON")) + "\n";
  for (const auto& c : v.clients) {
    out += fmt::format("{} {} {}\n", pad(c.client, 8),
                       c.unavailable ? st.paint(pad("n/a", 8), "33")
                       : c.accepts   ? st.paint(pad("accepts", 8), "32")
                                     : st.paint(pad("rejects", 8), "31"),
                       c.accepts ? (c.path.empty() ? st.dim("(the library does not say which path)") : names(c.path))
                                 : shown(c.reason));
  }
  for (const auto& f : v.findings) {
    out += '\n';
    out += st.paint(f.lead, "33") + shown(f.rest) + "\n";
  }
  return out;
}

std::string paths_json(const results::PathsResult& v) {
  auto cert_json = [](const cert::Certificate& c) {
    return json{{"subject", c.subject()},
                {"issuer", c.issuer()},
                {"sha256", c.sha256().hex()},
                {"not_before", format_time(c.not_before())},
                {"not_after", format_time(c.not_after())}};
  };
  json paths = json::array();
  for (const auto& p : v.report.paths) {
    json certs = json::array();
    for (const auto& pc : p.certs) {
      json c = cert_json(pc.certificate);
      c["source"] = paths::to_string(pc.source);
      certs.push_back(c);
    }
    paths.push_back({{"valid", p.valid()}, {"certificates", certs}, {"problems", p.problems}});
  }
  json clients = json::array();
  for (const auto& c : v.clients) {
    json path = json::array();
    for (const auto& pc : c.path) path.push_back(pc.sha256().hex());
    clients.push_back({{"client", c.client},
                       {"how", c.how},
                       {"verdict", paths::verdict_word(c)},
                       {"accepts", c.accepts},
                       {"reason", c.reason},
                       {"path", path}});
  }
  json out = {{"leaf", cert_json(v.input.leaf)},
              {"presented", v.input.presented.size()},
              {"anchors", v.input.anchors.size()},
              {"store", v.store_label},
              {"at", format_time(v.input.at)},
              {"host", v.input.host},
              {"profile", paths::to_string(v.input.policy.profile)},
              {"crls", v.input.crls.size()},
              {"paths", paths},
              {"any_valid", v.report.any_valid()},
              {"no_path_reason", v.report.no_path_reason},
              {"incomplete", v.report.incomplete},
              {"work", v.report.work},
              {"clients", clients},
              {"findings", findings_json(v.findings)}};
  return dump_json(std::move(out));
}

std::string paths_dot(const results::PathsResult& v) {
  std::map<std::string, std::pair<const cert::Certificate*, paths::Source>> nodes;  // sha256 -> cert
  std::set<std::pair<std::string, std::string>> edges, chosen;
  std::set<std::string> dashed;
  for (std::size_t i = 0; i < v.report.paths.size(); ++i) {
    const auto& p = v.report.paths[i];
    for (std::size_t k = 0; k < p.certs.size(); ++k) {
      const auto id = p.certs[k].certificate.sha256().hex();
      nodes.emplace(id, std::make_pair(&p.certs[k].certificate, p.certs[k].source));
      if (k + 1 == p.certs.size()) continue;
      const auto edge = std::make_pair(id, p.certs[k + 1].certificate.sha256().hex());
      edges.insert(edge);
      if (i == 0 && p.valid()) chosen.insert(edge);
      if (p.certs[k].source == paths::Source::Extra) dashed.insert(id);
    }
  }
  std::string out = "digraph paths {\n  rankdir=BT;\n  node [shape=box, fontname=\"sans-serif\"];\n";
  for (const auto& [id, node] : nodes) {
    const auto& [c, source] = node;
    // "\n" inside a quoted DOT string is a line break; the name itself is escaped.
    const std::string name = dot_quote(shown(c->display_name()));
    out += "  " + dot_quote(id.substr(0, 16)) + " [label=" + name.substr(0, name.size() - 1) + "\\n" +
           paths::to_string(source) + ", until " + day(c->not_after()) + "\"" +
           (source == paths::Source::Store ? ", peripheries=2" : "") + "];\n";
  }
  for (const auto& [from, to] : edges) {
    std::string attrs;
    if (chosen.count({from, to})) attrs += "color=green, penwidth=2";
    if (dashed.count(from)) attrs += std::string(attrs.empty() ? "" : ", ") + "style=dashed";
    out += "  " + dot_quote(from.substr(0, 16)) + " -> " + dot_quote(to.substr(0, 16)) +
           (attrs.empty() ? "" : " [" + attrs + "]") + ";\n";
  }
  return out + "}\n";
}

}  // namespace trustready::report
