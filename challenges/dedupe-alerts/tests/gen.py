#!/usr/bin/env python3
"""Regenerate the large alert stream of dedupe-alerts (deterministic).

Run from the challenge folder: python3 tests/gen.py
Writes tests/night-of-alerts/alerts.log: a night of a flapping fleet, about 14 000 alerts,
half of them starting a new burst at W = 300, so the expected output stays under 200 KB while
a solution that searches a list of every burst for every alert does ~50 million comparisons.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
START = 1767222000            # 2025-12-31T23:00:00Z
SPAN = 4 * 3600
TARGET = 15500


def main():
    rng = random.Random(31122025)
    fingerprints = set()
    while len(fingerprints) < 3000:
        fingerprints.add("%06x" % rng.getrandbits(24))
    fingerprints = sorted(fingerprints)
    events = []
    for fp in fingerprints:
        kind = rng.random()
        begin = rng.randrange(SPAN)
        if kind < 0.08:           # a flapper: every few seconds for a while
            period, length = rng.randint(5, 40), rng.randint(120, 1500)
        elif kind < 0.85:         # a slow repeater: each alert is a burst of its own
            period, length = rng.randint(301, 1500), rng.randint(600, SPAN)
        else:                     # a short blip: one burst of a few alerts
            period, length = rng.randint(1, 90), rng.randint(0, 240)
        t = begin
        while t <= begin + length and t < SPAN:
            events.append((START + t, fp))
            t += period + rng.randint(0, period // 4)
    rng.shuffle(events)
    events = sorted(events[:TARGET])            # stable by (time, fingerprint)
    folder = os.path.join(HERE, "night-of-alerts")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "alerts.log"), "w") as f:
        for t, fp in events:
            f.write(f"{t} {fp}\n")


if __name__ == "__main__":
    main()
