# Sourced by scripts/setup, scripts/test and scripts/fuzz: installs the Debian packages
# among the arguments that are not installed yet (with sudo when not root), nothing else.
#   install_missing NAME PACKAGE...   NAME prefixes the progress line ("setup: installing ...")
install_missing() {
  local name="$1"
  shift
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "$name: installing ${missing[*]}" >&2
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
