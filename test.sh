#!/usr/bin/env bash
# Sway's test command: sets up what it needs (the pinned Azurite via npm ci), builds everything that can be built
# here, checks formatting, runs every test against a real Azurite, and stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

for tool in dotnet node npm; do
  command -v "$tool" >/dev/null || { echo "test.sh: '$tool' is required (the .NET 10 SDK and Node 20)." >&2; exit 2; }
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Everything a test run starts (Azurite data folders included) lives under one temporary folder, removed at exit,
# together with any process still holding it.
run_tmp="$(mktemp -d "${TMPDIR:-/tmp}/sway-test.XXXXXX")"
cleanup() {
  pkill -f -- "$run_tmp" 2>/dev/null || true
  rm -rf -- "$run_tmp"
}
trap cleanup EXIT
export TMPDIR="$run_tmp"

echo "== Azurite (npm ci, pinned in package-lock.json)"
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "== Functions/"
if dotnet restore Functions/Sway.Functions.csproj >"$run_tmp/functions-restore.log" 2>&1; then
  dotnet build Functions/Sway.Functions.csproj --no-restore
elif grep -qE 'NU110[12]' "$run_tmp/functions-restore.log"; then
  echo "Functions/: not built here: its Azure Functions worker packages cannot be restored from this machine's NuGet source (see Functions/README.md); it is compile-checked where the public NuGet feed is reachable."
else
  cat "$run_tmp/functions-restore.log" >&2
  echo "test.sh: Functions/ failed to restore for a reason other than missing packages." >&2
  exit 1
fi

echo "== infra/: bicep lint (every rule an error) and build, offline, with the compiler from NuGet"
dotnet build infra/Sway.Infra.csproj

echo "== Build and format"
dotnet build Sway.slnx
dotnet format Sway.slnx --verify-no-changes --no-restore

echo "== Tests"
set +e
dotnet test Sway.slnx --no-build 2>&1 | tee "$run_tmp/test.log"
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E '(Passed|Failed)!' "$run_tmp/test.log" | tail -1 || true)
passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.*Failed: *([0-9]+).*/\1/p' <<<"$summary")
skipped=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$summary")
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
