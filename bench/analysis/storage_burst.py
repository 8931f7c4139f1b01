#!/usr/bin/env python3
"""The storage requests the silos made right after each silo stop of a bench run, by store and operation.

Reads the metric lines every silo logs every 100 ms (cumulative counters per process) and, for each stop
("Application is shutting down") of the given cluster, sums over the silos the growth of each counter in the
window after it. Prints the mean per stop.

    python3 bench/analysis/storage_burst.py <cluster id> [window seconds, default 1.5]
"""
import glob
import re
import sys
from collections import Counter

LOGS = "/tmp/orleansha-tests/silo-*/silo.log"
COUNTER = re.compile(r"orleansha\.storage\.operations\{([^}]*)\}=(\d+)")


def seconds(stamp):
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def counters(line):
    values = Counter()
    for match in COUNTER.finditer(line):
        labels = dict(pair.split("=") for pair in match.group(1).split(","))
        values[(labels["store"], labels["operation"])] += int(match.group(2))
    return values


def main():
    cluster, window = sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 1.5
    paths = [p for p in glob.glob(LOGS) if cluster in open(p, errors="replace").read()]
    stops, series = [], {}
    for path in paths:
        samples = []
        for line in open(path, errors="replace"):
            if "Application is shutting down" in line:
                stops.append(seconds(line[:12]))
            if "Metrics:" in line:
                samples.append((seconds(line[:12]), counters(line)))
        series[path] = samples
    total = Counter()
    for stop in stops:
        for samples in series.values():
            before = [c for t, c in samples if t <= stop]
            after = [c for t, c in samples if stop < t <= stop + window]
            if after:
                base = before[-1] if before else Counter()
                for key, value in after[-1].items():
                    total[key] += max(0, value - base[key])
    for (store, operation), value in total.most_common():
        print(f"{store} {operation}: {value / max(1, len(stops)):.1f} per stop")


if __name__ == "__main__":
    main()
