#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need when it is missing, then runs `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 2
fi

# npm packages for the end-to-end tests (pinned by tests/e2e/package-lock.json)
# (again when a package the lock names is missing, as after a pull that added one)
missing_npm() {
  node -e 'const d = require("./package.json").dependencies; process.exit(Object.keys(d).every(p => require("fs").existsSync("node_modules/" + p)) ? 1 : 0)'
}
if [ -f tests/e2e/package-lock.json ] && { [ ! -d tests/e2e/node_modules ] || (cd tests/e2e && missing_npm); }; then
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

# Debian packages, installed with apt (through sudo when not root): $1 the package, $2 what for.
apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
  echo "test.sh: installing Debian's $1 $2"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$1" >/dev/null
}

# A C toolchain to link hub-probe with Native AOT (NativeProbeTests publishes it so): clang, else gcc
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1; then
  apt_install gcc "to link hub-probe with Native AOT"
fi

# Debian's Chromium for the browser tests of the web pages (driven by playwright-core from tests/e2e, which downloads no
# browser of its own)
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium "for the browser tests"
fi

# The real-world fixtures are read in place, never copied in: from HUBPLATFORM_CORPUS, else shared/fixtures beside this
# checkout or a folder above it (the tests look there themselves), else, for a clone made elsewhere (say under mktemp),
# shared/fixtures beside the repository it was cloned from.
fixtures_above() {
  local dir=$1
  while [ "$dir" != "/" ]; do
    if [ -f "$dir/shared/fixtures/MANIFEST.tsv" ]; then
      echo "$dir/shared/fixtures"
      return 0
    fi
    dir=$(dirname "$dir")
  done
  return 1
}
if [ -z "${HUBPLATFORM_CORPUS:-}" ] && ! fixtures_above "$PWD" >/dev/null \
  && origin=$(git remote get-url origin 2>/dev/null) && [ -d "$origin" ] && found=$(fixtures_above "$(cd "$origin" && pwd)"); then
  export HUBPLATFORM_CORPUS="$found"
  echo "test.sh: fixtures corpus at $found (beside the repository this clone came from)"
fi

dotnet tool restore >/dev/null
dotnet build HubPlatform.sln -c Release -nologo -v q
dotnet test HubPlatform.sln -c Release --no-build -nologo "$@"
