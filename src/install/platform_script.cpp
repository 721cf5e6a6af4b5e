#include "install/platform_script.h"

#include <algorithm>

#include "cert/parse.h"
#include "install/shell.h"

namespace trustready::install {
namespace {

/// What a script is made of: the steps that run a command, and each certificate once.
struct ScriptParts {
  std::vector<const Step*> steps;
  std::vector<const PlannedCert*> certs;
  std::vector<std::string> comments;  ///< what the plan says for people (notes, blocked stores)
};

/// A comment stays one line whatever the catalog or a file name holds.
std::string one_line(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  return s;
}

ScriptParts parts_of(const Plan& plan) {
  ScriptParts out;
  for (const auto& p : plan.stores) {
    for (const auto& path : p.store_paths) out.comments.push_back("store: " + one_line(path));
    if (!p.blocked.empty()) out.comments.push_back("nothing to apply there: " + one_line(p.blocked));
    for (const auto& note : p.notes) out.comments.push_back("note: " + one_line(note));
    for (const auto& s : p.steps) {
      if (s.kind != StepKind::RunCommand) continue;
      out.steps.push_back(&s);
      for (const auto& c : s.certs)
        if (std::none_of(out.certs.begin(), out.certs.end(), [&](const PlannedCert* have) { return have->anchor_id == c.anchor_id; }))
          out.certs.push_back(&c);
    }
  }
  return out;
}

/// Each of `items` as `say` says it, `sep` between them.
template <typename T, typename Say>
std::string joined(const std::vector<T>& items, const char* sep, Say say) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += say(item);
  }
  return out;
}

std::string names_of(const ScriptParts& parts) {
  return joined(parts.certs, ", ", [](const PlannedCert* c) { return one_line(c->name); });
}

/// The DER of a catalog certificate's PEM ("" if it does not decode: a broken binary).
std::string der_of(const PlannedCert& c) {
  auto parsed = cert::parse_certificates(c.pem);
  if (!parsed || parsed->certificates.size() != 1) return "";
  return std::string(parsed->certificates.front().der());
}

std::string hex_upper(const std::array<std::uint8_t, 20>& bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (auto b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

// --- macOS: /bin/sh ---

std::string sh_argv(const std::vector<std::string>& argv) { return joined(argv, " ", shell_quote); }

std::string sh_header(const Plan& plan, const ScriptParts& parts) {
  std::string out = "#!/bin/sh\n";
  out += "# trustready fix for macOS, migration " + one_line(plan.migration) + ": adds " + names_of(parts) +
         "\n# to /Library/Keychains/System.keychain as trusted roots.\n";
  out += "#   sudo sh fix.sh              carries it out\n";
  out += "#   sudo sh fix.sh --rollback   undoes it\n";
  out += "# Each certificate is trustready's catalog copy, used only when its SHA-256 is the catalog's.\n";
  for (const auto& c : parts.comments) out += "# " + c + "\n";
  return out;
}

constexpr const char* kShPreamble = R"SH(set -eu

case "${1:-}" in
  '') rollback=no ;;
  --rollback) rollback=yes ;;
  *) echo "usage: sh $0 [--rollback]" >&2; exit 2 ;;
esac

fail() { echo "trustready: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# write_cert NAME SHA256: the PEM on stdin, as NAME.cer in DER, refused unless its SHA-256 is SHA256.
write_cert() {
  cat > "$1.pem"
  openssl x509 -inform PEM -in "$1.pem" -outform DER -out "$1.cer" 2>/dev/null || fail "$1: the certificate does not decode: nothing was changed"
  sum=$(shasum -a 256 "$1.cer" | cut -d ' ' -f 1)
  [ "$sum" = "$2" ] || fail "$1.cer: SHA-256 $sum, not $2 as trustready's catalog records: nothing was changed"
}

# undo COMMAND...: a rollback goes on past what is not there (an apply that stopped half-way).
undo_failed=no
undo() { "$@" || { echo "trustready: $*: failed" >&2; undo_failed=yes; }; }
)SH";

std::string sh_cert(const PlannedCert& c) {
  const std::string stem = platform_cert_file(c).substr(0, platform_cert_file(c).size() - 4);
  std::string out = "\n# " + one_line(c.name) + " (" + one_line(c.anchor_id) + ")\n";
  out += "write_cert " + shell_quote(stem) + " " + c.sha256.hex() + " <<'PEM'\n" + c.pem;
  if (!c.pem.ends_with('\n')) out += '\n';
  return out + "PEM\n";
}

std::string sh_body(const ScriptParts& parts) {
  std::string out = "\nif [ \"$rollback\" = yes ]; then\n";
  for (auto it = parts.steps.rbegin(); it != parts.steps.rend(); ++it)
    for (const auto& u : (*it)->undo) out += "  undo " + sh_argv(u.argv) + "\n";
  out += "  [ \"$undo_failed\" = no ] || fail 'some steps could not be undone (see above)'\n";
  out += "  echo " + shell_quote("trustready: rolled back: " + names_of(parts)) + " >&2\n  exit 0\nfi\n\n";
  out += "# " + one_line(parts.steps.front()->why) + "\n";
  for (const auto* s : parts.steps) out += sh_argv(s->command.argv) + "\n";
  return out + "echo " + shell_quote("trustready: added " + names_of(parts)) + " >&2\n";
}

// --- Windows: PowerShell ---

