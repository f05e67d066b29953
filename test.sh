#!/usr/bin/env bash
# Runs the whole test suite, installing what it needs first (Debian's Chromium for the browser journeys, redis-server
# for two servers side by side, Azurite for the Resource Health queue).
# Ends with the line "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Chromium from Debian's packages..."
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-liberation >/dev/null \
        || { echo "Could not install chromium"; echo "0 passed, 1 failed"; exit 1; }
fi

# A real Redis server for the tests that run two dashboard servers side by side.
if ! command -v redis-server >/dev/null 2>&1; then
    echo "Installing redis-server from Debian's packages..."
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null; } \
        || { echo "Could not install redis-server"; echo "0 passed, 1 failed"; exit 1; }
fi

# Azurite's queue service, for the Resource Health queue tests; a local copy, outside the repository's history.
if [ ! -f .tools/azurite/node_modules/azurite/dist/src/queue/main.js ]; then
    echo "Installing Azurite into .tools/azurite..."
    npm install --prefix .tools/azurite azurite@3.37.0 --no-audit --no-fund >/dev/null \
        || { echo "Could not install azurite"; echo "0 passed, 1 failed"; exit 1; }
fi

results="artifacts/test-results"
rm -rf "$results"
dotnet build Dashboard.sln -nologo -v quiet || { echo "Build failed"; echo "0 passed, 1 failed"; exit 1; }
dotnet test Dashboard.sln --no-build -nologo --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
    --results-directory "$results"
status=$?

# dotnet test's own summary is not the plain closing line CI reads; take the counts from the TRX file.
passed=0
failed=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
    f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
done
# Name each failed test and its first message lines at the end, where a truncated CI log still shows them.
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    python3 - "$trx" <<'PY' 2>/dev/null || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") != "Failed":
        continue
    message = r.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
    print("FAILED " + r.get("testName", "?"))
    for line in message.splitlines()[:6]:
        print("    " + line[:300])
PY
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi
echo "$passed passed, $failed failed"
exit "$status"
