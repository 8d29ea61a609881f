#!/usr/bin/env bash
# Campaign throughput on this machine: the embedded one-node cluster against
# three worker nodes on loopback (cluster-config/node1-3.conf, ports
# 2551-2553), same scenario, same runs. Prints each campaign's own runs/s
# (batches only: start-up, shrinking and reports excluded) and whole-process
# wall time. The figures behind docs/PERFORMANCE.md.
#
#   scripts/bench-cluster.sh [SCENARIO] [RUNS]     (default: scenarios/shmem-fallocate.kp 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/shmem-fallocate.kp}
runs=${2:-2000}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

rate() { sed -n 's/.*"runs_per_second" *: *\([0-9.]*\).*/\1/p' "$1/summary.json" | head -1; }

./pagerace --version >/dev/null # build the jar first, outside the timings
t0=$(date +%s.%N)
./pagerace campaign "$scenario" --runs "$runs" --out "$work/embedded" >/dev/null 2>"$work/embedded.err"
t1=$(date +%s.%N)

for n in 1 2 3; do
  ./pagerace node --config "cluster-config/node$n.conf" >"$work/node$n.log" 2>&1 &
  pids+=($!)
done
t2=$(date +%s.%N)
./pagerace campaign "$scenario" --runs "$runs" --cluster cluster-config/three-nodes.conf --out "$work/three" >/dev/null 2>"$work/three.err"
t3=$(date +%s.%N)

e=$(rate "$work/embedded"); t=$(rate "$work/three")
awk -v e="$e" -v t="$t" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v s="$scenario" -v r="$runs" 'BEGIN {
  we = t1 - t0; wt = t3 - t2
  printf "| cluster | runs/s (campaign) | wall s (process) |\n| --- | ---: | ---: |\n"
  printf "| embedded, one node | %s | %.1f |\n", e, we
  printf "| three loopback nodes | %s | %.1f (nodes started with it) |\n", t, wt
  printf "\nthree/embedded: %.2f (%s, %s runs per variant)\n", t / e, s, r
}'