std::string ps_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string ps_argv(const char* runner, const std::vector<std::string>& argv) {
  return std::string(runner) + " " + joined(argv, ", ", ps_quote);
}

std::string ps_header(const Plan& plan, const ScriptParts& parts) {
  std::string out = "# trustready fix for Windows, migration " + one_line(plan.migration) + ": adds " +
                    names_of(parts) + "\n# to the local machine's Trusted Root Certification Authorities.\n";
  out += "#   powershell -ExecutionPolicy Bypass -File fix.ps1             carries it out\n";
  out += "#   powershell -ExecutionPolicy Bypass -File fix.ps1 -Rollback   undoes it (by thumbprint)\n";
  out += "# Each certificate is trustready's catalog copy, used only when its SHA-256 is the catalog's.\n";
  for (const auto& c : parts.comments) out += "# " + c + "\n";
  return out;
}

constexpr const char* kPsPreamble = R"PS(param([switch]$Rollback)
$ErrorActionPreference = 'Stop'

# Writes the DER to NAME.cer in $work, refused unless its SHA-256 is the catalog's.
function Write-Cert([string]$Name, [string]$Sha256, [string]$Base64) {
  $path = Join-Path $work ($Name + '.cer')
  [IO.File]::WriteAllBytes($path, [Convert]::FromBase64String($Base64))
  $sum = (Get-FileHash -Algorithm SHA256 -LiteralPath $path).Hash.ToLowerInvariant()
  if ($sum -ne $Sha256) { throw "trustready: $Name.cer: SHA-256 $sum, not $Sha256 as trustready's catalog records: nothing was changed" }
}

# Runs a tool; a failure stops the script ($ErrorActionPreference does not see exit codes).
function Invoke-Tool([string[]]$Argv) {
  & $Argv[0] $Argv[1..($Argv.Count - 1)]
  if ($LASTEXITCODE -ne 0) { throw "trustready: $($Argv -join ' ') failed (exit $LASTEXITCODE)" }
}

# Runs a rollback tool; a failure (not there: an apply that stopped half-way) is said and the rest still runs.
$undoFailed = $false
function Undo-Tool([string[]]$Argv) {
  & $Argv[0] $Argv[1..($Argv.Count - 1)]
  if ($LASTEXITCODE -ne 0) { Write-Warning "trustready: $($Argv -join ' ') failed (exit $LASTEXITCODE)"; $script:undoFailed = $true }
}

$work = Join-Path ([IO.Path]::GetTempPath()) ('trustready-' + [Guid]::NewGuid())
New-Item -ItemType Directory -Path $work | Out-Null
Push-Location -LiteralPath $work
try {
)PS";

std::string ps_cert(const PlannedCert& c) {
  const std::string base64 = cert::base64_encode(der_of(c));
  std::string out = "  # " + one_line(c.name) + " (" + one_line(c.anchor_id) + ")\n  $der = @'\n";
  for (std::size_t i = 0; i < base64.size(); i += 64) out += base64.substr(i, 64) + "\n";
  const std::string file = platform_cert_file(c);
  return out + "'@\n  Write-Cert " + ps_quote(file.substr(0, file.size() - 4)) + " " + ps_quote(c.sha256.hex()) +
         " $der\n";
}

std::string ps_body(const ScriptParts& parts) {
  std::string out = "\n  if ($Rollback) {\n";
  for (auto it = parts.steps.rbegin(); it != parts.steps.rend(); ++it)
    for (const auto& u : (*it)->undo) out += "    " + ps_argv("Undo-Tool", u.argv) + "\n";
  out += "    if ($undoFailed) { throw 'trustready: some steps could not be undone (see above)' }\n";
  out += "    Write-Host " + ps_quote("trustready: rolled back: " + names_of(parts)) + "\n  } else {\n";
  out += "    # " + one_line(parts.steps.front()->why) + "\n";
  for (const auto* s : parts.steps) out += "    " + ps_argv("Invoke-Tool", s->command.argv) + "\n";
  out += "    Write-Host " + ps_quote("trustready: added " + names_of(parts)) + "\n  }\n";
  return out + "} finally {\n  Pop-Location\n  Remove-Item -LiteralPath $work -Recurse -Force\n}\n";
}

}  // namespace

std::string platform_cert_file(const PlannedCert& cert) { return cert.file_stem + ".cer"; }

std::string windows_thumbprint(const std::string& der) { return hex_upper(cert::sha1_of(der)); }

std::string macos_script(const Plan& plan) {
  const auto parts = parts_of(plan);
  std::string out = sh_header(plan, parts);
  if (parts.steps.empty()) return out + "echo 'trustready: nothing to change' >&2\n";
  out += kShPreamble;
  for (const auto* c : parts.certs) out += sh_cert(*c);
  return out + sh_body(parts);
}

std::string windows_script(const Plan& plan) {
  const auto parts = parts_of(plan);
  std::string out = ps_header(plan, parts);
  if (parts.steps.empty()) return out + "Write-Host 'trustready: nothing to change'\n";
  out += kPsPreamble;
  for (const auto* c : parts.certs) out += ps_cert(*c);
  return out + ps_body(parts);
}

std::string platform_script(const Plan& plan, PlatformKind kind) {
  return kind == PlatformKind::Windows ? windows_script(plan) : macos_script(plan);
}

}  // namespace trustready::install
