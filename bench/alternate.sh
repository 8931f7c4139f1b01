#!/usr/bin/env bash
# Runs one benchmark mode alternately in two built checkouts, so that a change is compared with its base
# under the same drift of the machine (one build alone spreads by about 1.5x between runs):
#   bench/alternate.sh /work/main /work/change 6 checkpoints 100
# Each checkout needs `dotnet build -c Release` and Azurite in .tools (a worktree can link the main one's:
# ln -s /work/main/.tools .tools). Runs take the benchmark lock that the test scripts share. TAIL_LINES
# (default 3) is how many of the last lines of each run to show.
set -u
first=$1; second=$2; rounds=$3; shift 3
for round in $(seq 1 "$rounds"); do
  for tree in "$first" "$second"; do
    echo "=== $tree round $round $(date +%T)"
    (cd "$tree" && flock /tmp/orleansha-bench.lock timeout 900 \
      dotnet bench/OrleansHa.Bench/bin/Release/net10.0/OrleansHa.Bench.dll "$@" 2>&1 | grep -a -v '^\s*$' | tail -"${TAIL_LINES:-3}")
  done
done
