#!/usr/bin/env python3
"""Reference solution: collapse repeated alerts of ./alerts.log into bursts of W seconds."""
import sys


def usage():
    print("usage: dedupe_alerts W   (W: window in seconds, a positive integer)", file=sys.stderr)
    return 2


def main(argv):
    if len(argv) != 1 or not argv[0].isdigit() or int(argv[0]) == 0:
        return usage()
    window = int(argv[0])

    bursts = []             # [count, first line], in order of their first alert
    open_burst = {}         # fingerprint -> (start time, index in bursts) of its latest burst
    with open("alerts.log", encoding="utf-8", newline="\n") as f:
        for raw in f:
            line = raw.rstrip("\n")
            fields = line.split(None, 2)
            if not fields:
                continue                                    # blank line
            t, fingerprint = int(fields[0]), fields[1]
            latest = open_burst.get(fingerprint)
            if latest is not None and t - latest[0] < window:
                bursts[latest[1]][0] += 1
            else:
                open_burst[fingerprint] = (t, len(bursts))
                bursts.append([1, line])

    out = sys.stdout
    for count, line in bursts:
        out.write(f"{count} {line}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
