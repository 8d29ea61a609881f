#!/usr/bin/env bash
# Whole-process wall time of one cold `./pagerace run` (a new JVM each time,
# the jar and its class-data archive already built), the actor engine and
# the pure one in turn, so that both see the same changes in load. Prints
# the median, best and worst of each, and the load average before and after.
# The figures behind docs/PERFORMANCE.md, "Start-up".
#
#   scripts/bench-startup.sh [ROUNDS] [RUN ARGS...]
#   (default: 7 rounds of: run scenarios/shmem-fallocate.kp --variant rfc-2026 --seed 7,
#    the README's first deadlock)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
shift || true
if [ $# -eq 0 ]; then set -- scenarios/shmem-fallocate.kp --variant rfc-2026 --seed 7; fi

# build the jar and train its archive first, outside the timings
./pagerace run "$@" >/dev/null 2>&1 || true

now() { date +%s.%N; }
once() { # prints the wall seconds of one run; its exit code (1 for a violation) is not a failure here
  local t0 t1
  t0=$(now)
  ./pagerace run "$@" >/dev/null 2>&1 || true
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

load0=$(cut -d' ' -f1 /proc/loadavg)
actors=() pure=()
for _ in $(seq "$rounds"); do
  actors+=("$(once "$@")")
  pure+=("$(once "$@" --engine pure)")
done
load1=$(cut -d' ' -f1 /proc/loadavg)

summary() { # name, times...
  local name=$1
  shift
  printf '%s\n' "$@" | sort -n | awk -v n="$name" '{ t[NR] = $1 } END {
    printf "| %s | %.2f | %.2f | %.2f |\n", n, t[int((NR + 1) / 2)], t[1], t[NR] }'
}
echo "cold ./pagerace run $*: $rounds rounds, load average $load0 before, $load1 after"
echo
echo "| engine | median s | best s | worst s |"
echo "| --- | ---: | ---: | ---: |"
summary actors "${actors[@]}"
summary pure "${pure[@]}"
