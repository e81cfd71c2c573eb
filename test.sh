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
if [ -f tests/e2e/package-lock.json ] && [ ! -d tests/e2e/node_modules ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

dotnet tool restore >/dev/null
dotnet build HubPlatform.sln -c Release -nologo -v q
dotnet test HubPlatform.sln -c Release --no-build -nologo "$@"
