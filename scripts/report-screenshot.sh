#!/usr/bin/env bash
# Makes docs/report.png again: a small catalog campaign, its report.html, and
# a screenshot of the page in headless Chromium. Installs nothing: it says
# what is missing and stops.
#
#   scripts/report-screenshot.sh [RUNS] [RESULTS_DIR]
#
# RUNS per variant and sweep point (default 40). With RESULTS_DIR, the
# campaign's results are kept there, and a RESULTS_DIR that already holds a
# finished campaign is only reported and screenshot again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
runs="${1:-40}"

browser=""
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
done
if [ -z "$browser" ]; then
  echo "report-screenshot: chromium is not installed; on Debian or Ubuntu: apt-get install -y chromium" >&2
  exit 2
fi

work="$(mktemp -d)"
profile="$(mktemp -d)"
trap 'rm -rf "$work" "$profile"' EXIT
results="${2:-$work/results}"
if [ ! -f "$results/summary.json" ]; then
  # the report's tour: the hole-punch sweep (punch latency vs faulters, Trinity's
  # starvation) first, then deadlocks with their cycles; fair judges starvation
  rc=0
  ./pagerace campaign scenarios/shmem-hole-punch.kp scenarios/gfs2-glock-mmap.kp scenarios/shmem-fallocate.kp \
    --runs "$runs" --strategy fair --sweep faulter=1,2,4 --out "$results" >"$work/campaign.log" 2>&1 || rc=$?
  # 1 only says an expectation was not met in so few runs; 2 and 3 mean no results
  if [ "$rc" -gt 1 ]; then tail -20 "$work/campaign.log" >&2; exit "$rc"; fi
fi
./pagerace report "$results"

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
  --screenshot="$here/docs/report.png" --window-size=1400,2400 "file://$(cd "$results" && pwd)/report.html" >"$work/chromium.log" 2>&1 || {
    cat "$work/chromium.log" >&2; exit 1; }
echo "report-screenshot: wrote docs/report.png from $results/report.html"
