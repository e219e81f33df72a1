#!/usr/bin/env python3
"""Regenerate the large request log of sliding-window-top-talkers (deterministic).

Run from the challenge folder: python3 tests/gen.py
Writes tests/whole-day/requests.log: a day of about 14 000 requests to the secrets server
from ~40 clients — steady service clients (two of them at the same rate, so they keep
swapping places), a long tail, a batch job in the small hours, and a crash-looping pod that
re-authenticates twice a second for twenty minutes. It is judged with K = 3 and W = 3600:
recounting the window every second is ~50 million counting steps and 86 400 sorts, sliding it
is ~28 000 updates.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DAY = 86400


def main():
    rng = random.Random(20260301)
    events = []

    def poisson(client, rate, begin=0, end=DAY):
        t = begin + rng.expovariate(rate)
        while t < end:
            events.append((int(t), client))
            t += rng.expovariate(rate)

    poisson("10.20.0.15", 0.04)                            # the main web backend
    poisson("10.20.0.7", 0.028)                            # two workers at the same rate
    poisson("10.20.1.200", 0.028, 8 * 3600)                #   the second one deployed at 08:00
    poisson("10.20.3.9", 0.06, 1 * 3600, 5 * 3600)         # the nightly batch job
    for i in range(36):                                    # the long tail
        poisson(f"10.30.{i % 4}.{10 + i * 7 % 240}", rng.uniform(0.0005, 0.0025))
    poisson("10.42.7.19", 0.5, 14 * 3600 + 600, 14 * 3600 + 1800)   # the crash-looping pod
    events.sort()
    folder = os.path.join(HERE, "whole-day")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "requests.log"), "w") as f:
        for t, client in events:
            f.write(f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d} {client}\n")


if __name__ == "__main__":
    main()
