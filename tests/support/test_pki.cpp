#include "support/test_pki.h"

#include <stdexcept>

namespace trustready::testing {
namespace {

void must(const CommandResult& r, const std::string& what) {
  if (r.exit_code != 0) throw std::runtime_error(what + " failed: " + r.out + r.err);
}

}  // namespace

TestPki::TestPki(const TempDir& dir) : dir_(dir.path()) {
  write_file(dir_ + "/ext.cnf",
             "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n"
             "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
             "[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
             "extendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
}

void TestPki::make_key(const std::string& name, bool ec, bool keep) {
  const std::string key = path(name + ".key");
  if (keep && run("test -f " + quote(key)).exit_code == 0) return;
  must(run(ec ? "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + quote(key)
              : "openssl genrsa -out " + quote(key) + " 2048"),
       ec ? "openssl genpkey (P-256)" : "openssl genrsa");
}

std::string TestPki::root(const std::string& name, int from_days, int to_days) {
  make_key(name, false, false);
  sign(name, "", path("ext.cnf"), "ca", from_days, to_days, name + ".pem");
  return path(name + ".pem");
}

std::string TestPki::root_ec(const std::string& name, int from_days, int to_days) {
  make_key(name, true, false);
  sign(name, "", path("ext.cnf"), "ca", from_days, to_days, name + ".pem");
  return path(name + ".pem");
}

std::string TestPki::ca(const std::string& name, const std::string& issuer, int from_days, int to_days,
                        const std::string& out) {
  make_key(name, false, true);
  sign(name, issuer, path("ext.cnf"), "ca", from_days, to_days, out.empty() ? name + ".pem" : out);
  return path(out.empty() ? name + ".pem" : out);
}

std::string TestPki::ca_ec(const std::string& name, const std::string& issuer, int from_days, int to_days,
                           const std::string& out) {
  make_key(name, true, true);
  return ca(name, issuer, from_days, to_days, out);
}

std::string TestPki::leaf(const std::string& name, const std::string& issuer, const std::string& host, int to_days) {
  return make_leaf(name, issuer, host, to_days, false);
}

std::string TestPki::leaf_ec(const std::string& name, const std::string& issuer, const std::string& host,
                             int to_days) {
  return make_leaf(name, issuer, host, to_days, true);
}

std::string TestPki::make_leaf(const std::string& name, const std::string& issuer, const std::string& host,
                               int to_days, bool ec) {
  make_key(name, ec, false);
  const std::string ext = path(name + ".ext.cnf");
  write_file(ext, std::string("[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature") +
                      (ec ? "" : ",keyEncipherment") +
                      "\nextendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
                      "subjectAltName=DNS:" + host + "\n");
  sign(name, issuer, ext, "leaf", -1, to_days, name + ".pem");
  return path(name + ".pem");
}

void TestPki::sign(const std::string& name, const std::string& issuer, const std::string& extfile,
                   const std::string& section, int from_days, int to_days, const std::string& out) {
  // Validity in the past or future: openssl ca takes -startdate/-enddate; a minimal
  // CA database in the TempDir makes that possible without faketime.
  const std::string db = path("ca.db");
  run("touch " + quote(db));
  write_file(path("ca.cnf"), "[ca]\ndefault_ca=d\n[d]\ndatabase=" + db + "\nnew_certs_dir=" + dir_ +
                                 "\nserial=" + path("ca.serial") + "\ncrlnumber=" + path("ca.crlnumber") +
                                 "\ndefault_md=sha256\npolicy=p\n"
                                 "unique_subject=no\nemail_in_dn=no\ncopy_extensions=none\n[p]\ncommonName=supplied\n");
  if (run("test -f " + quote(path("ca.serial"))).exit_code != 0) write_file(path("ca.serial"), "1000\n");
  const std::string csr = path(name + ".csr");
  must(run("openssl req -new -key " + quote(path(name + ".key")) + " -subj " + quote("/CN=" + name) + " -out " +
           quote(csr)),
       "openssl req");
  auto stamp = [](int days) {
    return "$(date -u -d '" + std::to_string(days) + " days' +%Y%m%d%H%M%SZ)";
  };
  const std::string issuer_args = issuer.empty() ? " -selfsign -keyfile " + quote(path(name + ".key"))
                                                 : " -cert " + quote(path(issuer + ".pem")) + " -keyfile " +
                                                       quote(path(issuer + ".key"));
  must(run("openssl ca -batch -notext -config " + quote(path("ca.cnf")) + issuer_args + " -in " + quote(csr) +
           " -startdate " + stamp(from_days) + " -enddate " + stamp(to_days) + " -extfile " +
           quote(extfile) + " -extensions " + section + " -out " + quote(path(out))),
       "openssl ca (" + name + ")");
}

std::string TestPki::custom(const std::string& name, const std::string& issuer, const std::string& extensions,
                            int from_days, int to_days) {
  make_key(name, false, true);
  const std::string ext = path(name + ".custom.cnf");
  write_file(ext, "[custom]\n" + extensions + "\n");
  sign(name, issuer, ext, "custom", from_days, to_days, name + ".pem");
  return path(name + ".pem");
}

std::string TestPki::crl(const std::string& file, const std::string& issuer, const std::vector<std::string>& revoke) {
  if (run("test -f " + quote(path("ca.crlnumber"))).exit_code != 0) write_file(path("ca.crlnumber"), "01\n");
  const std::string signer = " -config " + quote(path("ca.cnf")) + " -cert " + quote(path(issuer + ".pem")) +
                             " -keyfile " + quote(path(issuer + ".key"));
  for (const auto& name : revoke) must(run("openssl ca" + signer + " -revoke " + quote(path(name + ".pem"))), "revoke");
  must(run("openssl ca -gencrl -crldays 30" + signer + " -out " + quote(path(file))), "openssl ca -gencrl");
  return path(file);
}

void TestPki::make_ats_shaped() {
  root("Class 2");
  root("Services G2");
  root("Root CA 1");
  ca("Services G2", "Class 2", -1, 1000, "sfsg2_x_class2.pem");
  ca("Root CA 1", "Services G2", -1, 1000, "root1_x_sfsg2.pem");
  ca("Server CA", "Root CA 1");
  leaf("leaf", "Server CA", "example.test");
  bundle("chain.pem", {"leaf", "Server CA", "root1_x_sfsg2", "sfsg2_x_class2"});
}

std::string TestPki::bundle(const std::string& file, const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += read_file(path(n + ".pem"));
  write_file(path(file), text);
  return path(file);
}

}  // namespace trustready::testing
