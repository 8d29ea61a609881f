#!/usr/bin/env bash
# Makes docs/report.png again: a small catalog campaign, its report.html, and
# a screenshot of the page in headless Chromium. Installs nothing: it says
# what is missing and stops.
#
#   scripts/report-screenshot.sh [RUNS]     (default 60 runs per variant)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
runs="${1:-60}"

browser=""
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [ -z "$browser" ]; then
  echo "report-screenshot: chromium is not installed; on Debian or Ubuntu: apt-get install -y chromium" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results"
# the report's tour: shmem-fallocate (deadlocks, swimlanes with the cycle) and
# the hole-punch sweep (punch latency vs faulters); fair judges starvation
./pagerace campaign scenarios/shmem-fallocate.kp scenarios/shmem-hole-punch.kp scenarios/gfs2-glock-mmap.kp \
  --runs "$runs" --strategy fair --sweep faulter=1,2,4 --out "$results" >"$work/campaign.log" 2>&1 || true
./pagerace report "$results"

profile="$(mktemp -d)"
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --screenshot="$here/docs/report.png" --window-size=1400,2400 "file://$results/report.html" 2>"$work/chromium.log" || {
    cat "$work/chromium.log" >&2; exit 1; }
rm -rf "$profile"
echo "report-screenshot: wrote docs/report.png from $results/report.html"
