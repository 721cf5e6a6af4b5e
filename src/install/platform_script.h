// A plan for macOS or Windows said as a script to run there: `fix --platform` plans on
// Linux for a store exported on the other machine, and trustready does not run there.
// The script carries each certificate from the embedded catalog (it never downloads one),
// checks the SHA-256 of the DER file it writes against the catalog's before any tool
// reads it, runs the plan's commands, and with --rollback (-Rollback) their undo.
#pragma once

#include <string>

#include "install/plan.h"
#include "install/platform.h"

namespace trustready::install {

/// The DER file a platform script writes a certificate to, relative to the folder it
/// runs in: the name the macOS and Windows writers' commands are given.
std::string platform_cert_file(const PlannedCert& cert);

/// The SHA-1 of the certificate's DER in uppercase hex, as Windows shows a thumbprint:
/// what `certutil -delstore` is told to delete (a serial number may match another
/// certificate; the thumbprint matches only this one).
std::string windows_thumbprint(const std::string& der);

/// macOS: a /bin/sh script (`sudo sh fix.sh`, `sudo sh fix.sh --rollback`).
std::string macos_script(const Plan& plan);
/// Windows: a PowerShell script (`powershell -ExecutionPolicy Bypass -File fix.ps1 [-Rollback]`).
std::string windows_script(const Plan& plan);
/// The script for `kind` (MacOs or Windows).
std::string platform_script(const Plan& plan, PlatformKind kind);

}  // namespace trustready::install
