#!/usr/bin/env python3
"""hpa.py - replay the Horizontal Pod Autoscaler over a metrics trace.

stdin: "min=.. max=.. target=.. window=.. replicas=..", then "<t> <utilisation %|->" lines.
stdout: "<t> <replicas> <up|down|same|no-metrics>" per tick.
"""
import sys

lines = [line.split() for line in sys.stdin.read().splitlines() if line.strip()]
config = dict(word.split("=", 1) for word in lines[0])
current = int(config["replicas"])

for t, metric in lines[1:]:
    # TODO: tolerance band, ceil(current * metric / target), min/max, stabilisation window
    print(t, current, "same")
