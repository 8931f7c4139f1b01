#!/usr/bin/env python3
"""When the old leader let go and the new one took over, read from the silo logs of bench runs.

For each cluster (run) in /tmp/orleansha-tests, and each silo stop in it (SIGTERM: "Application is shutting
down"), prints the milliseconds from the stop to the old leader revoking its znode and to the next leader
winning its epoch, and their medians. Only stops followed by both within 3 s count (a kill -9 logs no stop).

    python3 bench/analysis/handover_timeline.py [cluster id]
"""
import glob
import re
import statistics
import sys
from collections import defaultdict

LOGS = "/tmp/orleansha-tests/silo-*/silo.log"


def seconds(stamp):
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def events_by_cluster():
    runs = defaultdict(list)
    for path in glob.glob(LOGS):
        cluster, events = None, []
        for line in open(path, errors="replace"):
            found = re.search(r"/orleansha/(e2e-[0-9a-f]+)/leader", line)
            cluster = found.group(1) if found else cluster
            if "Application is shutting down" in line:
                events.append((seconds(line[:12]), "stop"))
            elif "Revoked leader info" in line:
                events.append((seconds(line[:12]), "revoke"))
            elif "leads the cluster with epoch" in line:
                events.append((seconds(line[:12]), "lead"))
        if cluster:
            runs[cluster] += events
    return runs


def main():
    wanted = sys.argv[1] if len(sys.argv) > 1 else None
    for cluster, events in sorted(events_by_cluster().items()):
        if wanted and cluster != wanted:
            continue
        events.sort()
        rows = []
        for index, (stamp, kind) in enumerate(events):
            if kind != "stop":
                continue
            later = events[index + 1:]
            revoke = next((t for t, k in later if k == "revoke"), None)
            lead = next((t for t, k in later if k == "lead"), None)
            if revoke and lead and revoke - stamp < 3 and lead - stamp < 3:
                rows.append((round((revoke - stamp) * 1000), round((lead - stamp) * 1000)))
        if rows:
            print(f"{cluster}: {len(rows)} stops; revoked after median {statistics.median(r[0] for r in rows):.0f} ms, "
                  f"new leader after median {statistics.median(r[1] for r in rows):.0f} ms; (revoke, lead) per stop: {rows}")


if __name__ == "__main__":
    main()
