#!/usr/bin/env bash
# Runs one benchmark mode beside N busy shell loops, to see how the cluster behaves on a starved machine:
#   bench/stress-run.sh 3 memory 1000      (after dotnet build -c Release)
# Overload must slow the cluster down, never wedge it.
set -u
loops=$1; shift
pids=()
for _ in $(seq 1 "$loops"); do ( while :; do :; done ) & pids+=($!); done
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
timeout 900 dotnet "$(dirname "$0")/OrleansHa.Bench/bin/Release/net10.0/OrleansHa.Bench.dll" "$@"
